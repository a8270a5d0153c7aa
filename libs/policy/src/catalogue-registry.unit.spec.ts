import { CatalogueConflictError, CatalogueRegistry, NoCatalogueError } from './catalogue-registry';
import { evolveCatalogues, PROGRAMME_CATALOGUE_PUBLISHED } from './events';
import type { Programme } from './programme';
import { PARTNER_PROGRAMMES, RULE_PROGRAMMES, SIYANG_CATALOGUE_2025 } from './programme-defaults';
import { parseCatalogueFile, ProgrammeCatalogueError, validateProgramme } from './programme-file';

const heating: Programme = {
  id: 'housing-aid.heating-subsidy', department: 'housing-aid', category: 'housing', name: { zh: '取暖补贴', en: 'heating subsidy' },
  eligibility: { tiers: ['dibao', 'tekun'] }, askedBy: { facts: ['housing'] },
  amount: { kind: 'bounds', minFen: 0, maxFen: 20000, per: 'household' }, decisionWorkingDays: 10, budgetProgramme: 'housing-aid',
};

describe('CatalogueRegistry', () => {
  const registry = CatalogueRegistry.defaults();

  it('finds the county catalogue for a village, and the city one for a district', () => {
    expect(registry.lookup('321323100201', '2026-11-20').id).toBe('siyang-321323-catalogue');
    expect(registry.lookup('371602001', '2026-11-20T20:00:00Z').id).toBe('binzhou-371600-catalogue');
    expect(() => registry.lookup('110101', '2026-11-20')).toThrow(NoCatalogueError);
  });

  it('given a programme added for a township from a date, then a new catalogue there holds the inherited programmes and the new one', () => {
    const next = registry.catalogueWithProgramme('321323100', '2026-12-01', heating);
    expect(next).toMatchObject({ id: '321323100-2026-12-01', version: 1, jurisdiction: '321323100', validFrom: '2026-12-01' });
    expect(next.programmes.map((p) => p.id)).toEqual([...SIYANG_CATALOGUE_2025.programmes.map((p) => p.id), 'housing-aid.heating-subsidy']);
    const r = registry.withCatalogue(next);
    expect(r.lookup('321323100201', '2026-12-01').id).toBe('321323100-2026-12-01');
    expect(r.lookup('321323100201', '2026-11-30').id).toBe('siyang-321323-catalogue');
    expect(r.lookup('321323101', '2026-12-01').id).toBe('siyang-321323-catalogue'); // a sibling township
  });

  it('given the same jurisdiction and day again, then a new version replaces the programme by id', () => {
    const r = registry.withCatalogue(registry.catalogueWithProgramme('321323', '2025-01-01', heating));
    const v2 = r.lookup('321323', '2026-01-01');
    expect(v2).toMatchObject({ id: 'siyang-321323-catalogue', version: 2 });
    const cheaper = { ...heating, amount: { kind: 'bounds' as const, minFen: 0, maxFen: 10000 } };
    const v3 = r.withCatalogue(r.catalogueWithProgramme('321323', '2025-01-01', cheaper)).lookup('321323', '2026-01-01');
    expect(v3.version).toBe(3);
    expect(v3.programmes.filter((p) => p.id === heating.id)).toEqual([cheaper]);
    expect(r.find('siyang-321323-catalogue', 1)?.programmes).toHaveLength(SIYANG_CATALOGUE_2025.programmes.length);
  });

  it('refuses another body under a published version, and two catalogues of one place starting the same day', () => {
    expect(() => registry.withCatalogue({ ...SIYANG_CATALOGUE_2025, programmes: [] })).toThrow(CatalogueConflictError);
    expect(registry.withCatalogue(SIYANG_CATALOGUE_2025)).toBe(registry);
    expect(() => registry.withCatalogue({ ...SIYANG_CATALOGUE_2025, id: 'other' })).toThrow(/ambiguous/);
  });

  it('is folded from ProgrammeCataloguePublished events', () => {
    const r = evolveCatalogues(CatalogueRegistry.empty(), { type: PROGRAMME_CATALOGUE_PUBLISHED, data: { catalogue: SIYANG_CATALOGUE_2025 } });
    expect(r.lookup('321323', '2026-01-01').programmes).toHaveLength(12);
  });
});

describe('catalogue files', () => {
  it('reads the defaults back from JSON', () => {
    expect(parseCatalogueFile(JSON.stringify({ catalogues: [SIYANG_CATALOGUE_2025] }))).toEqual([SIYANG_CATALOGUE_2025]);
    expect(PARTNER_PROGRAMMES.map((p) => validateProgramme(p))).toEqual(PARTNER_PROGRAMMES);
  });

  it.each([
    [{ ...heating, id: 'Heating' }, 'programme.id', /lower-case words/],
    [{ ...heating, department: 'police' }, 'programme.department', /expected one of temporary-aid/],
    [{ ...heating, amount: { kind: 'bounds', minFen: 100, maxFen: 50 } }, 'programme.amount.maxFen', /must not be below minFen 100/],
    [{ ...heating, amount: { kind: 'bounds', minFen: 0, maxFen: 1.5 } }, 'programme.amount.maxFen', /integer/],
    [{ ...heating, eligibility: { tiers: ['dibao'], housing: { tenures: ['owned'] } } }, 'programme.eligibility.housing', /at least one difficulty/],
    [{ ...heating, eligibility: { tier: ['dibao'] } }, 'programme.eligibility.tier', /unknown field/],
    [{ ...heating, amount: { kind: 'rule', rule: 'x' } }, 'programme.amount.kind', /needs eligibility decided by a rule/],
    // A rule is one of the routing rules, looked up as an own name (never a member of every object).
    [{ ...heating, eligibility: { rule: 'constructor' }, amount: { kind: 'rule', rule: 'x' } }, 'programme.eligibility.rule', /expected one of temporaryAidOncePerCausePerYear/],
    [{ ...heating, eligibility: { rule: 'toString' } }, 'programme.eligibility.rule', /expected one of/],
    [{ ...heating, eligibility: { rule: '__proto__' } }, 'programme.eligibility.rule', /expected one of/],
    [{ ...heating, eligibility: { rule: 'nope' } }, 'programme.eligibility.rule', /got "nope"/],
    [{ ...heating, eligibility: { rule: 'temporaryAidOncePerCausePerYear' }, amount: { kind: 'rule', rule: 'x' } }, 'programme.eligibility.rule', /decides temporary-aid, not housing-aid/],
    // Consistent with itself: its id's department, paid from that department's budget.
    [{ ...heating, department: 'employment-aid', budgetProgramme: 'employment-aid' }, 'programme.department', /must be housing-aid/],
    [{ ...heating, budgetProgramme: 'temporary-aid' }, 'programme.budgetProgramme', /must be housing-aid/],
    // Bounded text.
    [{ ...heating, name: { zh: '暖'.repeat(100_000), en: 'heating subsidy' } }, 'programme.name.zh', /at most 100 characters, got 100000/],
    [{ ...heating, name: { zh: '取暖补贴', en: 'x'.repeat(101) } }, 'programme.name.en', /at most 100 characters/],
    [{ ...heating, id: `housing-aid.${'a'.repeat(100)}` }, 'programme.id', /at most 100 characters/],
    // A rule department's amount is its rule's; bounds are sane integers up to 10,000,000 yuan.
    [{ ...RULE_PROGRAMMES[0], eligibility: {}, amount: { kind: 'bounds', minFen: 0, maxFen: 100_000_000 } }, 'programme.amount.kind', /temporary-aid programme's amount is set by its rule/],
    [{ ...heating, amount: { kind: 'bounds', minFen: 0, maxFen: 1_000_000_001 } }, 'programme.amount.maxFen', /0…1000000000/],
    [{ ...heating, amount: { kind: 'bounds', minFen: -1, maxFen: 100 } }, 'programme.amount.minFen', /0…1000000000/],
    [{ ...heating, amount: { kind: 'table', rows: [{ when: { dilapidation: 'D' }, minFen: 0, maxFen: Number.MAX_SAFE_INTEGER }] } }, 'programme.amount.rows[0].maxFen', /0…1000000000/],
  ])('names the offending field: %#', (value, field, problem) => {
    try {
      validateProgramme(value);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ProgrammeCatalogueError);
      expect((e as ProgrammeCatalogueError).field).toBe(field);
      expect((e as Error).message).toMatch(problem);
    }
  });

  it('accepts the three rule programmes, and a rule department programme whose eligibility is data with a rule amount', () => {
    expect(RULE_PROGRAMMES.map((p) => validateProgramme(p))).toEqual(RULE_PROGRAMMES);
    const byTier = { ...RULE_PROGRAMMES[0], id: 'temporary-aid.winter-top-up', eligibility: { tiers: ['dibao' as const] } };
    expect(validateProgramme(byTier)).toEqual(byTier);
  });

  it('a catalogue file naming an unknown rule, or a 1,000,000-yuan temporary aid, does not load', () => {
    const file = (programme: unknown) => JSON.stringify({ catalogues: [{ ...SIYANG_CATALOGUE_2025, id: 'f', programmes: [programme] }] });
    expect(() => parseCatalogueFile(file({ ...RULE_PROGRAMMES[0], eligibility: { rule: 'constructor' } }))).toThrow(/catalogues\[0\]\.programmes\[0\]\.eligibility\.rule: expected one of/);
    expect(() => parseCatalogueFile(file({ ...RULE_PROGRAMMES[0], eligibility: {}, amount: { kind: 'bounds', minFen: 0, maxFen: 100_000_000 } }))).toThrow(
      /catalogues\[0\]\.programmes\[0\]\.amount\.kind: a temporary-aid programme's amount is set by its rule/,
    );
  });

  it('refuses a programme listed twice and bad JSON', () => {
    expect(() => parseCatalogueFile(JSON.stringify([{ ...SIYANG_CATALOGUE_2025, programmes: [heating, heating] }]))).toThrow(/\[0\]\.programmes\[1\]\.id: programme housing-aid.heating-subsidy is listed twice/);
    expect(() => parseCatalogueFile('{')).toThrow(ProgrammeCatalogueError);
  });
});
