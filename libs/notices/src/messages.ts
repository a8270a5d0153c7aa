import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUE, type MessageId } from './catalogue';
import type { Locale } from './locale';

export type MessageParams = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

/** The compiled ICU message `id` of `locale` (compiled once, then cached). */
export function messageFormat(locale: Locale, id: MessageId): IntlMessageFormat {
  const key = `${locale}\u0000${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUE[locale][id], locale, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return format;
}

/**
 * The text of message `id` in `locale` with `params` (ICU MessageFormat: `{name}`, `select`,
 * `plural`). Numbers given as strings are written as they are (ids, amounts already formatted).
 * @throws Error when a parameter the message names is missing.
 */
export function formatMessage(locale: Locale, id: MessageId, params: MessageParams = {}): string {
  return String(messageFormat(locale, id).format(params));
}
