import type { Locale } from './locale';
import { localiseRecorded } from './recorded-text';

/**
 * A problem document (RFC 9457) with its `title`, `detail` and each `errors[].message` in `locale`,
 * recognised by the English templates of the catalogue (`problem.title.*`, `problem.detail.*`); a
 * text no template produced stays as it is. `type`, `status`, `errors[].field`, `rule` and every
 * other member are unchanged. Pure: returns a new object.
 */
export function localiseProblem<P extends { title?: unknown; detail?: unknown; errors?: unknown }>(problem: P, locale: Locale): P {
  if (locale === 'en') return problem;
  const out = { ...problem };
  if (typeof problem.title === 'string') out.title = localiseRecorded(problem.title, locale, 'problem.title').text;
  if (typeof problem.detail === 'string') out.detail = localiseRecorded(problem.detail, locale, 'problem.detail').text;
  if (Array.isArray(problem.errors)) {
    out.errors = problem.errors.map((e: unknown) =>
      e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'
        ? { ...e, message: localiseRecorded((e as { message: string }).message, locale, 'problem.detail').text }
        : e,
    ) as P['errors'];
  }
  return out;
}

/** A message of an error (GraphQL `message`) in `locale`, recognised as a problem detail; as it is otherwise. */
export function localiseProblemText(text: string, locale: Locale): string {
  return localiseRecorded(text, locale, 'problem.detail').text;
}
