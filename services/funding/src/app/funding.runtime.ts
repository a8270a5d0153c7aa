import { EVENTS_BY_SERVICE } from '@onedoor/contracts';
import type { ServiceSpec } from '@onedoor/service-kit';

export const FUNDING: ServiceSpec = {
  service: 'funding',
  publicTypes: EVENTS_BY_SERVICE.funding,
};
