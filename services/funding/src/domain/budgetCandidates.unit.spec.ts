import { budgetCandidates, budgetIdOf } from './budgetCandidates';
import { RuleViolation } from './ruleViolation';

describe('budgetCandidates', () => {
  it('lists the township reserve fund first, then county, city and province', () => {
    expect(budgetCandidates('temporary-aid', 2026, '321323100')).toEqual([
      'temporary-aid:2026:321323100',
      'temporary-aid:2026:321323',
      'temporary-aid:2026:321300',
      'temporary-aid:2026:320000',
    ]);
  });

  it('starts a village at its township', () => {
    expect(budgetCandidates('medical-aid', 2026, '321323100201')[0]).toBe('medical-aid:2026:321323100');
  });

  it('starts a county at the county and drops levels that coincide', () => {
    expect(budgetCandidates('education-aid', 2027, '371602')).toEqual(['education-aid:2027:371602', 'education-aid:2027:371600', 'education-aid:2027:370000']);
    expect(budgetCandidates('education-aid', 2027, '371600')).toEqual(['education-aid:2027:371600', 'education-aid:2027:370000']);
  });

  it('refuses what is not a division code', () => {
    expect(() => budgetCandidates('temporary-aid', 2026, '3213')).toThrow(RuleViolation);
    expect(() => budgetCandidates('temporary-aid', 2026, '32132310')).toThrow(/division code/);
  });

  it('follows the id convention', () => {
    expect(budgetIdOf('temporary-aid', 2026, '321323')).toBe('temporary-aid:2026:321323');
  });
});
