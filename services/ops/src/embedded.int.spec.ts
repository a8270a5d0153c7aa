/**
 * The embedded store: with DATABASE_URL unset and the PGlite directory present, replay, verify and
 * audit work on it; the Kafka commands say they need KAFKA_BROKERS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '@onedoor/contracts';
import { PgliteDriver } from '@onedoor/event-store';
import { onedoor } from './test/cli';
import { siyangScenario, World } from './test/world';

jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'onedoor-ops-pglite-'));
const env = { ONEDOOR_DATA_DIR: dir };
let apps: Awaited<ReturnType<typeof siyangScenario>>;

beforeAll(async () => {
  const world = await World.create(await PgliteDriver.open(dir));
  apps = await siyangScenario(world);
  await world.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onedoor on the embedded store', () => {
  it('replays, swaps and finds nothing to change afterwards', async () => {
    const r = await onedoor(['replay', 'all', '--swap', '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.database).toBe(`PGlite ${dir}`);
    expect(out.diff.dossiers).toMatchObject({ live: 3, rebuilt: 3, missing: 0, extra: 0, different: 0 });
    expect(out.swap.mode).toBe('tables');
    const again = (await onedoor(['replay', 'dossier', '--json'], env)).json();
    expect(again.diff.dossiers.different).toBe(0);
  });

  it('verifies the chains and says the Kafka check needs KAFKA_BROKERS', async () => {
    const r = await onedoor(['verify'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kafka: skipped — Kafka cross-check needs KAFKA_BROKERS');
    expect(r.stdout).toContain(`OK: ${SERVICES.length} chains intact`);
  });

  it('audits and rechecks', async () => {
    const r = await onedoor(['audit', 'recheck', apps.fire, '--json'], env);
    expect(r.code).toBe(0);
    expect(r.json().counts.different).toBe(0);
    expect((await onedoor(['audit', apps.chain], env)).stdout).toContain('medical-aid granted 2220000 fen');
  });

  it('the Kafka commands need KAFKA_BROKERS', async () => {
    const r = await onedoor(['dlq', 'list'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this command needs Kafka: set KAFKA_BROKERS');
    expect((await onedoor(['kafka', 'replay', '--group', 'g', '--topic', 't', '--from', '2026-01-01'], env)).code).toBe(2);
  });
});
