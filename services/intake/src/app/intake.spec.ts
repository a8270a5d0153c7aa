import { EVENTS_BY_SERVICE, PAYLOAD_UPCASTERS, SCHEMA_VERSIONS } from '@onedoor/contracts';
import type { ServiceSpec } from '@onedoor/service-kit';

export const INTAKE: ServiceSpec = {
  service: 'intake',
  publicTypes: EVENTS_BY_SERVICE.intake,
  schemaVersions: {
    ApplicationSubmitted: SCHEMA_VERSIONS.ApplicationSubmitted,
    ApplicationRouted: SCHEMA_VERSIONS.ApplicationRouted,
    ApplicationSettled: SCHEMA_VERSIONS.ApplicationSettled,
    // Private: version 2 seals each person's facts under their subject key (version 1, in clear, is read as stored).
    HouseholdAssessed: 2,
  },
  // ApplicationSubmitted version 1 is read as stored: its full case file is the application's own
  // record (what HouseholdAssessed holds since version 2); consumers read it through the contract.
  upcasters: { ApplicationRouted: PAYLOAD_UPCASTERS.ApplicationRouted!, ApplicationSettled: PAYLOAD_UPCASTERS.ApplicationSettled! },
};
export const INTAKE_RUNTIME = Symbol('intake-runtime');
