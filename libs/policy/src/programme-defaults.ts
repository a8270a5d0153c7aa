import type { AmountRuleName, Programme, ProgrammeCatalogue } from './programme';

/** An amount rule by name, checked by the compiler against AMOUNT_RULES. */
const byRule = (rule: AmountRuleName) => ({ kind: 'rule' as const, rule });

const yuan = (y: number) => y * 100;

/**
 * The three departments OneDoor decides by rule (policy-rules §3–§6): each one programme whose
 * eligibility is intake's routing rule of the same name, with its exact reasons and rule ids.
 */
export const RULE_PROGRAMMES: readonly Programme[] = [
  {
    id: 'temporary-aid.temporary-aid',
    department: 'temporary-aid',
    category: 'temporary',
    name: { zh: '临时救助', en: 'temporary aid' },
    eligibility: { rule: 'temporaryAidOncePerCausePerYear' },
    askedBy: {},
    amount: byRule('temporaryAid'),
    decisionWorkingDays: 15, // policy-rules §8, ordinary temporary aid
    budgetProgramme: 'temporary-aid',
  },
  {
    id: 'medical-aid.residual-cost',
    department: 'medical-aid',
    category: 'medical',
    name: { zh: '医疗救助', en: 'medical aid' },
    eligibility: { rule: 'medicalAidForIllnessInAssistedTier' },
    askedBy: {},
    amount: byRule('medicalAid'),
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'medical-aid',
  },
  {
    id: 'education-aid.student-aid',
    department: 'education-aid',
    category: 'education',
    name: { zh: '教育救助', en: 'education aid' },
    eligibility: { rule: 'educationAidForStudents' },
    askedBy: {},
    amount: byRule('educationAid'),
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'education-aid',
  },
];

/*
 * Housing aid: dibao households, and tekun persons supported at home (分散供养). Employment aid:
 * members of dibao households of working age (16 to under 60 [D]) registered unemployed.
 * Transitional living aid and renovation after a disaster: a home collapsed or badly damaged.
 */

/** Housing, employment and disaster-victim aid (policy-rules §11) with its [D] figures. */
export const PARTNER_PROGRAMMES: readonly Programme[] = [
  {
    id: 'housing-aid.rental-subsidy',
    department: 'housing-aid',
    category: 'housing',
    name: { zh: '住房租赁补贴', en: 'rental subsidy' },
    eligibility: { tiers: ['dibao', 'tekun'], supportedAtHomeTiers: ['tekun'], housing: { tenures: ['rented', 'none'], floorAreaPerPersonBelowM2: 15 } },
    askedBy: { facts: ['housing'] },
    amount: { kind: 'bounds', minFen: 0, maxFen: yuan(300), per: 'person', period: { unit: 'month', count: 12 } }, // ≤ 300 yuan a person a month [D], a year
    decisionWorkingDays: 20, // [D]
    budgetProgramme: 'housing-aid',
  },
  {
    id: 'housing-aid.public-rental-home',
    department: 'housing-aid',
    category: 'housing',
    name: { zh: '配租公共租赁住房', en: 'public rental home' },
    eligibility: { tiers: ['dibao', 'tekun'], supportedAtHomeTiers: ['tekun'], housing: { tenures: ['rented', 'none'], floorAreaPerPersonBelowM2: 15 } },
    askedBy: { facts: ['housing'] },
    amount: { kind: 'in_kind' },
    decisionWorkingDays: 20, // [D]
    budgetProgramme: 'housing-aid',
  },
  {
    id: 'housing-aid.dilapidated-home-renovation',
    department: 'housing-aid',
    category: 'housing',
    name: { zh: '农村危房改造', en: 'dilapidated-home renovation' },
    eligibility: { tiers: ['dibao', 'tekun'], supportedAtHomeTiers: ['tekun'], housing: { tenures: ['owned'], dilapidation: ['C', 'D'], homeDamage: ['collapsed', 'badly_damaged'] } },
    askedBy: { facts: ['housing', 'disaster'] },
    amount: {
      kind: 'table',
      rows: [
        { when: { dilapidation: 'C' }, minFen: 0, maxFen: yuan(10000) }, // grade C, repair [D]
        { when: { dilapidation: 'D' }, minFen: 0, maxFen: yuan(30000) }, // grade D, rebuild [D]
        { when: { homeDamage: 'badly_damaged' }, minFen: 0, maxFen: yuan(10000) }, // [D] as grade C
        { when: { homeDamage: 'collapsed' }, minFen: 0, maxFen: yuan(30000) }, // [D] as grade D
      ],
    },
    decisionWorkingDays: 30, // [D]
    budgetProgramme: 'housing-aid',
  },
  {
    id: 'employment-aid.public-welfare-job',
    department: 'employment-aid',
    category: 'employment',
    name: { zh: '公益性岗位', en: 'public-welfare job' },
    eligibility: { tiers: ['dibao'], members: { minAge: 16, underAge: 60, employment: ['registered_unemployed'] }, noMemberEmployed: true },
    askedBy: { causes: ['unemployment'] },
    amount: { kind: 'in_kind' },
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'employment-aid',
  },
  {
    id: 'employment-aid.training-subsidy',
    department: 'employment-aid',
    category: 'employment',
    name: { zh: '职业培训补贴', en: 'training subsidy' },
    eligibility: { tiers: ['dibao'], members: { minAge: 16, underAge: 60, employment: ['registered_unemployed'] } },
    askedBy: { causes: ['unemployment'] },
    amount: { kind: 'bounds', minFen: 0, maxFen: yuan(1500), per: 'qualifying_member' }, // ≤ 1,500 yuan a job seeker [D]
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'employment-aid',
  },
  {
    id: 'employment-aid.job-subsidy',
    department: 'employment-aid',
    category: 'employment',
    name: { zh: '就业补贴', en: 'job subsidy' },
    eligibility: { tiers: ['dibao'], members: { minAge: 16, underAge: 60, employment: ['registered_unemployed'] } },
    askedBy: { causes: ['unemployment'] },
    amount: { kind: 'department_system' },
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'employment-aid',
  },
  {
    id: 'disaster-aid.transitional-living',
    department: 'disaster-aid',
    category: 'disaster',
    name: { zh: '过渡期生活救助', en: 'transitional living aid' },
    eligibility: { disaster: { homeDamage: ['collapsed', 'badly_damaged'] } },
    askedBy: { causes: ['disaster'], facts: ['disaster'] },
    amount: { kind: 'bounds', minFen: 0, maxFen: yuan(20), per: 'person', period: { unit: 'day', count: 90 } }, // 20 yuan a person a day, up to 3 months [D]
    decisionWorkingDays: 5, // [D]
    budgetProgramme: 'disaster-aid',
  },
  {
    id: 'disaster-aid.winter-spring-living',
    department: 'disaster-aid',
    category: 'disaster',
    name: { zh: '冬春救助', en: 'winter–spring living aid' },
    eligibility: { disaster: { homeDamage: ['damaged', 'badly_damaged', 'collapsed'] } },
    askedBy: { causes: ['disaster'], facts: ['disaster'] },
    amount: { kind: 'bounds', minFen: 0, maxFen: yuan(1000), per: 'person' }, // ≤ 1,000 yuan a person [D]
    decisionWorkingDays: 15, // [D]
    budgetProgramme: 'disaster-aid',
  },
  {
    id: 'disaster-aid.home-rebuilding',
    department: 'disaster-aid',
    category: 'disaster',
    name: { zh: '倒损住房恢复重建补助', en: 'home rebuilding or repair grant' },
    eligibility: { disaster: { homeDamage: ['damaged', 'badly_damaged', 'collapsed'] } },
    askedBy: { causes: ['disaster'], facts: ['disaster'] },
    amount: {
      kind: 'table',
      rows: [
        { when: { homeDamage: 'damaged' }, minFen: 0, maxFen: yuan(5000) }, // repair [D]
        { when: { homeDamage: 'badly_damaged' }, minFen: 0, maxFen: yuan(10000) }, // [D]
        { when: { homeDamage: 'collapsed' }, minFen: 0, maxFen: yuan(30000) }, // rebuild [D]
      ],
    },
    decisionWorkingDays: 30, // [D]
    budgetProgramme: 'disaster-aid',
  },
];

const SOURCE = 'OneDoor defaults from policy-rules.md §3–§6 and §11 ([D] values are illustrative)';

/** Siyang county's catalogue: the three rule departments and the partner programmes of §11. */
export const SIYANG_CATALOGUE_2025: ProgrammeCatalogue = {
  id: 'siyang-321323-catalogue',
  version: 1,
  jurisdiction: '321323',
  validFrom: '2025-01-01',
  source: SOURCE,
  programmes: [...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES],
};

/** Binzhou city's catalogue (its districts and counties). */
export const BINZHOU_CATALOGUE_2025: ProgrammeCatalogue = {
  id: 'binzhou-371600-catalogue',
  version: 1,
  jurisdiction: '371600',
  validFrom: '2025-01-01',
  source: SOURCE,
  programmes: [...RULE_PROGRAMMES, ...PARTNER_PROGRAMMES],
};

/** Like the parameter sets, no national fallback: a jurisdiction publishes its own catalogue. */
export const DEFAULT_CATALOGUES: readonly ProgrammeCatalogue[] = [SIYANG_CATALOGUE_2025, BINZHOU_CATALOGUE_2025];
