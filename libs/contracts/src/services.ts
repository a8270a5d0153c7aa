/**
 * What every launcher, deployment and tool needs to know of each service, derived from SERVICES
 * (common.ts): its store schema, its port in distributed mode and the variable that gives its URL
 * to the gateway. Adding a service adds it to SERVICES and gives it a port offset here.
 */
import type { Service } from './common';

/** Port offsets from the base (3000 in development: intake :3001 … partners :3006; the gateway is the base). */
export const SERVICE_PORT_OFFSETS: Record<Service, number> = {
  intake: 1,
  'temporary-aid': 2,
  'medical-aid': 3,
  'education-aid': 4,
  funding: 5,
  partners: 6,
};

/** The service's PostgreSQL schema: its name with `_` for `-` (`temporary_aid`). */
export const schemaOf = (service: Service | string): string => service.replace(/-/g, '_');

/** The gateway's variable for the service's base URL: `ONEDOOR_<SERVICE>_URL` (`ONEDOOR_TEMPORARY_AID_URL`). */
export const serviceUrlVariable = (service: Service): string => `ONEDOOR_${service.toUpperCase().replace(/-/g, '_')}_URL`;

/** The service's default port: base + its offset (development base 3000). */
export const defaultPortOf = (service: Service, base = 3000): number => base + SERVICE_PORT_OFFSETS[service];
