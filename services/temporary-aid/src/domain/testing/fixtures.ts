import { departmentCaseFileOf, type CaseFile, type TemporaryAidCaseFile } from '@onedoor/contracts';
import type { TemporaryAidParams } from '../temporaryAidParams';

/** dibaoStandard = 800 yuan, as in the worked examples. */
export const params: TemporaryAidParams = {
  dibaoStandardFen: 80_000,
  smallFastMaxMultiple: 1,
  townshipApprovalCapMultiple: 3,
  ordinaryMaxMultiple: 6,
  specialHardshipMaxMultiple: 12,
  parameterSetId: 'ps-321323-2026',
  parameterSetVersion: 2,
};

export const NOW = '2026-11-20T09:00:00+08:00';
export const APPEAL_BY = '2027-01-19';
export const DUE_BY = { small_fast: '2026-11-23T09:00:00+08:00', advance: '2026-12-04', ordinary: '2026-12-11' };

/** Intake's full case file with `overrides`, as the department receives it (departmentCaseFileOf). */
export function caseFile(overrides: Partial<CaseFile> = {}): TemporaryAidCaseFile {
  return departmentCaseFileOf('temporary-aid', {
    applicationId: 'app-1',
    applicantRef: 'person-wang',
    householdRef: 'household-wang',
    jurisdiction: '321323100',
    registeredJurisdiction: '321323100201',
    occurredOn: '2026-11-19',
    causes: ['fire'],
    urgent: true,
    tier: 'none',
    perCapitaIncomeFen: 300_000,
    members: [
      {
        personRef: 'person-wang',
        relation: 'self',
        ageYears: 46,
        schoolStage: null,
        boarding: false,
        disability: 'none',
        seriousIllness: false,
      },
    ],
    ...overrides,
  });
}
