import { defaultLocale, negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN,zh;q=0.9', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr, en;q=0.5', 'en'],
    ['en;q=0.2, zh;q=0.8', 'zh-CN'],
    ['*', 'zh-CN'],
    ['fr', 'zh-CN'],
    ['garbage;;;q=x', 'zh-CN'],
    [['en', 'zh'], 'en'],
  ])('%j → %s', (header, locale) => expect(negotiateLocale(header)).toBe(locale));

  it('falls back to the given default for `*` and unknown languages, and reads a 10 kB header without failing', () => {
    expect(negotiateLocale('*', 'en')).toBe('en');
    expect(negotiateLocale('x'.repeat(10_240), 'en')).toBe('en');
    expect(negotiateLocale(`en,${'x;q=0.1,'.repeat(2_000)}`)).toBe('en');
  });

  it('takes the process default from ONEDOOR_DEFAULT_LOCALE, zh-CN otherwise', () => {
    expect(defaultLocale({})).toBe('zh-CN');
    expect(defaultLocale({ ONEDOOR_DEFAULT_LOCALE: 'en' })).toBe('en');
    expect(defaultLocale({ ONEDOOR_DEFAULT_LOCALE: 'fr' })).toBe('zh-CN');
  });
});
