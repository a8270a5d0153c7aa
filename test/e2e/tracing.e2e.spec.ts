/**
 * End to end, traced: intake, temporary aid and funding as separate processes exporting their
 * spans (OTLP/JSON over HTTP) to a collector in this test. One worked example submitted with a
 * W3C traceparent is one trace: the HTTP POST in intake, the handling of each of its events in
 * temporary aid and funding, and the publication of CasePaid, all under the submission's trace id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, waitFor, type Cluster } from '@onedoor/testing';
import { nightFire, People, SIYANG, townships } from '../support/applications';
import { allocate, expectStatus, waitForDossier } from '../support/onedoor';

jest.setTimeout(120_000);

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const KIND = { 1: 'internal', 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' } as Record<number, string>;

/** OTLP/JSON ids are hex; some encoders send base64 — both read as lower-case hex. */
const hexId = (id: unknown, length: number) => {
  if (typeof id !== 'string' || id === '') return '';
  return new RegExp(`^[0-9a-fA-F]{${length}}$`).test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
};

const valueOf = (v: Record<string, unknown> | undefined): unknown =>
  v === undefined ? undefined : (v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? JSON.stringify(v));

const attributesOf = (list: unknown): Record<string, unknown> =>
  Object.fromEntries(((list as { key: string; value: Record<string, unknown> }[] | undefined) ?? []).map((a) => [a.key, valueOf(a.value)]));

/** A minimal OTLP/HTTP trace receiver: stores every span POSTed to /v1/traces as JSON. */
function otlpCollector(): Promise<{ server: Server; url: string; spans: CollectedSpan[] }> {
  const spans: CollectedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (req.url === '/v1/traces' && /json/.test(req.headers['content-type'] ?? '')) {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          for (const rs of body.resourceSpans ?? []) {
            const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
            for (const ss of rs.scopeSpans ?? []) {
              for (const s of ss.spans ?? []) {
                spans.push({
                  service,
                  traceId: hexId(s.traceId, 32),
                  spanId: hexId(s.spanId, 16),
                  parentSpanId: hexId(s.parentSpanId, 16),
                  name: s.name,
                  kind: s.kind,
                  attributes: attributesOf(s.attributes),
                });
              }
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (e) {
        res.writeHead(400).end(String(e));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans })));
}

let cluster: Cluster | undefined;
let collector: Awaited<ReturnType<typeof otlpCollector>>;

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!databaseUrl || !kafkaBrokers) throw new Error('DATABASE_URL and KAFKA_BROKERS must be set (run through node tools/test.js)');
  collector = await otlpCollector();
  cluster = await startDistributed({
    databaseUrl,
    kafkaBrokers,
    services: ['intake', 'temporary-aid', 'funding'],
    label: 'tracing',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SERVICE_NAME: undefined,
      OTEL_TRACES_EXPORTER: undefined,
      OTEL_SDK_DISABLED: undefined,
    },
  });
}, 100_000);

afterAll(async () => {
  await cluster?.stop();
  await new Promise((r) => collector?.server.close(r));
});

describe('OneDoor, traced (OpenTelemetry, OTLP)', () => {
  it('one application is one trace: the POST in intake, handling in temporary aid and funding, through CasePaid', async () => {
    const c = cluster!;
    const township = townships(1)[0];
    const funding = api(c.urls.funding, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
    const intake = api(c.urls.intake, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
    await allocate(funding, 'temporary-aid', township, 1_000_000, { reserveFund: true });

    const traceId = randomBytes(16).toString('hex');
    const requestId = `trace-test-${randomUUID()}`;
    const res = expectStatus(
      await intake.post<{ applicationId: string }>('/applications', nightFire(new People(), township), {
        idempotencyKey: randomUUID(),
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'x-request-id': requestId },
      }),
      201,
    );
    expect(res.headers['x-request-id']).toBe(requestId);
    const applicationId = res.body.applicationId;
    await waitForDossier(intake, applicationId, (d) => d.status === 'settled', 'the settled night fire', 60_000);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const has = (service: string, kind: number, type?: string, name?: RegExp) => (spans: CollectedSpan[]) =>
      spans.some((s) => s.service === service && s.kind === kind && (type === undefined || s.attributes['onedoor.event.type'] === type) && (!name || name.test(s.name)));
    const expected = {
      'the POST in intake': has('onedoor-intake', 2, undefined, /^POST/),
      'intake publishing ApplicationRouted': has('onedoor-intake', 4, 'ApplicationRouted'),
      'temporary aid handling ApplicationRouted': has('onedoor-temporary-aid', 5, 'ApplicationRouted'),
      'funding handling a grant of temporary aid': (spans: CollectedSpan[]) => spans.some((s) => s.service === 'onedoor-funding' && s.kind === 5 && /temporary-aid/.test(s.name)),
      'funding publishing FundsDisbursed': has('onedoor-funding', 4, 'FundsDisbursed'),
      'temporary aid handling FundsDisbursed': has('onedoor-temporary-aid', 5, 'FundsDisbursed'),
      'temporary aid publishing CasePaid': has('onedoor-temporary-aid', 4, 'CasePaid'),
      'intake handling CasePaid': has('onedoor-intake', 5, 'CasePaid'),
    };
    const missing = () => Object.entries(expected).filter(([, present]) => !present(inTrace())).map(([what]) => what);
    await waitFor(() => missing().length === 0, { timeoutMs: 20_000, intervalMs: 250, what: `spans of trace ${traceId}` }).catch(() => {
      throw new Error(`spans missing from trace ${traceId}: ${missing().join('; ')}\n${spanList(inTrace())}`);
    });

    const spans = inTrace();
    // The queries of a request or a handled message belong to its trace too.
    expect(spans.some((s) => s.service === 'onedoor-intake' && s.kind === 3 && /^(pg|INSERT|SELECT|BEGIN|COMMIT)/i.test(s.name))).toBe(true);
    // Every span of the trace hangs off the submission: none was started in another trace.
    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(['onedoor-funding', 'onedoor-intake', 'onedoor-temporary-aid']);
    writeFileSync(join(c.logDir, 'trace.txt'), `${spanList(spans)}\n`);
  });
});

function spanList(spans: CollectedSpan[]): string {
  return spans
    .map((s) => `${s.service.padEnd(22)} ${KIND[s.kind]?.padEnd(8) ?? s.kind} ${s.name}${s.attributes['onedoor.event.type'] ? ` [${s.attributes['onedoor.event.type']}]` : ''}`)
    .join('\n');
}
