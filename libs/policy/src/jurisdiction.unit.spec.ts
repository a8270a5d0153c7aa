import { ancestorsOf, InvalidDivisionCode, isWithin, levelOf, parentOf } from './jurisdiction';

describe('division codes', () => {
  it('knows the level of a code', () => {
    expect(levelOf('320000')).toBe('province');
    expect(levelOf('371600')).toBe('city');
    expect(levelOf('321323')).toBe('county');
    expect(levelOf('321323100')).toBe('township');
    expect(levelOf('321323100201')).toBe('village');
    expect(() => levelOf('3213')).toThrow(InvalidDivisionCode);
    expect(() => levelOf('32132310020X')).toThrow(/not an administrative division code/);
  });

  it('lists ancestors self first up to the province, each once', () => {
    expect(ancestorsOf('321323100201')).toEqual(['321323100201', '321323100', '321323', '321300', '320000']);
    expect(ancestorsOf('371602')).toEqual(['371602', '371600', '370000']);
    expect(ancestorsOf('371600')).toEqual(['371600', '370000']);
    expect(ancestorsOf('370000')).toEqual(['370000']);
  });

  it('escalates to the level above, a province to itself', () => {
    expect(parentOf('321323100')).toBe('321323');
    expect(parentOf('321323')).toBe('321300');
    expect(parentOf('320000')).toBe('320000');
  });

  it('tells whether a code lies in a subtree by its significant prefix', () => {
    expect(isWithin('321323100201', '321323')).toBe(true);
    expect(isWithin('321323100201', '321323100')).toBe(true);
    expect(isWithin('321323100201', '320000')).toBe(true);
    expect(isWithin('371602001', '371600')).toBe(true);
    expect(isWithin('321323', '321323')).toBe(true);
    expect(isWithin('321324100', '321323')).toBe(false);
    expect(isWithin('321323', '321323100')).toBe(false); // a county is not within its township
    expect(isWithin('371602', '320000')).toBe(false);
  });
});
