import type { Programme } from './programme';
import type { ProgrammeFacts, ProgrammeMemberFacts } from './programme-facts';
import { PARTNER_PROGRAMMES, RULE_PROGRAMMES } from './programme-defaults';
import { asksFor, qualify } from './qualify';

const programme = (id: string): Programme => [...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES].find((p) => p.id === id) as Programme;
const adult = (facts: Partial<ProgrammeMemberFacts> = {}): ProgrammeMemberFacts => ({ ageYears: 40, disability: 'none', schoolStage: null, ...facts });
const household = (facts: Partial<ProgrammeFacts> = {}): ProgrammeFacts => ({
  tier: 'dibao', economicCheckDone: true, causes: ['other'], members: [adult(), adult({ ageYears: 12, schoolStage: 'primary' })], ...facts,
});

describe('qualify: housing aid (policy-rules §11)', () => {
  it('given a dibao household renting 20 m² for 2 people, when it asks for the rental subsidy, then it qualifies for up to 300 yuan a person a month for 12 months', () => {
    const q = qualify(programme('housing-aid.rental-subsidy'), household({ housing: { tenure: 'rented', floorAreaM2: 20 } }));
    expect(q).toEqual({
      programmeId: 'housing-aid.rental-subsidy', department: 'housing-aid', category: 'housing', qualifies: true,
      reasons: ['rental subsidy: a dibao household; living floor area 10 m² per person below the line of 15 m²'],
      ruleIds: ['programme.tierEligible', 'programme.housingDifficulty'],
      amount: { kind: 'bounds', minFen: 0, maxFen: 2 * 30000 * 12 },
    });
  });

  it('given exactly 15 m² per person, then no housing difficulty', () => {
    const q = qualify(programme('housing-aid.rental-subsidy'), household({ housing: { tenure: 'rented', floorAreaM2: 30 } }));
    expect(q.qualifies).toBe(false);
    expect(q.reasons).toEqual(['rental subsidy: no housing difficulty: needs living floor area per person below 15 m²']);
  });

  it('given an edge household, then it does not qualify, saying which tiers do', () => {
    const q = qualify(programme('housing-aid.public-rental-home'), household({ tier: 'edge', housing: { tenure: 'none', floorAreaM2: 0 } }));
    expect(q).toMatchObject({ qualifies: false, reasons: ["public rental home: only for dibao or tekun households; this household's tier is edge"], amount: { kind: 'in_kind' } });
  });

  it('given a tekun person, then only when supported at home', () => {
    const facts = household({ tier: 'tekun', members: [adult({ ageYears: 70 })], housing: { tenure: 'owned', floorAreaM2: 40, dilapidation: 'D' } });
    expect(qualify(programme('housing-aid.dilapidated-home-renovation'), facts).qualifies).toBe(false);
    const q = qualify(programme('housing-aid.dilapidated-home-renovation'), { ...facts, supportedAtHome: true });
    expect(q).toMatchObject({ qualifies: true, amount: { kind: 'bounds', minFen: 0, maxFen: 3000000 } });
    expect(q.reasons[0]).toBe('dilapidated-home renovation: a tekun person supported at home (分散供养); the home is rated dilapidated grade D');
  });

  it('given a grade C home, then renovation up to 10,000 yuan; a rented home is not renovated', () => {
    expect(qualify(programme('housing-aid.dilapidated-home-renovation'), household({ housing: { tenure: 'owned', floorAreaM2: 60, dilapidation: 'C' } })).amount).toEqual({ kind: 'bounds', minFen: 0, maxFen: 1000000 });
    expect(qualify(programme('housing-aid.dilapidated-home-renovation'), household({ housing: { tenure: 'rented', floorAreaM2: 60, dilapidation: 'C' } })).reasons).toEqual([
      "dilapidated-home renovation: for households whose home is owned; this household's is rented",
    ]);
  });

  it('given a home collapsed in a flood and no housing stated, then renovation as grade D', () => {
    const q = qualify(programme('housing-aid.dilapidated-home-renovation'), household({ disaster: { kind: 'flood', homeDamage: 'collapsed' } }));
    expect(q).toMatchObject({ qualifies: true, reasons: ['dilapidated-home renovation: a dibao household; a flood left the home collapsed'], amount: { maxFen: 3000000 } });
  });

  it('without the economic check, then no tier-based programme', () => {
    expect(qualify(programme('housing-aid.rental-subsidy'), household({ economicCheckDone: false, housing: { tenure: 'none', floorAreaM2: 0 } })).reasons).toEqual([
      'rental subsidy: needs the household economic check, which was not authorised',
    ]);
  });
});

describe('qualify: employment aid (policy-rules §11)', () => {
  const jobless = household({ members: [adult({ employment: 'registered_unemployed' }), adult({ ageYears: 17, employment: 'registered_unemployed' }), adult({ ageYears: 60, employment: 'registered_unemployed' })] });

  it('given two registered unemployed members of working age, then the training subsidy is up to 1,500 yuan each', () => {
    expect(qualify(programme('employment-aid.training-subsidy'), jobless)).toMatchObject({
      qualifies: true, reasons: ['training subsidy: a dibao household; 2 members aged 16 to under 60, registered unemployed'], amount: { kind: 'bounds', minFen: 0, maxFen: 300000 },
    });
  });

  it('given a zero-employment household, then a public-welfare job; not when a member works', () => {
    expect(qualify(programme('employment-aid.public-welfare-job'), jobless).qualifies).toBe(true);
    const working = { ...jobless, members: [...jobless.members, adult({ employment: 'employed' })] };
    expect(qualify(programme('employment-aid.public-welfare-job'), working).reasons).toEqual([
      'public-welfare job: for households in which no member works (零就业家庭); a member of this household works',
    ]);
  });

  it('given no employment stated, then it says so', () => {
    expect(qualify(programme('employment-aid.job-subsidy'), household()).reasons).toEqual([
      "job subsidy: needs a member aged 16 to under 60, registered unemployed; the members' employment is not stated",
    ]);
  });

  it('given a member aged 60, then not of working age', () => {
    expect(qualify(programme('employment-aid.job-subsidy'), household({ members: [adult({ ageYears: 60, employment: 'registered_unemployed' })] })).reasons).toEqual([
      'job subsidy: no member aged 16 to under 60, registered unemployed',
    ]);
  });
});

describe('qualify: disaster-victim aid (policy-rules §11)', () => {
  const flood = (homeDamage: 'none' | 'damaged' | 'badly_damaged' | 'collapsed') => household({ tier: 'none', causes: ['disaster'], disaster: { kind: 'flood', homeDamage } });

  it('given a collapsed home of 4 people, then transitional living aid of 20 yuan a person a day for 90 days, whatever the tier', () => {
    const facts = { ...flood('collapsed'), members: [adult(), adult(), adult(), adult()] };
    expect(qualify(programme('disaster-aid.transitional-living'), facts)).toMatchObject({
      qualifies: true, reasons: ['transitional living aid: a flood left the home collapsed'], amount: { kind: 'bounds', minFen: 0, maxFen: 4 * 2000 * 90 },
    });
  });

  it('given a damaged home, then a repair grant but no transitional living aid', () => {
    expect(qualify(programme('disaster-aid.transitional-living'), flood('damaged')).reasons).toEqual([
      'transitional living aid: for homes collapsed or badly damaged by the disaster; this home: damaged',
    ]);
    expect(qualify(programme('disaster-aid.home-rebuilding'), flood('damaged')).amount).toEqual({ kind: 'bounds', minFen: 0, maxFen: 500000 });
  });
});

describe('qualify: programmes decided by a department rule', () => {
  it('takes the rule finding as it is', () => {
    const finding = { qualifies: true, reasons: ['temporary aid: urgent cause fire'], ruleIds: ['route.temporaryAid.urgentCause'] };
    expect(qualify(programme('temporary-aid.temporary-aid'), household({ ruleFindings: { temporaryAidOncePerCausePerYear: finding } }))).toMatchObject({
      qualifies: true, reasons: finding.reasons, ruleIds: finding.ruleIds, amount: { kind: 'rule' },
    });
    expect(qualify(programme('temporary-aid.temporary-aid'), household()).qualifies).toBe(false);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nope'])('a rule named %s (no finding of its own) is not qualified, never a throw', (rule) => {
    const odd = { ...programme('temporary-aid.temporary-aid'), eligibility: { rule } };
    const finding = { qualifies: true, reasons: ['r'], ruleIds: ['x'] };
    expect(qualify(odd, household({ ruleFindings: { temporaryAidOncePerCausePerYear: finding } }))).toMatchObject({
      qualifies: false, reasons: [`temporary aid: decided by rule ${rule}, which was not run`], ruleIds: ['programme.ruleNotRun'],
    });
  });
});

describe('asksFor', () => {
  it('a cause, a stated fact, or the programme requested by id', () => {
    const p = programme('employment-aid.training-subsidy');
    expect(asksFor(p, household())).toEqual({ asked: false, stated: false });
    expect(asksFor(p, household({ causes: ['unemployment'] }))).toEqual({ asked: true, stated: false });
    // Stating the members' employment is not asking for employment aid: qualifying, it is an offer.
    expect(asksFor(p, household({ members: [adult({ employment: 'employed' })] }))).toEqual({ asked: false, stated: true });
    expect(asksFor(p, household({ causes: ['unemployment'], members: [adult({ employment: 'employed' })] }))).toEqual({ asked: true, stated: true });
    expect(asksFor(p, household({ requestedProgrammes: ['employment-aid.training-subsidy'] }))).toEqual({ asked: true, stated: true });
    expect(asksFor(programme('housing-aid.rental-subsidy'), household({ housing: { tenure: 'owned', floorAreaM2: 90 } })).asked).toBe(true);
  });
});
