import { departmentCaseFileOf, type CaseFile, type EducationAidCaseFile, type MemberSummary } from '@onedoor/contracts';
import type { EducationAidParams } from '../educationAidParams';

/** The table of the policy rules, in fen. */
export const params: EducationAidParams = {
  amounts: {
    preschool: { dayFen: 150_000, boardingFen: 150_000 },
    primary: { dayFen: 62_500, boardingFen: 125_000 },
    junior: { dayFen: 75_000, boardingFen: 150_000 },
    senior: { dayFen: 250_000, boardingFen: 250_000, edgeHouseholdFen: 200_000 },
    vocational: { dayFen: 200_000, boardingFen: 200_000 },
    university: { dayFen: 500_000, boardingFen: 500_000 },
  },
  parameterSetId: 'ps-321323-2026',
  parameterSetVersion: 2,
};

export const NOW = '2026-11-21T10:00:00+08:00';
export const DUE_BY = '2026-12-05';
export const APPEAL_BY = '2027-01-20';

export const member = (personRef: string, overrides: Partial<MemberSummary> = {}): MemberSummary => ({
  personRef,
  relation: 'child',
  ageYears: 10,
  schoolStage: null,
  boarding: false,
  disability: 'none',
  seriousIllness: false,
  ...overrides,
});

/** Worked example 2 (Siyang chain): edge household; the sick child is not at school, the sibling is in senior secondary. */
/** Intake's full case file with `overrides`, as the department receives it (departmentCaseFileOf). */
export function siyangCaseFile(overrides: Partial<CaseFile> = {}): EducationAidCaseFile {
  return departmentCaseFileOf('education-aid', {
    applicationId: 'app-siyang',
    applicantRef: 'person-mother',
    householdRef: 'household-siyang',
    jurisdiction: '321323100',
    registeredJurisdiction: '321323100201',
    occurredOn: '2026-11-20',
    causes: ['illness', 'schooling'],
    urgent: true,
    tier: 'edge',
    perCapitaIncomeFen: 80_000,
    members: [
      member('person-mother', { relation: 'self', ageYears: 38 }),
      member('person-child', { ageYears: 5, seriousIllness: true }),
      member('person-sibling', { ageYears: 16, schoolStage: 'senior' }),
    ],
    medical: { patientRef: 'person-child', residualCostFen: 4_000_000 },
    ...overrides,
  });
}
