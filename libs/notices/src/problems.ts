import type { Locale } from './locale';
import { localiseRecorded } from './recorded-text';

/**
 * A problem document (RFC 9457) with its `title` and `detail` in `locale`, recognised by the
 * English templates of the catalogue (`problem.title.*`, `problem.detail.*`); a text no template
 * produced stays as it is. `type`, `status`, `errors`, `rule` and every other member are unchanged.
 * Pure: returns a new object.
 */
export function localiseProblem<P extends { title?: unknown; detail?: unknown }>(problem: P, locale: Locale): P {
  if (locale === 'en') return problem;
  const out = { ...problem };
  if (typeof problem.title === 'string') out.title = localiseRecorded(problem.title, locale, 'problem.title').text;
  if (typeof problem.detail === 'string') out.detail = localiseRecorded(problem.detail, locale, 'problem.detail').text;
  return out;
}

/** A message of an error (GraphQL `message`) in `locale`, recognised as a problem detail; as it is otherwise. */
export function localiseProblemText(text: string, locale: Locale): string {
  return localiseRecorded(text, locale, 'problem.detail').text;
}
