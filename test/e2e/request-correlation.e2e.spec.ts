/**
 * End to end, embedded: every request's log line carries its request id, its correlation id and a
 * trace id, known from the request's start — the client's `correlation-id` / `x-correlation-id`
 * header when well-formed, else the request id, and the application's id once a submission has
 * created it — and a submission's events carry the application's id as correlation id (the
 * envelope contract) in the trace the log line names (read from the stored events once the
 * process has stopped).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInfrastructure, signToken } from '@onedoor/service-kit';
import { startEmbedded, waitFor, type EmbeddedServer } from '@onedoor/testing';
import { nightFire, People, SIYANG, townships } from '../support/applications';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-correlation-'));
const people = new People();
const [T1] = townships(1);
const caseworkerToken = signToken({ sub: 'caseworker-siyang-correlation', roles: ['caseworker'], jurisdiction: SIYANG });
let server: EmbeddedServer;
/** Each submitted application with the correlation id and trace id its request was logged with. */
const submitted: { applicationId: string; correlationId: string; traceId: string }[] = [];

beforeAll(async () => {
  // debug: successful requests are logged too.
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false', ONEDOOR_LOG_LEVEL: 'debug', ONEDOOR_LOG_FORMAT: 'json' }, label: 'e2e-correlation' });
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type LogLine = { msg?: string; requestId?: string; correlationId?: string; traceId?: string };

/** The completion line of the request with this id, once written. */
function requestLine(requestId: string, prefix: string): Promise<LogLine> {
  return waitFor(() =>
    readFileSync(join(server.logDir, 'all-in-one.err.log'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine)
      .find((l) => l.requestId === requestId && l.msg?.startsWith(prefix)),
  );
}

async function submitRest(headers: Record<string, string>) {
  const res = await fetch(`${server.url}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworkerToken}`, ...headers },
    body: JSON.stringify(nightFire(people, T1)),
  });
  const body = (await res.json()) as { applicationId: string };
  expect(res.status).toBe(201);
  return { body, requestId: res.headers.get('x-request-id')!, correlationId: res.headers.get('x-correlation-id') };
}

describe('request, correlation and trace ids', () => {
  it('POST /applications with x-correlation-id: the log line and the answer carry it', async () => {
    const correlationId = `desk-${randomUUID()}`;
    const { body, requestId, correlationId: echoed } = await submitRest({ 'x-correlation-id': correlationId });
    expect(echoed).toBe(correlationId);
    const line = await requestLine(requestId, 'POST /api/v1/applications 201');
    expect(line).toMatchObject({ requestId, correlationId, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    submitted.push({ applicationId: body.applicationId, correlationId, traceId: line.traceId! });
  });

  it("without a (valid) correlation header, the new application's id is the correlation id", async () => {
    for (const headers of [{}, { 'correlation-id': 'not a valid id' }] as Record<string, string>[]) {
      const { body, requestId, correlationId } = await submitRest(headers);
      expect(correlationId).toBe(body.applicationId);
      const line = await requestLine(requestId, 'POST /api/v1/applications 201');
      expect(line).toMatchObject({ requestId, correlationId: body.applicationId, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      submitted.push({ applicationId: body.applicationId, correlationId: body.applicationId, traceId: line.traceId! });
    }
  });

  it('without a correlation header, a request that creates nothing keeps its request id', async () => {
    const res = await fetch(`${server.url}/api/v1/applications?limit=1`, { headers: { authorization: `Bearer ${caseworkerToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe(res.headers.get('x-request-id'));
  });

  it('GraphQL submitApplication with correlation-id: the same', async () => {
    const correlationId = `kiosk-${randomUUID()}`;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworkerToken}`, 'correlation-id': correlationId },
      body: JSON.stringify({ query: 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { applicationId } }', variables: { i: nightFire(people, T1) } }),
    });
    const body = (await res.json()) as { data?: { submitApplication: { applicationId: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    const line = await requestLine(res.headers.get('x-request-id')!, 'POST /graphql 200');
    expect(line).toMatchObject({ correlationId, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    submitted.push({ applicationId: body.data!.submitApplication.applicationId, correlationId, traceId: line.traceId! });
  });

  it('a refused request is logged with its ids too', async () => {
    const res = await fetch(`${server.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'refused-1' }, body: '{}' });
    expect(res.status).toBe(401);
    const line = await requestLine(res.headers.get('x-request-id')!, 'POST /api/v1/applications 401');
    expect(line).toMatchObject({ correlationId: 'refused-1', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("the events each request appended carry the application's id as correlation id, in the trace its log line names", async () => {
    expect(submitted).toHaveLength(4);
    await server.stop();
    // The embedded store itself (PGlite in the data directory), whatever DATABASE_URL the tests run with.
    const infra = await openInfrastructure({ dataDir, databaseUrl: '', kafkaBrokers: '' });
    try {
      for (const { applicationId, traceId } of submitted) {
        const { rows } = await infra.driver.query<{ correlation: string; traceparent: string }>(
          `SELECT metadata->>'correlationId' AS correlation, metadata->>'traceparent' AS traceparent FROM intake.events WHERE stream_id = $1 ORDER BY stream_version`,
          [`application-${applicationId}`],
        );
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.correlation).toBe(applicationId);
          expect(row.traceparent.slice(3, 35)).toBe(traceId);
        }
      }
    } finally {
      await infra.close();
    }
  });
});
