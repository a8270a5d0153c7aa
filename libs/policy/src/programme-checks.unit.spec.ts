import { CatalogueRegistry } from './catalogue-registry';
import { evolveCatalogues, PROGRAMME_CATALOGUE_PUBLISHED } from './events';
import { AMOUNT_RULES, DECISION_MAX_FEN, HOUSEHOLD_MAX_MEMBERS, type Programme, type ProgrammeCatalogue } from './programme';
import { DEFAULT_CATALOGUES, PARTNER_PROGRAMMES, RULE_PROGRAMMES, SIYANG_CATALOGUE_2025 } from './programme-defaults';
import { largestAmountFen, parseCatalogueFile, ProgrammeCatalogueError, validateProgramme, validateProgrammeCatalogue } from './programme-file';
import { qualify } from './qualify';

const heating: Programme = {
  id: 'housing-aid.heating-subsidy', department: 'housing-aid', category: 'housing', name: { zh: '取暖补贴', en: 'heating subsidy' },
  eligibility: { tiers: ['dibao', 'tekun'] }, askedBy: { facts: ['housing'] },
  amount: { kind: 'bounds', minFen: 0, maxFen: 20000, per: 'household' }, decisionWorkingDays: 10, budgetProgramme: 'housing-aid',
};

/** Every problem of validating `value`: [field, problem] pairs; [] when it is accepted. */
function problemsOf(value: unknown): [string, string][] {
  try {
    validateProgramme(value);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ProgrammeCatalogueError);
    return (e as ProgrammeCatalogueError).problems.map((p) => [p.field, p.problem]);
  }
}

describe('programme consistency rules added to the catalogue (policy-rules §11)', () => {
  // One decision grants at most DECISION_MAX_FEN: 1,000,000 yuan.
  const perHead = Math.floor(DECISION_MAX_FEN / HOUSEHOLD_MAX_MEMBERS / 12);

  it('given bounds that scaled to the largest household exceed what one decision may grant, then it is refused naming amount', () => {
    const monthly = { ...heating, amount: { kind: 'bounds' as const, minFen: 0, maxFen: perHead + 1, per: 'person' as const, period: { unit: 'month' as const, count: 12 } } };
    expect(problemsOf(monthly)).toEqual([['programme.amount', expect.stringMatching(new RegExp(`for a household of ${HOUSEHOLD_MAX_MEMBERS}, above the ${DECISION_MAX_FEN} fen one decision may grant`))]]);
    expect(problemsOf({ ...monthly, amount: { ...monthly.amount, maxFen: perHead } })).toEqual([]);
    // A household bound is counted once; a table by its highest row.
    expect(problemsOf({ ...heating, amount: { kind: 'bounds', minFen: 0, maxFen: DECISION_MAX_FEN + 1 } })).toEqual([['programme.amount', expect.stringContaining('above')]]);
    const table = { kind: 'table', per: 'qualifying_member', rows: [{ when: { dilapidation: 'C' }, minFen: 0, maxFen: 100 }, { when: { dilapidation: 'D' }, minFen: 0, maxFen: DECISION_MAX_FEN }] };
    expect(problemsOf({ ...heating, amount: table })).toEqual([['programme.amount', expect.stringContaining(`reaches ${DECISION_MAX_FEN * HOUSEHOLD_MAX_MEMBERS} fen`)]]);
  });

  it('given an amount rule the department does not have, then it is refused naming amount.rule and the rules it has', () => {
    const temporary = RULE_PROGRAMMES[0];
    expect(problemsOf({ ...temporary, amount: { kind: 'rule', rule: 'medicalAid' } })).toEqual([['programme.amount.rule', 'medicalAid is not an amount rule of temporary-aid: expected temporaryAid']]);
    expect(problemsOf({ ...temporary, amount: { kind: 'rule', rule: 'constructor' } })).toEqual([['programme.amount.rule', expect.stringContaining('constructor is not an amount rule')]]);
    expect(Object.values(AMOUNT_RULES)).toEqual(RULE_PROGRAMMES.map((p) => p.department));
  });

  it('given eligibility with no condition, then it is refused: a programme says who it is for', () => {
    expect(problemsOf({ ...heating, eligibility: {} })).toEqual([['programme.eligibility', expect.stringContaining('a programme must say who it is for')]]);
  });

  it('given a fact as null, then it is refused naming it', () => {
    expect(problemsOf({ ...heating, askedBy: null })).toEqual([['programme.askedBy', 'expected an object or absent, got null']]);
    expect(problemsOf({ ...heating, eligibility: { tiers: ['dibao'], housing: { floorAreaPerPersonBelowM2: 15, dilapidation: null } } })).toEqual([
      ['programme.eligibility.housing.dilapidation', 'expected a non-empty array, got null'],
    ]);
    expect(problemsOf({ ...heating, eligibility: { tiers: ['dibao'], members: null } })).toEqual([['programme.eligibility.members', 'expected an object, got null']]);
  });

  it('lists every consistency problem at once, the first as the field', () => {
    const bad = { ...heating, eligibility: {}, budgetProgramme: 'employment-aid', askedBy: null, amount: { kind: 'bounds', minFen: 0, maxFen: DECISION_MAX_FEN, per: 'person' } };
    const problems = problemsOf(bad);
    expect(problems.map(([f]) => f)).toEqual(['programme.budgetProgramme', 'programme.eligibility', 'programme.amount', 'programme.askedBy']);
    try {
      validateProgramme(bad);
    } catch (e) {
      expect((e as ProgrammeCatalogueError).field).toBe('programme.budgetProgramme');
      expect((e as Error).message).toMatch(/budgetProgramme.*; programme\.eligibility.*; programme\.amount.*; programme\.askedBy/);
    }
  });

  it('a catalogue file lists the problems of every programme and catalogue', () => {
    const file = JSON.stringify({ catalogues: [{ ...SIYANG_CATALOGUE_2025, id: 'f', programmes: [{ ...heating, eligibility: {} }, heating, { ...heating, amount: { kind: 'rule', rule: 'x' } }] }] });
    try {
      parseCatalogueFile(file);
      throw new Error('accepted');
    } catch (e) {
      expect((e as ProgrammeCatalogueError).problems.map((p) => p.field)).toEqual([
        'catalogues[0].programmes[0].eligibility', 'catalogues[0].programmes[2].amount.kind', 'catalogues[0].programmes[1].id', 'catalogues[0].programmes[2].id',
      ]);
    }
  });

  it('the defaults hold under every rule', () => {
    expect([...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES].map((p) => validateProgramme(p))).toEqual([...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES]);
    expect(DEFAULT_CATALOGUES.map((c) => validateProgrammeCatalogue(c))).toEqual(DEFAULT_CATALOGUES);
    for (const p of PARTNER_PROGRAMMES) expect(largestAmountFen(p.amount)).toBeLessThanOrEqual(DECISION_MAX_FEN);
  });

  it('a catalogue already on record that a later rule refuses stays readable as stored; writing it anew is refused', () => {
    const open = { ...heating, id: 'housing-aid.open-subsidy', eligibility: {}, askedBy: null, amount: { kind: 'bounds', minFen: 0, maxFen: DECISION_MAX_FEN, per: 'person' } };
    const stored = { ...SIYANG_CATALOGUE_2025, id: 'stored-before', jurisdiction: '321324', programmes: [open] } as unknown as ProgrammeCatalogue;
    expect(() => validateProgrammeCatalogue(stored)).toThrow(ProgrammeCatalogueError);
    const registry = evolveCatalogues(CatalogueRegistry.defaults(), { type: PROGRAMME_CATALOGUE_PUBLISHED, data: { catalogue: stored } });
    const read = registry.lookup('321324100', '2026-01-01');
    expect(read.programmes[0]).toMatchObject({ id: 'housing-aid.open-subsidy', eligibility: {}, askedBy: {} });
    const facts = { tier: 'dibao' as const, economicCheckDone: true, causes: [], members: [{ ageYears: 40, disability: 'none' as const, schoolStage: null }] };
    expect(qualify(read.programmes[0], facts)).toMatchObject({ qualifies: true, reasons: ['heating subsidy: open to every household'] });
    // A structurally broken one stays refused however it is read.
    expect(() => validateProgrammeCatalogue({ ...stored, programmes: [{ ...open, amount: { kind: 'bounds', minFen: 5, maxFen: 1 } }] }, 'catalogue', 'stored')).toThrow(/maxFen/);
  });
});
