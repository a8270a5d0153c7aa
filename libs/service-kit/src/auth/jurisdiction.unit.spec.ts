import { divisionLevel, isDivisionCode, isWithinJurisdiction, significantPrefix } from './jurisdiction';

const SIYANG = '321323'; // Siyang county, Suqian city 321300, Jiangsu province 320000

describe('division codes as jurisdictions (policy-rules §1)', () => {
  it.each([
    ['320000', 'province'],
    ['321300', 'city'],
    ['371600', 'city'],
    [SIYANG, 'county'],
    ['321323100', 'township'],
    ['321323100201', 'village'],
    ['000000', 'nation'],
  ])('%s is a %s', (code, level) => {
    expect(divisionLevel(code)).toBe(level);
    expect(isDivisionCode(code)).toBe(true);
  });

  it.each(['32', '3', '3213', '3213230', '32132310', '3213231002010', '', ' 321323', '321323 ', '32132a', '021323', '0', '000000000', '３２１３２３', 321323, null, undefined, ['321323']])(
    'refuses %j as malformed',
    (code) => {
      expect(divisionLevel(code)).toBeUndefined();
      expect(isDivisionCode(code)).toBe(false);
    },
  );

  it('gives each level the prefix of its subtree', () => {
    expect(significantPrefix('320000')).toBe('32');
    expect(significantPrefix('321300')).toBe('3213');
    expect(significantPrefix(SIYANG)).toBe(SIYANG);
    expect(significantPrefix('321323100')).toBe('321323100');
    expect(significantPrefix('000000')).toBe('');
  });

  it('lets a province, city, county and the code itself cover Siyang and its villages', () => {
    for (const root of ['320000', '321300', SIYANG]) {
      expect(isWithinJurisdiction(SIYANG, root)).toBe(true);
      expect(isWithinJurisdiction('321323100201', root)).toBe(true);
    }
    expect(isWithinJurisdiction('321323100', '321323100')).toBe(true);
    expect(isWithinJurisdiction(SIYANG, '000000')).toBe(true);
  });

  it('keeps other subtrees apart', () => {
    expect(isWithinJurisdiction('371602', SIYANG)).toBe(false);
    expect(isWithinJurisdiction(SIYANG, '371600')).toBe(false);
    expect(isWithinJurisdiction(SIYANG, '370000')).toBe(false);
    expect(isWithinJurisdiction(SIYANG, '321323100')).toBe(false); // a township does not see its county
    expect(isWithinJurisdiction('321323200', '321323100')).toBe(false);
    expect(isWithinJurisdiction('000000', SIYANG)).toBe(false);
  });

  it.each(['32', '3', '3213', '3213230', '', '32132'])('a malformed root %j covers nothing, not even Siyang', (root) => {
    expect(isWithinJurisdiction(SIYANG, root)).toBe(false);
    expect(isWithinJurisdiction('321323100201', root)).toBe(false);
  });

  it('a malformed code lies within nothing', () => {
    expect(isWithinJurisdiction('3213231', SIYANG)).toBe(false);
    expect(isWithinJurisdiction('32132310', '320000')).toBe(false);
  });
});
