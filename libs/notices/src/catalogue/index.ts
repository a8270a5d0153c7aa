import { PARTNER_PROGRAMMES, RULE_PROGRAMMES } from '@onedoor/policy';
import type { Locale } from '../locale';
import { EN, type MessageId as CatalogueMessageId } from './en';
import { PROBLEM_TEXTS_EN, PROBLEM_TEXTS_ZH_CN, type ProblemTextId } from './problem-texts';
import { ZH_CN, ZH_CN_TERMS } from './zh-CN';

/** The id of every message: the catalogue's, then the problem texts raised in English (problem-texts.ts). */
export type MessageId = CatalogueMessageId | ProblemTextId;

/** Every message of every locale, by id: the one catalogue (the problem texts after the catalogue's own, which match first). */
export const CATALOGUE: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = {
  'zh-CN': { ...ZH_CN, ...PROBLEM_TEXTS_ZH_CN },
  en: { ...EN, ...PROBLEM_TEXTS_EN },
};

/** The programmes of the default catalogues, whose names reasons quote (each programme names itself in both languages). */
const PROGRAMMES = [...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES];

/** The English words reasons quote, as each locale writes them (English: as recorded). */
export const TERMS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  'zh-CN': { ...ZH_CN_TERMS, ...Object.fromEntries(PROGRAMMES.map((p) => [p.name.en, p.name.zh])) },
  en: {},
};

/**
 * Parameters whose value must be one of a known set for a template to count as a match: a reason
 * `X: …` is a programme's only when X is a programme's name.
 */
export const KNOWN_VALUES: Readonly<Record<string, ReadonlySet<string>>> = { programme: new Set(PROGRAMMES.map((p) => p.name.en)) };

/** A programme of the default catalogues by its name in `locale`; undefined for a programme they do not hold. */
export const programmeNameOf = (programmeId: string, locale: Locale): string | undefined => {
  const name = PROGRAMMES.find((p) => p.id === programmeId)?.name;
  return name ? (locale === 'en' ? name.en : name.zh) : undefined;
};

/**
 * Parameters kept as recorded in every locale: field paths, the values a field allows or was
 * given, statuses, references and ids — what a client reads back and must find as it sent it.
 */
export const VERBATIM_PARAMS: ReadonlySet<string> = new Set(['field', 'allowed', 'got', 'expected', 'statuses', 'reference', 'programmeId', 'range', 'bound', 'rule', 'programmes', 'status', 'parserMessage', 'technical', 'claim', 'alg']);

export const MESSAGE_IDS = Object.keys(CATALOGUE.en) as MessageId[];
