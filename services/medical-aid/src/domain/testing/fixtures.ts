import { departmentCaseFileOf, type CaseFile, type MedicalAidCaseFile } from '@onedoor/contracts';
import type { MedicalAidParams } from '../medicalAidParams';

/** The Guangde county table of the policy rules, in fen and basis points. */
export const params: MedicalAidParams = {
  table: {
    tekun: { deductibleFen: 0, ratioBasisPoints: 8000, annualCapFen: 5_000_000 },
    dibao: { deductibleFen: 0, ratioBasisPoints: 7500, annualCapFen: 5_000_000 },
    edge: { deductibleFen: 300_000, ratioBasisPoints: 6000, annualCapFen: 5_000_000 },
    rigid: { deductibleFen: 300_000, ratioBasisPoints: 5000, annualCapFen: 5_000_000 },
  },
  parameterSetId: 'ps-321323-2026',
  parameterSetVersion: 2,
};

export const NOW = '2026-11-21T10:00:00+08:00';
export const DUE_BY = '2026-12-05';
export const APPEAL_BY = '2027-01-20';

/** Worked example 2 (Siyang chain): edge household, the child has leukaemia, residual 40,000 yuan. */
/** Intake's full case file with `overrides`, as the department receives it (departmentCaseFileOf). */
export function siyangCaseFile(overrides: Partial<CaseFile> = {}): MedicalAidCaseFile {
  return departmentCaseFileOf('medical-aid', {
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
      { personRef: 'person-mother', relation: 'self', ageYears: 38, schoolStage: null, boarding: false, disability: 'none', seriousIllness: false },
      { personRef: 'person-child', relation: 'child', ageYears: 9, schoolStage: 'primary', boarding: false, disability: 'none', seriousIllness: true },
      { personRef: 'person-sibling', relation: 'child', ageYears: 16, schoolStage: 'senior', boarding: false, disability: 'none', seriousIllness: false },
    ],
    medical: { patientRef: 'person-child', residualCostFen: 4_000_000 },
    ...overrides,
  });
}
