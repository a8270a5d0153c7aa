/**
 * The programme catalogue while the system runs (policy-rules §11): the catalogue in force, a
 * programme added by the admin API and used by the very next application without a restart, the
 * partner departments routed with their programmes, and the household's policy package — over REST
 * and GraphQL, against the all-in-one process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { chinaDate, floodFamily, People, SIYANG, townships, type ApplicationBody } from '../support/applications';
import { expectStatus, submitOk, type TimelineEvent } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-catalogue-'));
const people = new People();
const [T1, T2] = townships(2);
let server: EmbeddedServer;
let caseworker: ApiClient;
let admin: ApiClient;

const adminToken = signToken({ sub: 'admin-siyang-catalogue', roles: ['admin'], jurisdiction: SIYANG });
const caseworkerToken = signToken({ sub: 'caseworker-siyang-catalogue', roles: ['caseworker'], jurisdiction: SIYANG });

/** A heating subsidy for dibao households that state their housing: up to 500 yuan a household. */
const heating = {
  id: 'housing-aid.heating-subsidy',
  department: 'housing-aid',
  category: 'housing',
  name: { zh: '取暖补贴', en: 'heating subsidy' },
  eligibility: { tiers: ['dibao'] },
  askedBy: { facts: ['housing'] },
  amount: { kind: 'bounds', minFen: 0, maxFen: 50_000 },
  decisionWorkingDays: 10,
  budgetProgramme: 'housing-aid',
};

async function put(programmeId: string, body: unknown, bearer = adminToken) {
  const res = await fetch(`${server.url}/api/v1/catalogue/programmes/${encodeURIComponent(programmeId)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function graphql(query: string, bearer: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[] };
}

/** A dibao pensioner (500 yuan a month) of `township` in her own 60 m² flat, hurt in an accident there. */
function pensioner(township: string): ApplicationBody {
  const p = people.person(SIYANG, 58);
  return {
    applicant: { idNumber: p.idNumber, name: '钱秀英', phone: '13800000007' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [{ ...p, name: '钱秀英', relation: 'self', monthlyIncomeFen: 50_000, disability: 'none', seriousIllness: false, laborCapacity: true, hasSupporter: true, schoolStage: null, boarding: false }],
      assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
      housing: { tenure: 'owned', floorAreaM2: 60 },
    },
    incident: { jurisdiction: township, occurredOn: chinaDate(1), causes: ['accident'], urgent: true, description: 'fell on the ice' },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/** ApplicationRouted as the timeline shows it (the departments' case files left out). */
const routedOf = async (applicationId: string) => {
  const timeline = expectStatus(await caseworker.get<TimelineEvent[]>(`/applications/${applicationId}/events`), 200).body;
  return timeline.find((e) => e.type === 'ApplicationRouted')!.data;
};

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-catalogue' });
  caseworker = api(server.url, caseworkerToken);
  admin = api(server.url, adminToken);
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the programme catalogue', () => {
  it('GET /catalogue answers the catalogue in force to staff within or above the jurisdiction; others are refused; bad parameters are 400', async () => {
    const catalogue = expectStatus(await admin.get(`/catalogue?jurisdiction=${T1}&on=${chinaDate(0)}`), 200).body;
    expect(catalogue).toMatchObject({ id: 'siyang-321323-catalogue', jurisdiction: SIYANG });
    expect(catalogue.programmes.map((p: { department: string }) => p.department)).toEqual(expect.arrayContaining(['housing-aid', 'employment-aid', 'disaster-aid']));
    expect(expectStatus(await caseworker.get('/catalogue'), 200).body.id).toBe('siyang-321323-catalogue');
    const as = (claims: Omit<Parameters<typeof signToken>[0], 'sub'>) => api(server.url, signToken({ sub: `catalogue-reader-${randomUUID()}`, ...claims }));
    // A township auditor reads its own and the county's above it; an officer of the county a township's.
    expect((await as({ roles: ['auditor'], jurisdiction: T1 }).get(`/catalogue?jurisdiction=${SIYANG}`)).status).toBe(200);
    expect((await as({ roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG }).get(`/catalogue?jurisdiction=${T1}`)).status).toBe(200);
    // Binzhou's admin, a sibling township's caseworker, an applicant: 403.
    const binzhou = as({ roles: ['admin'], jurisdiction: '371600' });
    expect((await binzhou.get(`/catalogue?jurisdiction=${T1}`)).status).toBe(403);
    expect((await as({ roles: ['caseworker'], jurisdiction: T2 }).get(`/catalogue?jurisdiction=${T1}`)).status).toBe(403);
    expect((await as({ roles: ['applicant'], jurisdiction: SIYANG }).get(`/catalogue?jurisdiction=${SIYANG}`)).status).toBe(403);
    expect((await binzhou.get('/catalogue')).status).toBe(200);
    const gql = await graphql('query($j: String) { programmeCatalogue(jurisdiction: $j) { id } }', signToken({ sub: 'admin-binzhou', roles: ['admin'], jurisdiction: '371600' }), { j: T1 });
    expect(gql.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const bad = expectStatus(await admin.get('/catalogue?jurisdiction=12ab&on=yesterday'), 400).body;
    expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['jurisdiction', 'on']);
    expect((await admin.get('/catalogue?jurisdiction=110101')).status).toBe(403);
    expect((await as({ roles: ['admin'], jurisdiction: '000000' }).get('/catalogue?jurisdiction=110101')).status).toBe(404);
  });

  it('routes the flood family to temporary, education, housing, employment and disaster-victim aid, and its package lists every programme', async () => {
    const applicationId = await submitOk(caseworker, floodFamily(people, T1));
    const routed = await routedOf(applicationId);
    expect(routed.routes.map((r: { department: string }) => r.department)).toEqual(['temporary-aid', 'education-aid', 'housing-aid', 'employment-aid', 'disaster-aid']);
    const disaster = routed.routes.find((r: { department: string }) => r.department === 'disaster-aid');
    expect(disaster.programmes.map((p: { programmeId: string }) => p.programmeId)).toEqual(['disaster-aid.transitional-living', 'disaster-aid.winter-spring-living', 'disaster-aid.home-rebuilding']);
    expect(disaster.programmes[0].amount).toEqual({ kind: 'bounds', minFen: 0, maxFen: 3 * 2000 * 90 });

    const pkg = expectStatus(await caseworker.get(`/applications/${applicationId}/package`), 200).body;
    expect(pkg.programmes).toHaveLength(12);
    expect(pkg.counts).toEqual({ routed: 9, offer: 0, not_qualified: 3 }); // no illness, no small rented home
    expect(pkg.programmes.find((p: { programmeId: string }) => p.programmeId === 'housing-aid.rental-subsidy')).toMatchObject({ status: 'not_qualified', department: 'housing-aid', case: null });
    const gql = await graphql('query($id: String!) { applicationPackage(id: $id) { counts { routed offer notQualified } programmes { programmeId status amount { kind maxFen } } } }', caseworkerToken, { id: applicationId });
    expect(gql.errors).toBeUndefined();
    expect(gql.data.applicationPackage.counts).toEqual({ routed: 9, offer: 0, notQualified: 3 });
  });

  it('a programme added while the system runs routes the very next application to it', async () => {
    // Before: housing aid has nothing for a dibao pensioner in her own 60 m² flat (told why).
    const before = await routedOf(await submitOk(caseworker, pensioner(T2)));
    expect(before.routes.map((r: { department: string }) => r.department)).toEqual(['temporary-aid']);
    expect(before.notRouted.find((n: { department: string }) => n.department === 'housing-aid').reasons[0]).toMatch(/^rental subsidy: /);

    const invalid = await put(heating.id, { jurisdiction: T2, validFrom: chinaDate(0), programme: { ...heating, amount: { kind: 'bounds', minFen: 100, maxFen: 50 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'programme.amount.maxFen', message: 'must not be below minFen 100, got 50' }]);
    expect((await put(heating.id, { jurisdiction: T2, validFrom: chinaDate(0), programme: heating }, caseworkerToken)).status).toBe(403);

    const added = await put(heating.id, { jurisdiction: T2, validFrom: chinaDate(0), programme: heating });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ id: `${T2}-${chinaDate(0)}`, version: 1, jurisdiction: T2 });
    expect(added.body.programmes.map((p: { id: string }) => p.id)).toContain(heating.id);

    const after = await routedOf(await submitOk(caseworker, pensioner(T2)));
    expect(after.routes.map((r: { department: string }) => r.department)).toEqual(['temporary-aid', 'housing-aid']);
    const housing = after.routes.find((r: { department: string }) => r.department === 'housing-aid');
    expect(housing.programmes).toEqual([
      { programmeId: heating.id, category: 'housing', amount: { kind: 'bounds', minFen: 0, maxFen: 50_000 }, decisionWorkingDays: 10, budgetProgramme: 'housing-aid', reasons: ['heating subsidy: a dibao household'], ruleIds: ['programme.tierEligible'] },
    ]);
    // Another township keeps the county's catalogue.
    expect((await routedOf(await submitOk(caseworker, pensioner(T1)))).routes.map((r: { department: string }) => r.department)).toEqual(['temporary-aid']);
  });

  it('GraphQL reads the catalogue and replaces a programme, publishing the next version', async () => {
    const read = await graphql(
      'query($j: String) { programmeCatalogue(jurisdiction: $j) { id version programmes { id department category amount { kind minFen maxFen per period { unit count } rows { homeDamage dilapidation maxFen } } eligibility { tiers housing { tenures floorAreaPerPersonBelowM2 } } } } }',
      adminToken,
      { j: T2 },
    );
    expect(read.errors).toBeUndefined();
    const programmes = read.data.programmeCatalogue.programmes;
    expect(programmes.find((p: { id: string }) => p.id === 'disaster-aid.transitional-living').amount).toEqual({ kind: 'bounds', minFen: 0, maxFen: 2000, per: 'person', period: { unit: 'day', count: 90 }, rows: null });
    const cheaper = { ...heating, amount: { kind: 'bounds', minFen: 0, maxFen: 30_000 } };
    const put2 = await graphql(
      'mutation($j: String!, $d: String!, $p: ProgrammeInput!) { putProgramme(jurisdiction: $j, validFrom: $d, programme: $p) { id version programmes { id amount { maxFen } } } }',
      adminToken,
      { j: T2, d: chinaDate(0), p: cheaper },
    );
    expect(put2.errors).toBeUndefined();
    expect(put2.data.putProgramme).toMatchObject({ id: `${T2}-${chinaDate(0)}`, version: 2 });
    expect(put2.data.putProgramme.programmes.find((p: { id: string }) => p.id === heating.id).amount.maxFen).toBe(30_000);
    expect((await graphql('query { programmeCatalogue { id } }', caseworkerToken)).data?.programmeCatalogue.id).toBe('siyang-321323-catalogue');
    const refused = await graphql('query { programmeCatalogue { id } }', signToken({ sub: 'applicant-siyang-catalogue', roles: ['applicant'], jurisdiction: SIYANG }));
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('a programme that does not hold is refused with 400 naming the field, and nothing is published: applications keep being routed', async () => {
    const versionBefore = expectStatus(await admin.get(`/catalogue?jurisdiction=${T1}`), 200).body.version;
    const temporary = expectStatus(await admin.get(`/catalogue?jurisdiction=${T1}`), 200).body.programmes.find((p: { id: string }) => p.id === 'temporary-aid.temporary-aid');
    const refusals: [string, unknown, string][] = [
      [heating.id, { ...heating, eligibility: { rule: 'constructor' } }, 'programme.eligibility.rule'],
      [heating.id, { ...heating, eligibility: { rule: 'toString' } }, 'programme.eligibility.rule'],
      [heating.id, { ...heating, eligibility: { rule: 'nope' } }, 'programme.eligibility.rule'],
      [heating.id, { ...heating, department: 'employment-aid', budgetProgramme: 'employment-aid' }, 'programme.department'],
      [heating.id, { ...heating, budgetProgramme: 'temporary-aid' }, 'programme.budgetProgramme'],
      [heating.id, { ...heating, name: { zh: 'x'.repeat(100_000), en: 'heating subsidy' } }, 'programme.name.zh'],
      [heating.id, { ...heating, amount: { kind: 'bounds', minFen: 0, maxFen: 10_000_000_000 } }, 'programme.amount.maxFen'],
      [temporary.id, { ...temporary, eligibility: { tiers: ['dibao'] }, amount: { kind: 'bounds', minFen: 0, maxFen: 100_000_000 } }, 'programme.amount.kind'],
    ];
    for (const [id, programme, field] of refusals) {
      const res = await put(id, { jurisdiction: T1, validFrom: chinaDate(0), programme });
      expect({ field, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ field, status: 400, fields: [field] });
    }
    expect(expectStatus(await admin.get(`/catalogue?jurisdiction=${T1}`), 200).body.version).toBe(versionBefore);
    const routed = await routedOf(await submitOk(caseworker, pensioner(T1)));
    expect(routed.routes.map((r: { department: string }) => r.department)).toEqual(['temporary-aid']);
  });

  it('the new facts given as null, or a requested programme the catalogue does not hold, are 400 naming the field; nothing is recorded', async () => {
    const cases: [(b: any) => void, string][] = [
      [(b) => (b.incident.disaster = null), 'incident.disaster'],
      [(b) => (b.household.members[0].employment = null), 'household.members[0].employment'],
      [(b) => (b.household.housing = null), 'household.housing'],
      [(b) => (b.household.supportedAtHome = null), 'household.supportedAtHome'],
      [(b) => (b.requestedProgrammes = null), 'requestedProgrammes'],
      [(b) => (b.requestedProgrammes = ['housing-aid.nope']), 'requestedProgrammes'],
    ];
    for (const [change, field] of cases) {
      const body = pensioner(T1) as any;
      change(body);
      const res = await caseworker.post('/applications', body);
      expect({ field, status: res.status, fields: (res.body as any).errors?.map((e: { field: string }) => e.field) }).toEqual({ field, status: 400, fields: expect.arrayContaining([field]) });
    }
    const unknown = pensioner(T1) as any;
    unknown.requestedProgrammes = ['housing-aid.rental-subsidy', 'housing-aid.nope'];
    expect(JSON.stringify((await caseworker.post('/applications', unknown)).body)).toContain('housing-aid.nope');
    const known = pensioner(T1) as any;
    known.requestedProgrammes = ['housing-aid.rental-subsidy'];
    expect((await caseworker.post('/applications', known)).status).toBe(201);
  });
});
