import type { ServiceSpec } from '@onedoor/service-kit';

export const INTAKE: ServiceSpec = {
  service: 'intake',
  publicTypes: ['ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'DeadlineMissed'],
};
export const INTAKE_RUNTIME = Symbol('intake-runtime');
