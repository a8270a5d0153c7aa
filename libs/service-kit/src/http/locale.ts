import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultLocale, negotiateLocale, type Locale } from '@onedoor/notices';

const storage = new AsyncLocalStorage<Locale>();

/** The locale of a request's `Accept-Language` header (zh-CN unless it prefers English; `ONEDOOR_DEFAULT_LOCALE`). */
export const localeOfRequest = (req: { headers?: Record<string, unknown> } | undefined): Locale =>
  negotiateLocale(req?.headers?.['accept-language'], defaultLocale());

/** The locale of the request in progress (set by localeContext), else the process default. */
export const currentLocale = (): Locale => storage.getStore() ?? defaultLocale();

/**
 * Express middleware: negotiates the request's locale once and keeps it for everything the request
 * does (GraphQL error formatting has no request at hand); GraphQL answers carry `Content-Language`.
 */
export function localeContext(req: { headers: Record<string, unknown>; path?: string }, res: { setHeader(n: string, v: string): unknown }, next: () => void): void {
  const locale = localeOfRequest(req);
  if (req.path === '/graphql') res.setHeader('Content-Language', locale);
  storage.run(locale, next);
}
