/**
 * The services' event stores, opened with each service's own spec (schema versions and
 * upcasters). This module brings the services' code with it: commands load it when they need it.
 */
import { EVENTS_BY_SERVICE, SERVICES, type Service } from '@onedoor/contracts';
import { EDUCATION_AID } from '@onedoor/education-aid';
import { EventStore, quoteSchema, type SqlDriver } from '@onedoor/event-store';
import { FUNDING } from '@onedoor/funding';
import { INTAKE } from '@onedoor/intake';
import { MEDICAL_AID } from '@onedoor/medical-aid';
import { TEMPORARY_AID } from '@onedoor/temporary-aid';
import type { ServiceSpec } from '@onedoor/service-kit';
import type { Io } from './cli/context';
import { topicFor } from './infra';

export interface ServiceStore {
  service: Service;
  schema: string;
  store: EventStore;
  /** Event types the service publishes on its topic (EVENTS_BY_SERVICE, which its relay selects). */
  publicTypes: readonly string[];
  topic: string;
}

/**
 * The event stores of the services, each with its service's schema versions and upcasters
 * (taken from the services' own specs), so events read here are the events the services read.
 * Stores whose schema does not exist (a service never started on this database) are left out.
 */
export async function serviceStores(io: Io, driver: SqlDriver, only?: readonly string[]): Promise<{ stores: ServiceStore[]; absent: Service[] }> {
  const stores: ServiceStore[] = [];
  const absent: Service[] = [];
  for (const service of SERVICES) {
    if (only && !only.includes(service)) continue;
    const spec: Partial<ServiceSpec> = SPECS[service as keyof typeof SPECS] ?? {};
    const schema = service.replace(/-/g, '_');
    const { rows } = await driver.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [`${quoteSchema(schema)}.events`]);
    if (!rows[0]?.t) {
      absent.push(service);
      continue;
    }
    stores.push({
      service,
      schema,
      store: new EventStore(driver, { schema, schemaVersions: spec.schemaVersions, upcasters: spec.upcasters }),
      publicTypes: EVENTS_BY_SERVICE[service],
      topic: topicFor(io, service),
    });
  }
  return { stores, absent };
}

/**
 * The services whose stores have their own schema versions or upcasters; any other service (a
 * department on the kit) reads its store with the contract's versions alone.
 */
const SPECS: Partial<Record<Service, ServiceSpec>> = { intake: INTAKE, 'temporary-aid': TEMPORARY_AID, 'medical-aid': MEDICAL_AID, 'education-aid': EDUCATION_AID, funding: FUNDING };

