import type { ParameterSet, PolicyParams } from './parameter-set';

const yuan = (y: number) => y * 100;

/**
 * Figures of policy-rules.md. [S] statute or national text, [L] a local example, [D] illustrative
 * default — replace [D] values with the jurisdiction's published figures.
 */
const commonParams: PolicyParams = {
  dibaoStandardFen: yuan(800), // [D]
  tekunAge: 16, // [S]
  elderlyAge: 60, // [S]
  edgeMultiplierBp: 15000, // 1.5 × standard [S]
  rigidSpendingShareBp: 5000, // 50 % [D]
  lastYearDisposableIncomeMonthlyFen: yuan(2500), // [D] ~30,000 yuan a year
  assetLimitFen: yuan(800 * 24), // [D] 24 months of the standard per person
  maxVehicles: 0, // [D]
  maxExtraHomes: 0, // [D]
  smallFastMaxMultiple: 1, // [S, 2026]
  townshipApprovalCapMultiple: 3, // [L]
  ordinaryMaxMultiple: 6, // [S, Zhejiang]
  specialHardshipMaxMultiple: 12, // [S, Zhejiang]
  medical: {
    // [L, Guangde county]; rigid 50 % is [D]
    tekun: { deductibleFen: 0, ratioBp: 8000, annualCapFen: yuan(50000) },
    dibao: { deductibleFen: 0, ratioBp: 7500, annualCapFen: yuan(50000) },
    edge: { deductibleFen: yuan(3000), ratioBp: 6000, annualCapFen: yuan(50000) },
    rigid: { deductibleFen: yuan(3000), ratioBp: 5000, annualCapFen: yuan(50000) },
  },
  education: {
    // [L]; university is [D]
    preschool: { boardingFen: yuan(1500), dayFen: yuan(1500) },
    primary: { boardingFen: yuan(1250), dayFen: yuan(625) },
    junior: { boardingFen: yuan(1500), dayFen: yuan(750) },
    senior: { boardingFen: yuan(2500), dayFen: yuan(2500), edgeHouseholdFen: yuan(2000) },
    vocational: { boardingFen: yuan(2000), dayFen: yuan(2000) },
    university: { boardingFen: yuan(5000), dayFen: yuan(5000) },
  },
  deadlines: {
    transferWorkingDays: 2, // [D]
    smallFastPaymentDays: 3, // [S, 2026]
    townshipDecisionWorkingDays: 10, // [L]
    ordinaryDecisionWorkingDays: 15, // [L]
    writtenRefusalWorkingDays: 3, // [S]
  },
  appealWindowDays: 60, // [S] administrative reconsideration
  edgeSinglePersonCoverage: false,
};

/** Siyang county, Suqian, Jiangsu. Single-person coverage off, so worked example 2 reads as written. */
export const SIYANG_COUNTY_2025: ParameterSet = {
  id: 'siyang-321323',
  version: 1,
  jurisdiction: '321323',
  validFrom: '2025-01-01',
  source: 'OneDoor defaults from policy-rules.md ([D] values are illustrative)',
  params: commonParams,
};

/** Binzhou city, Shandong: applies to its districts and counties (e.g. Bincheng 371602). */
export const BINZHOU_CITY_2025: ParameterSet = {
  id: 'binzhou-371600',
  version: 1,
  jurisdiction: '371600',
  validFrom: '2025-01-01',
  source: 'OneDoor defaults from policy-rules.md ([D] values are illustrative)',
  params: {
    ...commonParams,
    tekunAge: 18, // [L] some provinces count minors up to 18
    lastYearDisposableIncomeMonthlyFen: yuan(3000), // [D]
    edgeSinglePersonCoverage: true, // [L] 单人保
  },
};

/**
 * There is deliberately no national fallback: the dibao standard and most amounts are local, so a
 * jurisdiction without a published set is an error to fix, not a reason to guess.
 */
export const DEFAULT_PARAMETER_SETS: readonly ParameterSet[] = [SIYANG_COUNTY_2025, BINZHOU_CITY_2025];
