import { handlingJurisdictionOf, routeApplication, ROUTING_RULES, urgentCausesOf, type RoutingInput } from './routing';
import { member } from './testing/fixtures';

const input = (over: Partial<RoutingInput>): RoutingInput => ({
  causes: [],
  urgent: false,
  tier: 'none',
  members: [member('p-1')],
  economicCheckDone: true,
  priorTemporaryAid: [],
  temporaryAidExceptionGranted: false,
  year: 2026,
  ...over,
});
const departments = (over: Partial<RoutingInput>) => routeApplication(input(over)).filter((f) => f.routed).map((f) => f.department);

describe('routing by cause and tier', () => {
  it('fire, accident and disaster are emergencies whatever the urgent flag; illness only when urgent', () => {
    expect(urgentCausesOf({ causes: ['fire', 'accident', 'disaster', 'illness'], urgent: false })).toEqual(['fire', 'accident', 'disaster']);
    expect(urgentCausesOf({ causes: ['illness', 'unemployment'], urgent: true })).toEqual(['illness']);
    expect(departments({ causes: ['fire'] })).toEqual(['temporary-aid']);
  });

  it('urgent illness in an edge household with a student: all three departments (worked example 2)', () => {
    const students = [member('p-1'), member('p-2', { ageYears: 16, schoolStage: 'senior' })];
    expect(departments({ causes: ['illness'], urgent: true, tier: 'edge', members: students })).toEqual(['temporary-aid', 'medical-aid', 'education-aid']);
  });

  it('medical aid for illness only in tekun, dibao, edge or rigid households', () => {
    for (const tier of ['tekun', 'dibao', 'edge', 'rigid'] as const) expect(departments({ causes: ['illness'], tier })).toEqual(['medical-aid']);
    const [, medical] = routeApplication(input({ causes: ['illness'], tier: 'none' }));
    expect(medical).toMatchObject({ routed: false, ruleIds: [ROUTING_RULES.medicalAidIllnessInAssistedTier] });
    expect(medical.reasons[0]).toMatch(/this household's tier is none/);
  });

  it('education aid for a student in a tekun, dibao or edge household, not rigid or none', () => {
    const student = [member('p-1', { ageYears: 8, schoolStage: 'primary', boarding: true })];
    for (const tier of ['tekun', 'dibao', 'edge'] as const) expect(departments({ causes: ['unemployment'], tier, members: student })).toEqual(['education-aid']);
    expect(departments({ causes: ['unemployment'], tier: 'rigid', members: student })).toEqual([]);
    const edu = routeApplication(input({ tier: 'dibao', members: student }))[2];
    expect(edu.reasons).toEqual(['education aid: member p-1 in primary school in a dibao household']);
  });

  it('education aid whenever schooling is a cause', () => {
    expect(departments({ causes: ['schooling'], tier: 'none' })).toEqual(['education-aid']);
  });

  it('nothing for a cause no department handles', () => {
    const findings = routeApplication(input({ causes: ['unemployment'], tier: 'none' }));
    expect(findings.every((f) => !f.routed)).toBe(true);
    expect(findings.map((f) => f.reasons[0])).toEqual([
      'temporary aid: no fire, accident, disaster or sudden (urgent) illness',
      'medical aid: no illness or medical costs stated',
      'education aid: no member in school and schooling is not a cause',
    ]);
  });

  describe('temporary aid once per cause per calendar year', () => {
    it('not again for the same cause in the same year (worked example 3)', () => {
      const [temporary] = routeApplication(input({ causes: ['fire'], priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }));
      expect(temporary.routed).toBe(false);
      expect(temporary.ruleIds).toContain(ROUTING_RULES.temporaryAidOncePerCausePerYear);
      expect(temporary.reasons[0]).toMatch(/already received in 2026 for fire/);
    });

    it('again in a new year, or for another cause', () => {
      expect(departments({ causes: ['fire'], priorTemporaryAid: [{ cause: 'fire', year: 2025 }] })).toEqual(['temporary-aid']);
      const [temporary] = routeApplication(input({ causes: ['fire', 'accident'], priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }));
      expect(temporary.reasons).toEqual(['temporary aid: urgent cause accident', 'not for fire: already received in 2026']);
    });

    it('again when the county grants an exception', () => {
      const [temporary] = routeApplication(input({ causes: ['fire'], priorTemporaryAid: [{ cause: 'fire', year: 2026 }], temporaryAidExceptionGranted: true }));
      expect(temporary.routed).toBe(true);
      expect(temporary.ruleIds).toContain(ROUTING_RULES.temporaryAidCountyException);
    });
  });

  it('without the economic check only emergency aid is open', () => {
    const student = [member('p-1', { ageYears: 8, schoolStage: 'primary' })];
    expect(departments({ causes: ['fire', 'illness', 'schooling'], urgent: true, tier: 'none', members: student, economicCheckDone: false })).toEqual(['temporary-aid']);
  });

  it('handles emergencies where they happened and everything else where registered', () => {
    expect(handlingJurisdictionOf({ causes: ['fire'], urgent: false, jurisdiction: '321323100' }, '510122100201')).toBe('321323100');
    expect(handlingJurisdictionOf({ causes: ['illness'], urgent: false, jurisdiction: '321323100' }, '510122100201')).toBe('510122100201');
  });
});
