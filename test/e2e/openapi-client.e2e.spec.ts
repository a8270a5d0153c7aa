/**
 * End to end, embedded: an integrator's client generated from the OpenAPI document. The types of
 * test/support/openapi-types.ts (openapi-typescript, `npm run openapi`) drive openapi-fetch: a
 * budget is allocated, worked example 1 submitted and its dossier read until it settles; answers
 * are checked against the document's schemas. The document the server serves at /docs-json is
 * the checked-in docs/openapi.json, and the checked-in types are what it generates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import createClient from 'openapi-fetch';
import { signToken } from '@onedoor/service-kit';
import { startEmbedded, waitUntil, type EmbeddedServer } from '@onedoor/testing';
import { openApiText, openApiTypes } from '../../tools/openapi-types';
import { AMOUNTS, fiscalYear, nightFire, People, SIYANG, townships } from '../support/applications';
import type { components, paths } from '../support/openapi-types';

jest.setTimeout(180_000);

type Application = components['schemas']['Application'];
type Dossier = components['schemas']['Dossier'];

const root = join(__dirname, '..', '..');
const checkedIn = JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8'));
const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-openapi-'));
let server: EmbeddedServer;

/** Validates a value against a schema of the document (`#/components/schemas/<name>`). */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...checkedIn, $id: 'openapi.json' });
function expectSchema(name: string, value: unknown) {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`)!;
  expect(validate(value) ? [] : validate.errors).toEqual([]);
}

/** A client for one caller, typed by the generated `paths`. */
const clientFor = (claims: Parameters<typeof signToken>[0]) =>
  createClient<paths>({ baseUrl: server.url, headers: { authorization: `Bearer ${signToken(claims)}`, 'accept-language': 'en' } });

/** The worked example as the generated `Application` type: its causes are the document's enumeration. */
const asApplication = (body: ReturnType<typeof nightFire>): Application => ({
  ...body,
  incident: { ...body.incident, causes: body.incident.causes as Application['incident']['causes'] },
});

/** A port the system gives out as free (away from the 4100 block other suites scan, so parallel starts do not race for it). */
const systemPort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const port = process.env.ONEDOOR_E2E_PORT_BASE ? undefined : await systemPort();
  server = await startEmbedded({ dataDir, port, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-openapi-client' });
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the OpenAPI document and a client generated from it', () => {
  it('is served at /docs-json as checked in (docs/openapi.json), and the checked-in types are what it generates', async () => {
    const res = await fetch(`${server.url}/docs-json`);
    expect(res.status).toBe(200);
    const served = await res.json();
    expect(served).toEqual(checkedIn);
    expect(readFileSync(join(root, 'test', 'support', 'openapi-types.ts'), 'utf8')).toBe(openApiTypes(openApiText(served)));
  });

  it('submits worked example 1 through the typed client and reads its dossier until it settles', async () => {
    const [township] = townships(1);
    const finance = clientFor({ sub: 'finance-openapi', roles: ['finance'], jurisdiction: SIYANG });
    const caseworker = clientFor({ sub: 'caseworker-openapi', roles: ['caseworker'], jurisdiction: SIYANG });

    const allocated = await finance.POST('/api/v1/budgets', {
      body: { programme: 'temporary-aid', fiscalYear: fiscalYear(), jurisdiction: township, amountFen: 1_000_000, reserveFund: true },
      params: { header: { 'Idempotency-Key': `openapi-fund-${township}` } },
    });
    expect(allocated.response.status).toBe(201);
    expectSchema('Budget', allocated.data);
    const budgetId = allocated.data!.budgetId;

    const submitted = await caseworker.POST('/api/v1/applications', {
      body: asApplication(nightFire(new People(), township)),
      params: { header: { 'Idempotency-Key': `openapi-${township}`, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
    });
    expect(submitted.error).toBeUndefined();
    expect(submitted.response.status).toBe(201);
    expectSchema('SubmitResult', submitted.data);
    const id = submitted.data!.applicationId;
    expect(submitted.response.headers.get('location')).toBe(`/api/v1/applications/${id}`);

    const dossier: Dossier = await waitUntil(
      async () => {
        const { data, error } = await caseworker.GET('/api/v1/applications/{id}', { params: { path: { id } } });
        if (error) throw new Error(`${error.status} ${error.detail}`);
        return data!;
      },
      (d) => d.status === 'settled' || d.status === 'refused',
      { timeoutMs: 90_000, what: `application ${id} settled` },
    );
    expectSchema('Dossier', dossier);
    expect(dossier).toMatchObject({ status: 'settled', tier: 'none', totals: { grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid } });
    expect(dossier.departments.find((d) => d.department === 'temporary-aid')).toMatchObject({ status: 'paid', paidFen: AMOUNTS.smallFastAid });

    const timeline = await caseworker.GET('/api/v1/applications/{id}/events', { params: { path: { id } } });
    expect(timeline.data?.map((e) => e.type)).toEqual(expect.arrayContaining(['ApplicationSubmitted', 'ApplicationRouted', 'CasePaid']));
    for (const event of timeline.data!) expectSchema('TimelineEvent', event);

    const page = await caseworker.GET('/api/v1/applications', { params: { query: { jurisdiction: township, status: 'settled' } } });
    expectSchema('DossierPage', page.data);
    expect(page.data!.items.map((d) => d.applicationId)).toContain(id);

    const budget = await finance.GET('/api/v1/budgets/{budgetId}', { params: { path: { budgetId } } });
    expectSchema('Budget', budget.data);
    expect(budget.data!.disbursedFen).toBe(AMOUNTS.smallFastAid);
  });

  it('gives its errors as the document\u2019s Problem, application/problem+json', async () => {
    const caseworker = clientFor({ sub: 'caseworker-openapi', roles: ['caseworker'], jurisdiction: SIYANG });
    const body = asApplication(nightFire(new People(), townships(1)[0]));
    body.household.members[0].idNumber = '510122199103150016';
    const refused = await caseworker.POST('/api/v1/applications', { body });
    expect(refused.response.status).toBe(400);
    expect(refused.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectSchema('Problem', refused.error);
    expect(refused.error?.errors?.map((e) => e.field)).toContain('household.members[0].idNumber');

    const missing = await caseworker.GET('/api/v1/applications/{id}', { params: { path: { id: 'no-such-application' } } });
    expect(missing.response.status).toBe(404);
    expectSchema('Problem', missing.error);
  });
});
