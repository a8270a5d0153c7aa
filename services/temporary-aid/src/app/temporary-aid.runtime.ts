import { EVENTS_BY_SERVICE, PAYLOAD_UPCASTERS, SCHEMA_VERSIONS } from '@onedoor/contracts';
import type { ServiceSpec } from '@onedoor/service-kit';

/**
 * Published to onedoor.temporary-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay
 * private. ReferralIssued is written at schema version 2 (the receiving department's case file);
 * version 1 referrals in the store are read, and so republished, through the contract's upcaster.
 */
export const TEMPORARY_AID: ServiceSpec = {
  service: 'temporary-aid',
  publicTypes: EVENTS_BY_SERVICE['temporary-aid'],
  schemaVersions: { ReferralIssued: SCHEMA_VERSIONS.ReferralIssued },
  upcasters: { ReferralIssued: PAYLOAD_UPCASTERS.ReferralIssued! },
};

export const TEMPORARY_AID_RUNTIME = Symbol('temporary-aid-runtime');
