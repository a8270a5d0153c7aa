/**
 * A ProgrammeCataloguePublished already on the store that a rule added since would refuse (a
 * programme open to everyone, bounds above what one decision may grant) is read as stored: the
 * service starts and routes with it, and a new version carrying it (another programme put beside
 * it) is published; the programme itself written anew is refused.
 */
import { EventStore, PostgresDriver } from '@onedoor/event-store';
import {
  DECISION_MAX_FEN, PROGRAMME_CATALOGUE_PUBLISHED, ProgrammeCatalogueError, SIYANG_CATALOGUE_2025, validateProgramme, type Programme, type ProgrammeCatalogue,
} from '@onedoor/policy';
import { CATALOGUE_STREAM, loadCatalogues } from './catalogue';

const open = {
  id: 'housing-aid.open-subsidy', department: 'housing-aid', category: 'housing', name: { zh: '普惠补贴', en: 'open subsidy' },
  eligibility: {}, askedBy: {}, amount: { kind: 'bounds', minFen: 0, maxFen: DECISION_MAX_FEN, per: 'person' }, decisionWorkingDays: 10, budgetProgramme: 'housing-aid',
};
const stored = { ...SIYANG_CATALOGUE_2025, id: 'sihong-before-the-rules', jurisdiction: '321324', programmes: [open] } as unknown as ProgrammeCatalogue;

describe('a stored catalogue a later rule refuses (PostgreSQL)', () => {
  let driver: PostgresDriver;
  let store: EventStore;

  beforeAll(async () => {
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
    store = new EventStore(driver, { schema: `catst_${process.pid}_${Date.now().toString(36)}` });
    await store.migrate();
    await store.append(CATALOGUE_STREAM, [{ type: PROGRAMME_CATALOGUE_PUBLISHED, data: { catalogue: stored }, metadata: { correlationId: 'policy', actor: { sub: 'admin-1', role: 'admin' } } }], { expectedVersion: 0 });
  });
  afterAll(async () => {
    await driver.close();
  });

  it('starts, reads it as stored, publishes a version carrying it, and refuses it written anew', async () => {
    const source = await loadCatalogues(store, undefined);
    const registry = await source.current();
    expect(registry.lookup('321324100201', '2026-01-01')).toMatchObject({ id: 'sihong-before-the-rules', programmes: [expect.objectContaining({ id: open.id, eligibility: {} })] });
    expect(registry.lookup('321323100201', '2026-01-01').id).toBe('siyang-321323-catalogue');
    const heating = { ...open, id: 'housing-aid.heating-subsidy', eligibility: { tiers: ['dibao'] }, amount: { kind: 'bounds', minFen: 0, maxFen: 20_000 } } as unknown as Programme;
    const next = registry.catalogueWithProgramme('321324', stored.validFrom, validateProgramme(heating));
    const after = await source.publish([next], { sub: 'admin-1', role: 'admin' });
    expect(after.lookup('321324100201', '2026-01-01').programmes.map((p) => p.id)).toEqual([open.id, heating.id]);
    expect(() => validateProgramme(open)).toThrow(ProgrammeCatalogueError);
  });
});
