import Negotiator from 'negotiator';

/** The languages OneDoor writes in: Chinese for applicants and caseworkers, English on request. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language of every notice and problem unless the request prefers another. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Longest Accept-Language value read; the rest of a longer header is ignored. */
const MAX_HEADER_LENGTH = 1024;

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The locale to answer in, from an `Accept-Language` header (RFC 9110 §12.5.4, negotiated by
 * `negotiator`): `en`, `en-US`… → `en`; `zh`, `zh-CN`, `zh-Hans`… → `zh-CN`; the highest q wins,
 * `*`, an absent, empty, malformed or unmatched header → `fallback`. Never throws; only the first
 * 1,024 characters of a header are read.
 */
export function negotiateLocale(acceptLanguage: unknown, fallback: Locale = DEFAULT_LOCALE): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (typeof header !== 'string' || !header.trim()) return fallback;
  const value = header.slice(0, MAX_HEADER_LENGTH);
  // negotiator matches a range's prefix (`en` matches `en-US`), so offer the primary tags and map back.
  const preferred = new Negotiator({ headers: { 'accept-language': value } }).languages(['zh', 'en']);
  // `*` alone leaves the choice to us: only a language the header names is taken.
  const chosen = preferred.find((tag) => explicitlyAsked(value, tag));
  if (!chosen) return fallback;
  return chosen === 'en' ? 'en' : 'zh-CN';
}

/** Whether the header names the language itself (not only through `*`, which leaves the choice to us). */
function explicitlyAsked(header: string, primary: string): boolean {
  return header
    .split(',')
    .map((part) => part.split(';')[0].trim().toLowerCase())
    .some((tag) => tag === primary || tag.startsWith(`${primary}-`));
}

/**
 * The default locale of a process: `ONEDOOR_DEFAULT_LOCALE` (`zh-CN` or `en`), else zh-CN.
 * A value that is neither is refused at start by the configuration schema.
 */
export function defaultLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const value = env.ONEDOOR_DEFAULT_LOCALE?.trim();
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
