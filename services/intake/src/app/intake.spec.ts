import { PAYLOAD_UPCASTERS, SCHEMA_VERSIONS } from '@onedoor/contracts';
import type { ServiceSpec } from '@onedoor/service-kit';

export const INTAKE: ServiceSpec = {
  service: 'intake',
  publicTypes: ['ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'DeadlineMissed', 'PersonalDataErased'],
  schemaVersions: { ApplicationSettled: SCHEMA_VERSIONS.ApplicationSettled },
  upcasters: { ApplicationSettled: PAYLOAD_UPCASTERS.ApplicationSettled! },
};
export const INTAKE_RUNTIME = Symbol('intake-runtime');
