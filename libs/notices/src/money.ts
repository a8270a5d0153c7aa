import type { Locale } from './locale';
import { formatMessage } from './messages';

const formats = new Map<Locale, Intl.NumberFormat>();

/**
 * An amount of integer fen as yuan with two decimals, grouped as `locale` groups digits:
 * 240000 → "2,400.00". Exact for every safe integer (the decimal is formatted from text, not from
 * a binary fraction).
 * @throws RangeError when `fen` is not a safe integer.
 */
export function yuanFigure(fen: number, locale: Locale): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount must be a whole number of fen, got ${fen}`);
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(locale, format);
  }
  const abs = Math.abs(fen);
  const decimal = `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return format.format(decimal as unknown as number);
}

/** An amount of fen as a notice writes it: "2,400.00 元" (zh-CN), "2,400.00 yuan" (en). */
export function yuanText(fen: number, locale: Locale): string {
  return formatMessage(locale, 'notice.amount', { amount: yuanFigure(fen, locale) });
}
