import { yuanFigure, yuanText } from './money';

describe('yuan from fen', () => {
  it.each([
    [240000, '2,400.00'],
    [2220000, '22,200.00'],
    [5, '0.05'],
    [1005, '10.05'],
    [-12345, '-123.45'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%i fen → %s', (fen, text) => {
    expect(yuanFigure(fen, 'en')).toBe(text);
    expect(yuanFigure(fen, 'zh-CN')).toBe(text);
  });

  it('writes the unit in the notice language and refuses fractions of a fen', () => {
    expect(yuanText(80000, 'zh-CN')).toBe('800.00 元');
    expect(yuanText(80000, 'en')).toBe('800.00 yuan');
    expect(() => yuanFigure(1.5, 'en')).toThrow(RangeError);
  });
});
