import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, EventStore, PostgresDriver } from '@onedoor/event-store';
import { ProgrammeCatalogueError, SIYANG_CATALOGUE_2025, type Programme, type ProgrammeCataloguePublished } from '@onedoor/policy';
import { CATALOGUE_STREAM, CatalogueSource, loadCatalogues } from './catalogue';

const heating: Programme = {
  id: 'housing-aid.heating-subsidy', department: 'housing-aid', category: 'housing', name: { zh: '取暖补贴', en: 'heating subsidy' },
  eligibility: { tiers: ['dibao'] }, askedBy: { facts: ['housing'] }, amount: { kind: 'bounds', minFen: 0, maxFen: 50_000 }, decisionWorkingDays: 10, budgetProgramme: 'housing-aid',
};
const admin = { sub: 'admin-1', role: 'admin' };

describe('programme catalogues on the store (PostgreSQL)', () => {
  let driver: PostgresDriver;
  let store: EventStore;
  const dir = mkdtempSync(join(tmpdir(), 'onedoor-catalogue-'));

  beforeAll(async () => {
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
    store = new EventStore(driver, { schema: `cat_${process.pid}_${Date.now().toString(36)}` });
    await store.migrate();
  });
  afterAll(async () => {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two instances starting together publish the defaults once; a catalogue one publishes is read by the other on its next read', async () => {
    const [a, b] = await Promise.all([loadCatalogues(store, undefined), loadCatalogues(store, undefined)]);
    expect((await store.readStream(CATALOGUE_STREAM)).map((e) => (e.data as ProgrammeCataloguePublished).catalogue.id)).toEqual(['siyang-321323-catalogue', 'binzhou-371600-catalogue']);
    const registryA = await a.current();
    await b.publish([registryA.catalogueWithProgramme('321323100', '2026-12-01', heating)], admin);
    const seenByA = (await a.current()).lookup('321323100201', '2026-12-01');
    expect(seenByA).toMatchObject({ id: '321323100-2026-12-01', version: 1 });
    expect(seenByA.programmes.map((p) => p.id)).toContain(heating.id);
  });

  it('concurrent publications: each is stored, or refused with a ConcurrencyError (409), never lost', async () => {
    const sources = [new CatalogueSource(store), new CatalogueSource(store), new CatalogueSource(store)];
    const catalogues = ['371621', '371622', '371623'].map((jurisdiction) => ({ ...SIYANG_CATALOGUE_2025, id: `c-${jurisdiction}`, jurisdiction }));
    const outcomes = await Promise.allSettled(sources.map((s, i) => s.publish([catalogues[i]], admin)));
    const stored = new Set((await store.readStream(CATALOGUE_STREAM)).map((e) => (e.data as ProgrammeCataloguePublished).catalogue.id));
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') expect(stored.has(catalogues[i].id)).toBe(true);
      else expect(o.reason).toBeInstanceOf(ConcurrencyError);
    });
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
  });

  it('a catalogue that contradicts a published one is refused before it is stored', async () => {
    const source = new CatalogueSource(store);
    const siyangV1 = (await source.current()).find('siyang-321323-catalogue', 1)!;
    await expect(source.publish([{ ...siyangV1, programmes: [heating] }], admin)).rejects.toThrow(/already published with other content/);
  });

  it('loads ONEDOOR_CATALOGUE_FILE, and refuses a file that does not hold, naming the field', async () => {
    const file = join(dir, 'catalogue.json');
    writeFileSync(file, JSON.stringify({ catalogues: [{ id: 'bincheng', version: 1, jurisdiction: '371631', validFrom: '2026-01-01', programmes: [heating] }] }));
    const source = await loadCatalogues(store, file);
    expect((await source.current()).lookup('371631001', '2026-06-01').programmes).toEqual([heating]);
    writeFileSync(file, JSON.stringify({ catalogues: [{ id: 'bincheng', version: 2, jurisdiction: '371631', validFrom: '2026-01-01', programmes: [{ ...heating, decisionWorkingDays: 0 }] }] }));
    await expect(loadCatalogues(store, file)).rejects.toThrow(ProgrammeCatalogueError);
    await expect(loadCatalogues(store, file)).rejects.toThrow(/catalogues\[0\]\.programmes\[0\]\.decisionWorkingDays/);
  });
});
