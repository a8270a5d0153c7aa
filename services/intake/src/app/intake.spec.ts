import { SCHEMA_VERSIONS } from '@onedoor/contracts';
import type { ServiceSpec } from '@onedoor/service-kit';
import { applicationSettledV1ToV2 } from '../domain/state';

export const INTAKE: ServiceSpec = {
  service: 'intake',
  publicTypes: ['ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'DeadlineMissed'],
  schemaVersions: { ApplicationSettled: SCHEMA_VERSIONS.ApplicationSettled },
  upcasters: { ApplicationSettled: { 1: applicationSettledV1ToV2 } },
};
export const INTAKE_RUNTIME = Symbol('intake-runtime');
