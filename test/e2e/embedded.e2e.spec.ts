/**
 * End to end, embedded: the all-in-one process (PGlite in a fresh directory, in-process bus), as
 * `npm start` runs it. The scenarios shared with the gateway (test/support/scenarios: worked
 * examples 1 and 2 with every amount and a crash (SIGKILL) that loses nothing; an application every
 * department refuses; an emergency without the economic check), and what /metrics shows once an
 * application settled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { nightFire, People, SIYANG, townships } from '../support/applications';
import { allocate, submitOk, waitSettledOrRefused } from '../support/onedoor';
import { oneDoorScenarios } from '../support/scenarios';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-embedded-'));
const people = new People();
const [T1, T2, T3, T4, T5] = townships(5);
let server: EmbeddedServer;
let intake: ApiClient;
let funding: ApiClient;

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-embedded' });
  intake = api(server.url, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
  funding = api(server.url, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OneDoor, embedded (one process, PGlite, in-process bus)', () => {
  it('reports healthy in embedded mode', async () => {
    const res = await api(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('embedded');
  });

  oneDoorScenarios(() => ({ url: server.url, crash: () => server.restart() }), [T1, T2, T3, T4]);

  it('/metrics shows HTTP latency by route, consumer handling time and one submit-to-settled observation per settled application', async () => {
    const scrape = async () => {
      const res = await api(server.url).get<string>('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };
    const sample = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const settledCount = /^onedoor_submit_to_settled_seconds_count\{outcome="granted"\} (\S+)$/m;
    const before = sample(await scrape(), settledCount);

    await allocate(funding, 'temporary-aid', T5, 1_000_000, { reserveFund: true });
    const id = await submitOk(intake, nightFire(people, T5));
    expect(await waitSettledOrRefused(intake, id, 90_000)).toMatchObject({ status: 'settled' });
    await waitFor(async () => sample(await scrape(), settledCount) > before || undefined, { timeoutMs: 10_000 });
    const text = await scrape();
    expect(sample(text, settledCount)).toBe(before + 1);

    expect(text).toMatch(/^onedoor_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/v1\/applications",status_class="2xx"\} [1-9]/m);
    expect(text).not.toMatch(new RegExp(`route="[^"]*${id}`)); // patterns, never raw URLs
    expect(sample(text, /^onedoor_consumer_handling_seconds_count\{service="funding",consumer="[^"]+",mode="(?:message|batch)"\} (\S+)$/m)).toBeGreaterThan(0);
    expect(text).toMatch(/^onedoor_consumer_up\{service="intake",consumer="[^"]+"\} 1$/m);
    expect(text).toMatch(/^onedoor_relay_publish_seconds_count\{service="intake"\} [1-9]/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    // Every family typed and documented.
    const typed = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    const documented = new Set([...text.matchAll(/^# HELP (\S+) /gm)].map((m) => m[1]));
    expect(typed.filter((name) => !documented.has(name))).toEqual([]);
    expect(typed).toEqual(expect.arrayContaining(['onedoor_events_appended_total', 'onedoor_relay_lag_events', 'onedoor_inbox_processed', 'onedoor_dead_letters']));
  });
});
