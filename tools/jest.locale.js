// The tests read problem details in English: the harness answers in English unless a request asks
// for Chinese (Accept-Language) or a test sets ONEDOOR_DEFAULT_LOCALE itself. Production leaves
// the default, zh-CN.
process.env.ONEDOOR_DEFAULT_LOCALE ??= 'en';
