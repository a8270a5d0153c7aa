import { readiness, type ReadinessInput } from './readiness';

const NOW = Date.parse('2026-11-20T08:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

function input(overrides: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    now: NOW,
    database: { ok: true },
    broker: { ok: true },
    services: [
      {
        service: 'intake',
        relay: { state: 'running', since: ago(60_000) },
        consumers: [{ name: 'intake.dossier', status: { state: 'running', since: ago(60_000) } }],
      },
    ],
    ...overrides,
  };
}

describe('readiness', () => {
  it('is ready when the database and broker answer, the relay runs and every consumer runs', () => {
    const r = readiness(input());
    expect(r.ready).toBe(true);
    expect(Object.keys(r.components)).toEqual(['database', 'broker', 'intake.relay', 'intake.consumer.intake.dossier']);
    expect(Object.values(r.components).every((c) => c.ok)).toBe(true);
  });

  it('a relay standing by (another instance publishes) is ready', () => {
    const r = readiness(input({ services: [{ service: 'funding', relay: { state: 'standby', since: ago(600_000), reason: 'another instance holds the lock' }, consumers: [] }] }));
    expect(r).toEqual({
      ready: true,
      components: expect.objectContaining({ 'funding.relay': { ok: true, state: 'standby', since: ago(600_000), reason: 'another instance holds the lock' } }),
    });
  });

  it('no broker to reach (in-process bus): no broker component', () => {
    const r = readiness(input({ broker: undefined }));
    expect(r.ready).toBe(true);
    expect(r.components.broker).toBeUndefined();
  });

  it('database or broker down: not ready, with the reason', () => {
    const db = readiness(input({ database: { ok: false, reason: 'database did not answer within 2000 ms' } }));
    expect(db.ready).toBe(false);
    expect(db.components.database).toEqual({ ok: false, state: 'down', reason: 'database did not answer within 2000 ms' });
    const broker = readiness(input({ broker: { ok: false, reason: 'KafkaJSConnectionError: Connection error' } }));
    expect(broker.ready).toBe(false);
    expect(broker.components.broker).toMatchObject({ ok: false, reason: /Connection error/ });
  });

  it('a relay retrying for a moment is ready; retrying longer than the grace is not', () => {
    const relay = (sinceMs: number) => [{ service: 'intake', relay: { state: 'retrying' as const, since: ago(sinceMs), reason: 'KafkaJSNumberOfRetriesExceeded' }, consumers: [] }];
    expect(readiness(input({ services: relay(2000) })).ready).toBe(true);
    const long = readiness(input({ services: relay(6000) }));
    expect(long.ready).toBe(false);
    expect(long.components['intake.relay']).toMatchObject({ ok: false, state: 'retrying', reason: 'KafkaJSNumberOfRetriesExceeded' });
    expect(readiness(input({ services: relay(6000), relayGraceMs: 10_000 })).ready).toBe(true);
  });

  it('a stopped relay is not ready', () => {
    const r = readiness(input({ services: [{ service: 'intake', relay: { state: 'stopped', since: ago(1000) }, consumers: [] }] }));
    expect(r.ready).toBe(false);
  });

  it.each(['retrying', 'stopped', 'failed'] as const)('a consumer %s is not ready, whatever else holds', (state) => {
    const r = readiness(input({
      services: [{ service: 'medical-aid', relay: { state: 'running', since: ago(1) }, consumers: [
        { name: 'medical-aid.from-intake', status: { state: 'running' } },
        { name: 'medical-aid.from-funding', status: { state, since: ago(100), reason: 'the database is away' } },
      ] }],
    }));
    expect(r.ready).toBe(false);
    expect(r.components['medical-aid.consumer.medical-aid.from-intake'].ok).toBe(true);
    expect(r.components['medical-aid.consumer.medical-aid.from-funding']).toEqual({ ok: false, state, since: ago(100), reason: 'the database is away' });
  });
});
