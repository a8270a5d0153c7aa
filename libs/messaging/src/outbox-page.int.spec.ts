import { HEADERS } from '@onedoor/contracts';
import { EventStore, START, type NewEvent } from '@onedoor/event-store';
import { toMessage } from './envelope';
import { readOutboxPage } from './outbox-page';
import { derivedTraceparent, isTraceparent, traceIdOf } from './trace-context';
import { openRig, RIG_KINDS, type Rig } from './test/rig';
import { waitFor } from './test/wait';

const VALID_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe.each(RIG_KINDS)('readOutboxPage on %s', (kind) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await openRig(kind);
  });
  afterAll(() => rig.close());

  const cases: [string, NewEvent][] = [
    ['full metadata', { type: 'AidGranted', data: { applicationId: 'app-1', amountFen: 240000, reasons: ['a', 'b'], nested: { x: [1, { y: null }] } },
      metadata: { correlationId: 'c-1', causationId: 'k-1', actor: { sub: 'u', role: 'officer' }, jurisdiction: '321323', traceparent: '00-aa-bb-01' } }],
    ['no metadata', { type: 'BudgetAllocated', data: { budgetId: 'b' } }],
    ['no applicationId, correlation', { type: 'FundsReserved', data: { amountFen: 1 }, metadata: { correlationId: 'c-2' } }],
    ['non-string applicationId', { type: 'X', data: { applicationId: 42 }, metadata: { correlationId: 'c-3' } }],
    ['empty applicationId and correlation', { type: 'Y', data: { applicationId: '' }, metadata: { correlationId: '' } }],
    ['explicit nulls', { type: 'Z', data: {}, metadata: { correlationId: null as any, causationId: null as any, actor: null as any } }],
    ['unicode and odd characters', { type: 'ApplicationSubmitted', data: { applicationId: 'app-王芳', note: 'quote " backslash \\ newline \n tab \t 🙂' }, metadata: { correlationId: '关联' } }],
    ['array data', { type: 'W', data: [1, 2, 3] }],
    ['valid traceparent, caused', { type: 'V', data: {}, metadata: { correlationId: 'c-4', causationId: 'k-4', traceparent: VALID_TRACEPARENT } }],
  ];

  it('builds in SQL exactly the messages toMessage builds from readAll (key, headers, envelope)', async () => {
    const { store } = rig;
    let v = 0;
    for (const [, event] of cases) await store.append('outbox-stream', [{ ...event, occurredAt: new Date(Date.UTC(2026, 10, 20, 8, 0, 0, 123 + v++)) }]);
    // Committed is not yet visible while an older transaction anywhere in the cluster is open.
    await waitFor(async () => (await store.readAll({ after: START, limit: 100 })).events.length === cases.length, 'visibility');
    const projected = await readOutboxPage(store, START, 100);
    const reference = await store.readAll({ after: START, limit: 100 });
    expect(projected.read).toBe(cases.length);
    expect(projected.checkpoint).toBe(reference.checkpoint);
    const expected = reference.events.map(toMessage);
    projected.messages.forEach((m, i) => {
      const label = cases[i][0];
      expect({ label, key: m.key, headers: m.headers, envelope: JSON.parse(String(m.value)) }).toEqual({
        label, key: expected[i].key, headers: expected[i].headers, envelope: JSON.parse(String(expected[i].value)),
      });
    });
  });

  it('gives every message every contract header: a root event an empty causation-id, a derived traceparent when none valid is stored', async () => {
    const page = await readOutboxPage(rig.store, START, 100);
    expect(page.messages).toHaveLength(cases.length);
    for (const m of page.messages) {
      expect(Object.keys(m.headers!).sort()).toEqual(Object.values(HEADERS).sort());
      expect(isTraceparent(m.headers![HEADERS.traceparent])).toBe(true);
    }
    const byType = (type: string) => page.messages.find((m) => m.headers![HEADERS.eventType] === type)!.headers!;
    expect(byType('AidGranted')[HEADERS.causationId]).toBe('k-1');
    expect(byType('AidGranted')[HEADERS.traceparent]).toBe(derivedTraceparent('c-1', byType('AidGranted')[HEADERS.eventId])); // '00-aa-bb-01' is no traceparent
    expect(byType('BudgetAllocated')[HEADERS.causationId]).toBe('');
    expect(byType('V')[HEADERS.traceparent]).toBe(VALID_TRACEPARENT);
    expect(traceIdOf(byType('FundsReserved')[HEADERS.traceparent])).toBe(traceIdOf(derivedTraceparent('c-2', 'any')));
  });

  it('passes a select the event’s identity and counts filtered events as read', async () => {
    const page = await readOutboxPage(rig.store, START, 100, (e) => e.type.startsWith('A') && e.streamId === 'outbox-stream' && e.streamVersion > 0);
    expect(page.read).toBe(cases.length);
    expect(page.messages.map((m) => m.headers!['event-type'])).toEqual(['AidGranted', 'ApplicationSubmitted']);
  });

  it('reads through readAll, upcast, when the store has upcasters', async () => {
    const upcasting = new EventStore(rig.driver, {
      schema: rig.store.schema,
      upcasters: { BudgetAllocated: { 1: (data) => ({ ...data, currency: 'CNY' }) } },
    });
    const page = await readOutboxPage(upcasting, START, 100);
    const budget = page.messages.map((m) => JSON.parse(String(m.value))).find((e) => e.type === 'BudgetAllocated');
    expect(budget).toMatchObject({ schemaVersion: 2, data: { budgetId: 'b', currency: 'CNY' } });
  });
});
