import type { ApplicationRouted, HousingAidCaseFile, Provenance, RoutedProgramme } from '@onedoor/contracts';

/** A Monday morning in China (2026-11-30, 10:00 UTC+8). */
export const NOW = '2026-11-30T02:00:00.000Z';
export const APPLICATION = 'app-housing-1';
export const CASE = `housing-aid-${APPLICATION}`;

export const rentalSubsidy: RoutedProgramme = {
  programmeId: 'housing-rental-subsidy',
  category: 'housing',
  amount: { kind: 'bounds', minFen: 10_000, maxFen: 90_000 },
  decisionWorkingDays: 10,
  budgetProgramme: 'housing-aid',
  reasons: ['dibao household renting below the floor-area line'],
  ruleIds: ['housingAidEligible'],
};
export const publicRentalHome: RoutedProgramme = {
  programmeId: 'housing-public-rental',
  category: 'housing',
  amount: { kind: 'in_kind' },
  decisionWorkingDays: 20,
  budgetProgramme: 'housing-aid',
  reasons: ['dibao household without a home'],
  ruleIds: ['housingAidEligible'],
};

export const housingCaseFile: HousingAidCaseFile = {
  applicationId: APPLICATION,
  applicantRef: 'p-applicant',
  registeredJurisdiction: '321323100',
  tier: 'dibao',
  householdSize: 3,
  housing: { tenure: 'rented', floorAreaM2: 30 },
};

export const provenance: Provenance = { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: ['housingAidEligible'] };

export const routedToHousing = (programmes: RoutedProgramme[] = [rentalSubsidy, publicRentalHome]): ApplicationRouted => ({
  applicationId: APPLICATION,
  routes: [{ department: 'housing-aid', caseId: CASE, reasons: ['housing difficulty'], caseFile: housingCaseFile, programmes }],
  transferDueBy: '2026-12-02',
  provenance,
});

export const officer = { sub: 'officer-li', role: 'officer', level: 'county' as const };
