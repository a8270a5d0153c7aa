import type { Locale } from './locale';
import { hasEnglishPhrase, localiseRecorded } from './recorded-text';

/** What keeps a recorded reason from being written fully in a locale. */
export interface UnwrittenReason {
  recorded: string;
  problem: 'no template' | 'numbers differ' | 'English left';
  written: string;
}

const numbersOf = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).sort().join(' ');

/**
 * The recorded reasons that `locale` would not write fully: those no template produced, those
 * whose written text lost or changed a number (numbers may change order, never value), and those
 * that keep an English phrase (two English words in a row). Empty when every reason is written.
 */
export function unwrittenReasons(reasons: readonly string[], locale: Locale = 'zh-CN'): UnwrittenReason[] {
  return [...new Set(reasons)].flatMap((recorded): UnwrittenReason[] => {
    const { text, messageId } = localiseRecorded(recorded, locale, 'reason');
    if (!messageId) return [{ recorded, problem: 'no template', written: text }];
    if (numbersOf(text) !== numbersOf(recorded)) return [{ recorded, problem: 'numbers differ', written: text }];
    if (locale !== 'en' && hasEnglishPhrase(text)) return [{ recorded, problem: 'English left', written: text }];
    return [];
  });
}
