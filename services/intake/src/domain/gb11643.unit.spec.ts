import { ageOn } from './age';
import { assertValidIdNumber, birthDateOf, checkDigitOf, idNumberProblem, isValidIdNumber } from './gb11643';
import { RuleViolation } from './rule-violation';

describe('GB 11643 ID numbers', () => {
  it('accepts the public sample 11010519491231002X (check character X)', () => {
    expect(checkDigitOf('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true); // as people type it
  });

  it('accepts a number completed with its computed check digit', () => {
    // by hand: Σ weight × digit = 169, 169 mod 11 = 4 → '8'
    const first17 = '32132319800101002';
    const id = first17 + checkDigitOf(first17);
    expect(id).toBe('321323198001010028');
    expect(isValidIdNumber(id)).toBe(true);
  });

  it('computes ISO 7064 MOD 11-2 for every remainder', () => {
    // varying the last four digits reaches every remainder, so every check character appears
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) seen.add(checkDigitOf(`1101051949123${String(n).padStart(4, '0')}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('rejects a wrong check digit', () => {
    expect(idNumberProblem('110105194912310021')).toBe('id.gb11643.checkDigit');
    expect(idNumberProblem('321323198001010012')).toBe('id.gb11643.checkDigit'); // the API contract's placeholder
    expect(isValidIdNumber('110105194912310029')).toBe(false);
  });

  it('rejects a wrong shape or an impossible birth date', () => {
    expect(idNumberProblem('11010519491231002')).toBe('id.gb11643.format'); // 17 characters
    expect(idNumberProblem('1101051949123100X2')).toBe('id.gb11643.format');
    expect(idNumberProblem('01010519491231002X')).toBe('id.gb11643.format'); // no region starts with 0
    const feb30 = '32132319800230001';
    expect(idNumberProblem(feb30 + checkDigitOf(feb30))).toBe('id.gb11643.birthDate');
  });

  it('throws a RuleViolation that names the field but never repeats the number', () => {
    let error: unknown;
    try {
      assertValidIdNumber('110105194912310021', 'household.members[1].idNumber');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).rule).toBe('id.gb11643.checkDigit');
    expect((error as RuleViolation).field).toBe('household.members[1].idNumber');
    expect((error as RuleViolation).message).not.toContain('110105194912310021');
  });

  it('extracts the birth date', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(() => birthDateOf('110105194912310021')).toThrow(RuleViolation);
  });

  it('computes age in whole years at a date or instant', () => {
    expect(ageOn('1949-12-31', '2026-11-20T02:00:00Z')).toBe(76);
    expect(ageOn('2010-11-20', '2026-11-20')).toBe(16);
    expect(ageOn('2010-11-21', '2026-11-20')).toBe(15);
    expect(ageOn('2010-11-21', '2026-11-20T16:00:00Z')).toBe(16); // midnight in China
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
