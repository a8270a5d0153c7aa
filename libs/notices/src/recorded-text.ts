import { KNOWN_VALUES, MESSAGE_IDS, TERMS, VERBATIM_PARAMS, type MessageId } from './catalogue';
import type { Locale } from './locale';
import { formatMessage, messageFormat, type MessageParams } from './messages';

/** The kinds of recorded English text recognised: reasons of decisions, and problem titles and details. */
export type TextGroup = 'reason' | 'problem.title' | 'problem.detail';

/** What a recorded English text was made of: the message whose template produced it, and its parameters. */
export interface RecognisedText {
  id: MessageId;
  params: Record<string, string>;
}

// intl-messageformat's AST element types (@formatjs/icu-messageformat-parser TYPE).
const LITERAL = 0;
const ARGUMENT = 1;
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;
const POUND = 7;

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };
type Capture = { name: string; select?: string; plural?: true; exact?: string; wrapper?: true };
interface Matcher {
  id: MessageId;
  pattern: RegExp;
  captures: Capture[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An anchored regular expression matching what the English template can produce, with one group per capture. */
function compile(elements: Element[], captures: Capture[], plural?: string): string {
  return elements
    .map((el) => {
      if (el.type === LITERAL) return escape(el.value ?? '');
      if (el.type === ARGUMENT || el.type === NUMBER) {
        captures.push({ name: el.value! });
        return '(.+?)';
      }
      if (el.type === POUND && plural) {
        captures.push({ name: plural, plural: true });
        return '(\\d+)';
      }
      if (el.type === SELECT || el.type === PLURAL) {
        const alternatives = Object.entries(el.options ?? {}).map(([key, option]) => {
          const exact = /^=\d+$/.test(key) ? key.slice(1) : undefined;
          captures.push({ name: el.value!, ...(el.type === SELECT ? { select: key } : exact ? { plural: true, exact } : { plural: true, wrapper: true }) });
          return `(${compile(option.value, captures, el.type === PLURAL ? el.value : undefined)})`;
        });
        return `(?:${alternatives.join('|')})`;
      }
      return escape(el.value ?? '');
    })
    .join('');
}

const matchers = new Map<TextGroup | 'phrase', Matcher[]>();

function matchersOf(group: TextGroup | 'phrase'): Matcher[] {
  let list = matchers.get(group);
  if (!list) {
    list = MESSAGE_IDS.filter((id) => id.startsWith(`${group}.`)).map((id) => {
      const captures: Capture[] = [];
      const source = compile(messageFormat('en', id).getAst() as Element[], captures);
      return { id, pattern: new RegExp(`^${source}$`, 's'), captures };
    });
    matchers.set(group, list);
  }
  return list;
}

/**
 * Which English template of `group` produced `text`, and with which parameters; undefined when
 * none did (an officer's own words, a text from a newer service). The first template in catalogue
 * order that matches the whole text wins.
 */
export function recogniseText(text: string, group: TextGroup | 'phrase'): RecognisedText | undefined {
  for (const m of matchersOf(group)) {
    const found = m.pattern.exec(text);
    if (!found) continue;
    const params: Record<string, string> = {};
    m.captures.forEach((c, i) => {
      const value = found[i + 1];
      if (value === undefined || c.wrapper || c.name in params) return;
      params[c.name] = c.select ?? c.exact ?? value;
    });
    if (Object.entries(params).some(([name, value]) => KNOWN_VALUES[name] && !KNOWN_VALUES[name].has(value))) continue;
    return { id: m.id, params };
  }
  return undefined;
}

/** Two English words in a row: text a translation left in English. */
export const hasEnglishPhrase = (text: string) => /[a-z]{3,}[ ,][a-z]{3,}/.test(text);

/**
 * A parameter as `locale` writes it: a known term (`fire` → 火灾), a phrase template
 * (`aged 12 (under 16)` → `12 岁（未满 16 岁）`), or a list of them (`; ` or `, ` separated); numbers,
 * dates, rule ids and references are none of these and stay as they are.
 */
export function localiseFragment(value: string, locale: Locale): string {
  if (locale === 'en') return value;
  const terms = TERMS[locale];
  if (value in terms) return terms[value];
  // A list of phrases first: a phrase's last parameter could otherwise swallow the phrases after it.
  const list = (separator: string, joiner: string) => {
    const parts = value.split(separator);
    const localised = parts.map((p) => localiseFragment(p, locale));
    return localised.some((p, i) => p !== parts[i]) ? localised.join(joiner) : undefined;
  };
  const semicolons = value.includes('; ') ? list('; ', '；') : undefined;
  if (semicolons) return semicolons;
  // Otherwise a phrase, or a list partly of them; when one reading leaves English behind (a phrase's
  // last parameter swallowed the items after it), the other is taken.
  // A list whose every item is a term or a phrase comes first (`aged 16 to under 60, registered unemployed`).
  const items = value.includes(', ') ? value.split(', ') : [];
  const localisedItems = items.map((p) => localiseFragment(p, locale));
  if (items.length && localisedItems.every((p, i) => p !== items[i])) return localisedItems.join('、');
  const phrase = recogniseText(value, 'phrase');
  const phraseParams = phrase ? localiseParams(phrase.id, phrase.params, locale) : undefined;
  // `a or b` of values no locale translates (units, names of fields, enumerated values) stays as it is, not half translated.
  const untouched = phrase?.id === 'phrase.either' && Object.entries(phrase.params).every(([k, v]) => phraseParams?.[k] === v);
  const asPhrase = phrase && phraseParams && !untouched ? formatMessage(locale, phrase.id, phraseParams) : undefined;
  if (asPhrase && !hasEnglishPhrase(asPhrase)) return asPhrase;
  const asList = items.length ? list(', ', '、') : undefined;
  if (asList && !hasEnglishPhrase(asList)) return asList;
  return asPhrase ?? asList ?? value;
}

/** select and plural parameters keep their keys (the message chooses its words), VERBATIM_PARAMS their values; the others are localised. */
function localiseParams(id: MessageId, params: Record<string, string>, locale: Locale): MessageParams {
  const choices = new Set(matchersOf(groupOf(id)).find((m) => m.id === id)?.captures.filter((c) => c.select || c.plural).map((c) => c.name));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, choices.has(k) || VERBATIM_PARAMS.has(k) ? v : localiseFragment(v, locale)]));
}

const groupOf = (id: MessageId): TextGroup | 'phrase' =>
  id.startsWith('problem.title.') ? 'problem.title' : id.startsWith('problem.detail.') ? 'problem.detail' : id.startsWith('phrase.') ? 'phrase' : 'reason';

/** A recorded text in `locale`: `text` translated by its template, or `text` itself when no template of `group` produced it. */
export function localiseRecorded(text: string, locale: Locale, group: TextGroup): { text: string; messageId: MessageId | null } {
  const found = recogniseText(text, group);
  if (!found) return { text, messageId: null };
  if (locale === 'en') return { text, messageId: found.id };
  return { text: formatMessage(locale, found.id, localiseParams(found.id, found.params, locale)), messageId: found.id };
}
