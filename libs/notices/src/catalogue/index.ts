import type { Locale } from '../locale';
import { EN, type MessageId } from './en';
import { ZH_CN, ZH_CN_TERMS } from './zh-CN';

export type { MessageId } from './en';

/** Every message of every locale, by id: the one catalogue. */
export const CATALOGUE: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = { 'zh-CN': ZH_CN, en: EN };

/** The English words reasons quote, as each locale writes them (English: as recorded). */
export const TERMS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { 'zh-CN': ZH_CN_TERMS, en: {} };

export const MESSAGE_IDS = Object.keys(EN) as MessageId[];
