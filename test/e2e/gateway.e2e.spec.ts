/**
 * End to end, through the gateway: the five services as separate processes on PostgreSQL and
 * Kafka behind services/gateway, every call on the gateway's one origin. The scenarios the
 * embedded process passes (test/support/scenarios), the composed GraphQL schema against the
 * embedded one, case routing by case id in REST and GraphQL, a subscription, the merged read log,
 * headers both ways, and a 503 with Retry-After while a service is down.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, startEmbedded, waitFor, type ApiClient, type Cluster, type EmbeddedServer } from '@onedoor/testing';
import { everyDepartmentRefuses, People, SIYANG, townships } from '../support/applications';
import { submitOk } from '../support/onedoor';
import { oneDoorScenarios } from '../support/scenarios';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-gateway-embedded-'));
const people = new People();
const [T1, T2, T3, T4, T5] = townships(5);
let cluster: Cluster;
let embedded: EmbeddedServer;
let gateway: string;
let caseworker: ApiClient;
const clients: Client[] = [];
/** The application whose cases were read and decided through the gateway. */
let routedId: string;

const caseworkerToken = signToken({ sub: 'caseworker-siyang-gw', roles: ['caseworker'], jurisdiction: SIYANG });
const officerToken = signToken({ sub: 'officer-temporary-aid-siyang-gw', roles: ['officer'], department: 'temporary-aid', jurisdiction: SIYANG });
const auditorToken = signToken({ sub: 'auditor-siyang-gw', roles: ['auditor'], jurisdiction: SIYANG });

async function graphql(url: string, query: string, variables: Record<string, unknown> | undefined, bearer: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[] } };
}

beforeAll(async () => {
  [cluster, embedded] = await Promise.all([
    startDistributed({ databaseUrl: process.env.DATABASE_URL!, kafkaBrokers: process.env.KAFKA_BROKERS!, gateway: true, label: 'e2e-gateway' }),
    startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-gateway-embedded' }),
  ]);
  gateway = cluster.gatewayUrl!;
  caseworker = api(gateway, caseworkerToken);
}, 240_000);

afterAll(async () => {
  for (const c of clients) await c.dispose();
  await Promise.all([cluster?.stop(), embedded?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OneDoor, distributed behind the gateway (one origin)', () => {
  it('is ready when every service is', async () => {
    const res = await api(gateway).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', mode: 'gateway', graphql: 'composed' });
    expect(Object.values(res.body.upstreams)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready', 'ready']);
    expect((await api(gateway).get('/health/live')).status).toBe(200);
  });

  oneDoorScenarios(() => ({ url: gateway }), [T1, T2, T3, T4]);

  it('serves every root field of the embedded schema: queries, mutations and subscriptions', async () => {
    const sdl = await (await fetch(`${embedded.url}/schema.graphql`)).text();
    const embeddedSchema = buildSchema(sdl);
    const introspected = await graphql(gateway, getIntrospectionQuery(), undefined, caseworkerToken);
    expect(introspected.status).toBe(200);
    const composed = buildClientSchema(introspected.body.data);
    const rootFields = (schema: GraphQLSchema) =>
      [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : [])).sort();
    expect(rootFields(embeddedSchema).length).toBeGreaterThan(8);
    expect(rootFields(composed)).toEqual(expect.arrayContaining(rootFields(embeddedSchema)));
    expect(Object.keys(composed.getTypeMap()).filter((t) => !t.startsWith('__')).sort()).toEqual(
      expect.arrayContaining(Object.keys(embeddedSchema.getTypeMap()).filter((t) => !t.startsWith('__')).sort()),
    );
  });

  it('routes REST and GraphQL case calls by the department the case id names, passes errors and headers through, and delivers a subscription', async () => {
    const id = await submitOk(caseworker, everyDepartmentRefuses(people, T5));
    routedId = id;
    const caseId = `temporary-aid-${id}`;
    const officer = api(gateway, officerToken);
    await waitFor(async () => (await officer.get(`/cases/${caseId}`)).status === 200, { what: `case ${caseId} opened`, timeoutMs: 60_000 });
    const medical = await officer.get(`/cases/medical-aid-${id}`);
    expect(medical.status).toBe(403); // the medical-aid service answered: a temporary-aid officer may not read its cases
    expect(medical.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknown = await officer.get(`/cases/housing-aid-${id}`);
    expect(unknown).toMatchObject({ status: 404, body: { status: 404, detail: `case housing-aid-${id} not found` } });

    const requestId = randomUUID();
    const read = await officer.get(`/cases/${caseId}`, { headers: { 'x-request-id': requestId } });
    expect(read.headers['x-request-id']).toBe(requestId);

    // GraphQL: the case through the composed schema; an unknown department as NOT_FOUND.
    const q = await graphql(gateway, 'query($id: String!) { case(id: $id) { caseId department status version } }', { id: caseId }, officerToken);
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.case).toMatchObject({ caseId, department: 'temporary-aid', status: 'open' });
    const missing = await graphql(gateway, 'query($id: String!) { case(id: $id) { caseId } }', { id: `nothing-${id}` }, officerToken);
    expect(missing.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const forbidden = await graphql(gateway, 'query($id: String!) { application(id: $id) { applicationId } }', { id }, signToken({ sub: 'cw-binzhou', roles: ['caseworker'], jurisdiction: '371600' }));
    expect(forbidden.body.errors?.[0].extensions.code).toBe('NOT_FOUND');

    // The subscription through the gateway sees the refusal decided through the gateway's GraphQL.
    const client = createClient({ url: `${gateway.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${caseworkerToken}` }, retryAttempts: 0, lazy: true });
    clients.push(client);
    const updates: { status: string }[] = [];
    const refused = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription ($id: String!) { applicationUpdated(id: $id) { applicationId status } }', variables: { id } },
        {
          next: (v) => {
            if (v.errors) reject(new Error(JSON.stringify(v.errors)));
            const update = (v.data as { applicationUpdated: { status: string } }).applicationUpdated;
            updates.push(update);
            if (update.status === 'refused') resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    await new Promise((r) => setTimeout(r, 500));
    const decided = await graphql(
      gateway,
      'mutation($input: DecideCaseInput!) { decideCase(input: $input) { caseId status } }',
      { input: { caseId, decision: 'refuse', reasons: ['the household can meet the cost of the accident'] } },
      officerToken,
      { 'idempotency-key': randomUUID() },
    );
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideCase).toMatchObject({ caseId, status: 'refused' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([refused, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no refusal in ${JSON.stringify(updates)}`)), 90_000)))]);
    clearTimeout(timer);

    // Without a token the gateway refuses the connection as the services do (4401).
    const anonymous = createClient({ url: `${gateway.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(anonymous);
    const closed = await new Promise<unknown>((resolve) => {
      anonymous.subscribe({ query: 'subscription ($id: String!) { applicationUpdated(id: $id) { status } }', variables: { id } }, { next: () => undefined, error: resolve, complete: () => resolve('complete') });
    });
    expect(closed).toMatchObject({ code: 4401 });
  });

  it('merges the read logs of every service, newest first, in REST and GraphQL', async () => {
    const auditor = api(gateway, auditorToken);
    const page = await auditor.get(`/read-log?subject=${routedId}&limit=100`);
    expect(page.status).toBe(200);
    const services = new Set(page.body.items.map((i: { service: string }) => i.service));
    expect(services.has('intake')).toBe(true);
    expect(services.has('temporary-aid')).toBe(true);
    const ats = page.body.items.map((i: { at: string }) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(page.body.total).toBeGreaterThanOrEqual(page.body.items.length);

    const q = await graphql(gateway, 'query($s: String) { readLog(subject: $s, limit: 2, offset: 1) { total limit offset items { service at seq who: reader { sub } } } }', { s: routedId }, auditorToken);
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.readLog).toMatchObject({ limit: 2, offset: 1 });
    const gqlAts = q.body.data.readLog.items.map((i: { at: string }) => i.at);
    expect(gqlAts).toHaveLength(2);
    expect([...gqlAts].sort().reverse()).toEqual(gqlAts);
    expect(q.body.data.readLog.total).toBeGreaterThanOrEqual(page.body.total); // the REST query was recorded as a read too
    expect(q.body.data.readLog.items[0].who.sub).toEqual(expect.any(String));
    const invalid = await graphql(gateway, '{ readLog(limit: 5) { total } }', undefined, auditorToken);
    expect(invalid.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const refused = await auditor.as(caseworkerToken).get(`/read-log?subject=${routedId}`);
    expect(refused.status).toBe(403);
  });

  it('answers 503 problem+json with Retry-After while a service is down, REST and GraphQL', async () => {
    await cluster.kill('funding');
    try {
      const res = await api(gateway, signToken({ sub: 'finance', roles: ['finance'], jurisdiction: SIYANG })).get(`/budgets/temporary-aid-${T1}-2025`);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      const q = await graphql(gateway, '{ budget(id: "x") { budgetId } }', undefined, signToken({ sub: 'finance', roles: ['finance'], jurisdiction: SIYANG }));
      expect(q.status).toBe(503);
      expect(q.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(q.body.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect((await api(gateway).get('/health/ready')).status).toBe(503);
    } finally {
      await cluster.start('funding');
    }
  });
});
