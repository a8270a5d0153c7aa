import type { ServiceSpec } from '@onedoor/service-kit';

/** Published to onedoor.education-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay private. */
export const EDUCATION_AID: ServiceSpec = {
  service: 'education-aid',
  publicTypes: ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'],
};

export const EDUCATION_AID_RUNTIME = Symbol('education-aid-runtime');
