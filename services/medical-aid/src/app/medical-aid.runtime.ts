import type { ServiceSpec } from '@onedoor/service-kit';

/** Published to onedoor.medical-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay private. */
export const MEDICAL_AID: ServiceSpec = {
  service: 'medical-aid',
  publicTypes: ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'],
};

export const MEDICAL_AID_RUNTIME = Symbol('medical-aid-runtime');
