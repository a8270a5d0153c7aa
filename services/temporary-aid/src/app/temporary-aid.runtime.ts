import type { ServiceSpec } from '@onedoor/service-kit';

/** Published to onedoor.temporary-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay private. */
export const TEMPORARY_AID: ServiceSpec = {
  service: 'temporary-aid',
  publicTypes: ['CaseOpened', 'AidGranted', 'AidRefused', 'ReferralIssued', 'CasePaid', 'DeadlineMissed'],
};

export const TEMPORARY_AID_RUNTIME = Symbol('temporary-aid-runtime');
