import { SIYANG_CATALOGUE_2025, type ProgrammeCatalogue } from '@onedoor/policy';
import { routeByCatalogue, unassessableProgrammes, type CatalogueRoutingInput } from './catalogue-routing';
import { routeApplication } from './routing';
import { member } from './testing/fixtures';

const input = (over: Partial<CatalogueRoutingInput>): CatalogueRoutingInput => ({
  causes: [], urgent: false, tier: 'none', members: [member('p-1')], economicCheckDone: true, priorTemporaryAid: [], temporaryAidExceptionGranted: false, year: 2026, ...over,
});
const routed = (i: CatalogueRoutingInput, c: ProgrammeCatalogue = SIYANG_CATALOGUE_2025) => routeByCatalogue(i, c).findings.filter((f) => f.routed);

describe('routing by the catalogue', () => {
  it('given the flood family — breadwinner lost his job, child in junior school, dibao, home collapsed — then temporary, education, housing, employment and disaster-victim aid at once', () => {
    const family = input({
      causes: ['disaster', 'unemployment'], urgent: true, tier: 'dibao',
      members: [
        member('p-father', { ageYears: 42, employment: 'registered_unemployed' }),
        member('p-mother', { ageYears: 40, relation: 'spouse', employment: 'unable_to_work' }),
        member('p-son', { ageYears: 13, relation: 'child', schoolStage: 'junior' }),
      ],
      disaster: { kind: 'flood', homeDamage: 'collapsed' },
    });
    const findings = routed(family);
    expect(findings.map((f) => f.department)).toEqual(['temporary-aid', 'education-aid', 'housing-aid', 'employment-aid', 'disaster-aid']);
    const programmes = Object.fromEntries(findings.map((f) => [f.department, f.programmes.map((p) => p.programmeId)]));
    expect(programmes).toEqual({
      'temporary-aid': ['temporary-aid.temporary-aid'],
      'education-aid': ['education-aid.student-aid'],
      'housing-aid': ['housing-aid.dilapidated-home-renovation'],
      'employment-aid': ['employment-aid.public-welfare-job', 'employment-aid.training-subsidy', 'employment-aid.job-subsidy'],
      'disaster-aid': ['disaster-aid.transitional-living', 'disaster-aid.winter-spring-living', 'disaster-aid.home-rebuilding'],
    });
    const disaster = findings.find((f) => f.department === 'disaster-aid')!;
    expect(disaster.programmes[0]).toEqual({
      programmeId: 'disaster-aid.transitional-living', category: 'disaster', amount: { kind: 'bounds', minFen: 0, maxFen: 3 * 2000 * 90 },
      decisionWorkingDays: 5, budgetProgramme: 'disaster-aid', reasons: ['transitional living aid: a flood left the home collapsed'], ruleIds: ['programme.disasterHomeDamage'],
    });
    expect(disaster.reasons).toContain('transitional living aid: a flood left the home collapsed');
    expect(findings.find((f) => f.department === 'temporary-aid')!.reasons).toEqual(['temporary aid: urgent cause disaster']);
  });

  it('an application without the new facts routes exactly as routeApplication, the partner departments unnamed', () => {
    const cases: Partial<CatalogueRoutingInput>[] = [
      { causes: ['fire'], urgent: true },
      { causes: ['illness'], urgent: true, tier: 'edge', members: [member('p-1'), member('p-2', { ageYears: 16, schoolStage: 'senior' })] },
      { causes: ['unemployment'], tier: 'dibao' },
      { causes: ['disaster'], urgent: true, economicCheckDone: false },
      { causes: ['schooling'], tier: 'none' },
    ];
    for (const c of cases) {
      const byCatalogue = routeByCatalogue(input(c), SIYANG_CATALOGUE_2025).findings.map(({ programmes: _p, ...f }) => f);
      expect(byCatalogue).toEqual(routeApplication(input(c)));
    }
  });

  it('a partner department is named among those not routed when the facts it routes on were stated', () => {
    const findings = routeByCatalogue(input({ causes: ['other'], tier: 'edge', housing: { tenure: 'rented', floorAreaM2: 20 } }), SIYANG_CATALOGUE_2025).findings;
    expect(findings.find((f) => f.department === 'housing-aid')).toEqual({
      department: 'housing-aid', routed: false, programmes: [], ruleIds: ['programme.tierEligible', 'programme.housingDifficulty'],
      reasons: [
        "rental subsidy: only for dibao or tekun households; this household's tier is edge; no housing difficulty: needs living floor area per person below 15 m²",
        "public rental home: only for dibao or tekun households; this household's tier is edge; no housing difficulty: needs living floor area per person below 15 m²",
        "dilapidated-home renovation: only for dibao or tekun households; this household's tier is edge; for households whose home is owned; this household's is rented",
      ],
    });
    expect(findings.some((f) => f.department === 'employment-aid' || f.department === 'disaster-aid')).toBe(false);
  });

  it('a programme requested by id is asked for: a dibao household in a small rented home gets housing aid', () => {
    const findings = routed(input({ causes: ['other'], tier: 'dibao', housing: { tenure: 'rented', floorAreaM2: 10 }, requestedProgrammes: ['housing-aid.public-rental-home'] }));
    expect(findings.map((f) => [f.department, f.programmes.map((p) => p.programmeId)])).toEqual([['housing-aid', ['housing-aid.rental-subsidy', 'housing-aid.public-rental-home']]]);
  });

  it('a catalogue without a department does not route to it', () => {
    const noDisasterAid = { ...SIYANG_CATALOGUE_2025, programmes: SIYANG_CATALOGUE_2025.programmes.filter((p) => p.department !== 'disaster-aid') };
    expect(routed(input({ causes: ['disaster'], urgent: true, disaster: { kind: 'flood', homeDamage: 'collapsed' } }), noDisasterAid).map((f) => f.department)).toEqual(['temporary-aid']);
  });
});

describe('routing by a catalogue holding an entry it cannot evaluate', () => {
  it.each(['constructor', 'toString', 'nope'])('a programme decided by rule %s is not qualified, with the reason; the others route as before', (rule) => {
    const odd = { ...SIYANG_CATALOGUE_2025.programmes.find((p) => p.id === 'housing-aid.rental-subsidy')!, id: 'housing-aid.heating-subsidy', name: { zh: '取暖补贴', en: 'heating subsidy' }, eligibility: { rule } };
    const catalogue = { ...SIYANG_CATALOGUE_2025, programmes: [...SIYANG_CATALOGUE_2025.programmes, odd] } as ProgrammeCatalogue;
    const fire = input({ causes: ['fire'], urgent: true, tier: 'dibao' });
    const routing = routeByCatalogue(fire, catalogue);
    expect(routing.programmes.find((p) => p.programmeId === odd.id)).toMatchObject({
      qualifies: false, routed: false, asked: false, reasons: [`heating subsidy: not assessed: its rule ${JSON.stringify(rule)} is not a routing rule`], ruleIds: ['programme.ruleNotRun'],
    });
    expect(routing.findings.filter((f) => f.routed)).toEqual(routed(fire));
    expect(unassessableProgrammes(catalogue)).toEqual([{ programmeId: odd.id, problem: `eligibility.rule ${JSON.stringify(rule)} is not a routing rule of intake` }]);
    expect(unassessableProgrammes(SIYANG_CATALOGUE_2025)).toEqual([]);
  });
});
