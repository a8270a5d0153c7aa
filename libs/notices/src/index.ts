export { CATALOGUE, MESSAGE_IDS, TERMS, type MessageId } from './catalogue';
export { DEFAULT_LOCALE, LOCALES, defaultLocale, isLocale, negotiateLocale, type Locale } from './locale';
export { formatMessage, type MessageParams } from './messages';
export { yuanFigure, yuanText } from './money';
export { noticesOf, type Notice, type NoticeKind, type NoticeReason, type RecordedEvent } from './notices';
export { localiseProblem, localiseProblemText } from './problems';
export { localiseFragment, localiseRecorded, recogniseText, type RecognisedText, type TextGroup } from './recorded-text';
export { unwrittenReasons, type UnwrittenReason } from './coverage';
