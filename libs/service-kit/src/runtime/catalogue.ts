import { readFileSync } from 'node:fs';
import { ConcurrencyError, type EventStore, type RecordedEvent } from '@onedoor/event-store';
import {
  CatalogueRegistry, DEFAULT_CATALOGUES, evolveCatalogues, parseCatalogueFile, PROGRAMME_CATALOGUE_PUBLISHED, type ProgrammeCatalogue,
  type ProgrammeCataloguePublished,
} from '@onedoor/policy';
import { uuidFromName } from './ids';

export const CATALOGUE_STREAM = 'policy-programme-catalogues';

const eventOf = (catalogue: ProgrammeCatalogue, actor: { sub: string; role: string }) => ({
  type: PROGRAMME_CATALOGUE_PUBLISHED,
  data: { catalogue } satisfies ProgrammeCataloguePublished,
  eventId: uuidFromName(`programme-catalogue|${catalogue.id}|${catalogue.version}`),
  metadata: { correlationId: 'policy', actor },
});

/**
 * The programme catalogues a service routes with, folded from ProgrammeCataloguePublished events of
 * its store's catalogue stream. `current()` reads what was appended since its last read, so a
 * catalogue published by any instance (the admin API, a file at another instance's start) is used
 * by the next request without a restart.
 */
export class CatalogueSource {
  private registry = CatalogueRegistry.empty();
  private version = 0;

  constructor(private readonly store: EventStore) {}

  /** The registry with every catalogue published so far (one indexed read of the new events). */
  async current(): Promise<CatalogueRegistry> {
    const events = (await this.store.readStream(CATALOGUE_STREAM, { from: this.version + 1 })) as RecordedEvent<ProgrammeCataloguePublished>[];
    let registry = this.registry;
    for (const e of events) registry = evolveCatalogues(registry, e.data);
    if (events.length) {
      this.registry = registry;
      this.version = events[events.length - 1].streamVersion;
    }
    return this.registry;
  }

  /**
   * Publishes catalogues not yet on the stream (by id and version; the same one again is a no-op),
   * after checking they fit the registry (CatalogueConflictError, ProgrammeCatalogueError otherwise).
   */
  async publish(catalogues: readonly ProgrammeCatalogue[], actor: { sub: string; role: string }): Promise<CatalogueRegistry> {
    let registry = await this.current();
    const fresh = catalogues.filter((c) => !registry.find(c.id, c.version));
    for (const c of catalogues) registry = registry.withCatalogue(c);
    // After exactly the events read: a concurrent publication makes this one a ConcurrencyError (409), never a lost update.
    if (fresh.length) await this.store.append(CATALOGUE_STREAM, fresh.map((c) => eventOf(c, actor)), { expectedVersion: this.version });
    return this.current();
  }
}

/**
 * The catalogue source of a service: the defaults (policy-rules §3–§6, §11) and the catalogues of
 * ONEDOOR_CATALOGUE_FILE are published to the store as ProgrammeCataloguePublished (once per id
 * and version) before the registry is folded from that stream. A file that does not hold throws
 * ProgrammeCatalogueError naming the field.
 */
export async function loadCatalogues(store: EventStore, file = process.env.ONEDOOR_CATALOGUE_FILE): Promise<CatalogueSource> {
  const source = new CatalogueSource(store);
  const fromFile = file ? parseCatalogueFile(readFileSync(file, 'utf8')) : [];
  for (let attempt = 0; ; attempt++) {
    try {
      await source.publish([...DEFAULT_CATALOGUES, ...fromFile], { sub: 'policy-loader', role: 'admin' });
      return source;
    } catch (e) {
      // Instances starting together publish the same defaults: the loser reads the winner's and tries again.
      if (!(e instanceof ConcurrencyError) || attempt >= 5) throw e;
    }
  }
}
