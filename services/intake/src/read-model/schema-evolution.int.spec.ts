/**
 * Schema evolution: a store written with AidGranted v1 (amount in yuan), read through a v1→v2
 * upcaster, rebuilds the same dossier as a store written in v2 (amountFen) from the start.
 */
import { EventStore, PostgresDriver, type NewEvent, type RecordedEvent } from '@onedoor/event-store';
import { toEnvelope } from '@onedoor/messaging';
import { emptyDossier, evolveDossier } from './dossier';

const app = 'app-evolution';
const routed = { type: 'ApplicationRouted', data: { applicationId: app, routes: [{ department: 'medical-aid', caseId: `medical-aid-${app}`, reasons: [] }] } };
const paid = { type: 'CasePaid', data: { applicationId: app, department: 'medical-aid', caseId: `medical-aid-${app}`, grantId: 'g1', amountFen: 2220000, budgetId: 'b' } };
const settled = { type: 'ApplicationSettled', data: { applicationId: app, outcome: 'granted', grantedFen: 2220000, paidFen: 2220000, settledAt: '2026-12-01T02:00:00.000Z' } };
const grantV1 = { type: 'AidGranted', schemaVersion: 1, data: { applicationId: app, department: 'medical-aid', caseId: `medical-aid-${app}`, grantId: 'g1', amount: 22200, reasons: ['formula'] } };
const grantV2 = { type: 'AidGranted', schemaVersion: 2, data: { applicationId: app, department: 'medical-aid', caseId: `medical-aid-${app}`, grantId: 'g1', amountFen: 2220000, reasons: ['formula'] } };

describe('schema evolution with upcasters', () => {
  const driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
  afterAll(() => driver.close());

  /** Reads the whole store; readAll may hold events back while older transactions anywhere in the cluster run. */
  async function rebuild(store: EventStore, expected = 4) {
    const events: RecordedEvent[] = [];
    const until = Date.now() + 60_000;
    for (let after = '0:0'; events.length < expected && Date.now() < until; ) {
      const batch = await store.readAll({ after, limit: 100 });
      if (!batch.events.length) await new Promise((r) => setTimeout(r, 50));
      events.push(...batch.events);
      after = batch.checkpoint;
    }
    expect(events).toHaveLength(expected);
    const d = events.map(toEnvelope).reduce(evolveDossier, emptyDossier(app));
    return { ...d, updatedAt: 'ignored' };
  }

  async function storeWith(schema: string, events: NewEvent[], options: Partial<ConstructorParameters<typeof EventStore>[1]> = {}) {
    const writer = new EventStore(driver, { schema });
    await writer.migrate();
    for (const e of events) await writer.append(`s-${e.type}`, [e]);
    return new EventStore(driver, { schema, ...options });
  }

  it('replays v1 events through the upcaster into the same read model as v2 events', async () => {
    const suffix = Date.now().toString(36);
    const v2 = await storeWith(`evo_v2_${suffix}`, [routed, grantV2, paid, settled], { schemaVersions: { AidGranted: 2 } });
    const v1 = await storeWith(`evo_v1_${suffix}`, [routed, grantV1, paid, settled], {
      schemaVersions: { AidGranted: 2 },
      upcasters: {
        AidGranted: {
          1: ({ amount, ...rest }: { amount: number }) => ({ ...rest, amountFen: Math.round(amount * 100) }),
        },
      },
    });
    const [fromV1, fromV2] = [await rebuild(v1), await rebuild(v2)];
    expect(fromV1).toEqual(fromV2);
    expect(fromV1.status).toBe('settled');
    expect(fromV1.totals).toEqual({ grantedFen: 2220000, paidFen: 2220000 });
    const [upcast] = (await v1.readStream('s-AidGranted')) as RecordedEvent<{ amountFen: number }>[];
    expect(upcast.schemaVersion).toBe(2);
    expect(upcast.data.amountFen).toBe(2220000);
  });
});
