/**
 * Need to know, end to end on PostgreSQL and Kafka (intake, medical aid and the partner
 * departments, each its own process): a dibao couple renting a cramped home, one of them ill with a
 * large residual hospital cost, is routed to housing aid and medical aid; medical aid decides by its
 * rules. A housing-aid officer of the county reads the dossier, the policy package and the notices
 * (REST and GraphQL) and finds housing aid's part and the summary only — no medical-aid case, reasons,
 * programme or notice — while a caseworker reads the whole. An application not routed to housing aid
 * is a 404 (NOT_FOUND) for that officer, and the officer's search lists housing aid's applications only.
 */
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, waitFor, type ApiClient, type Cluster } from '@onedoor/testing';
import { chinaDate, nightFire, People, SIYANG, townships, type ApplicationBody } from '../../support/applications';
import { expectStatus, submitOk } from '../../support/onedoor';

jest.setTimeout(300_000);

const people = new People();
const [T1] = townships(1);

let cluster: Cluster;
let caseworker: ApiClient;
let housing: ApiClient;
let medical: ApiClient;
let housingToken: string;
let routedBoth = '';
let notRouted = '';

/** A dibao couple of `township` renting 20 m²; the wife in hospital with 20,000 yuan left to pay after insurance. */
function crampedAndIll(township: string): ApplicationBody {
  const [a, b] = [people.person(SIYANG, 52), people.person(SIYANG, 50)];
  const member = (p: typeof a, name: string, relation: 'self' | 'spouse', ill: boolean) => ({
    ...p, name, relation, monthlyIncomeFen: 30_000, disability: 'none' as const, seriousIllness: ill, laborCapacity: !ill, hasSupporter: true, schoolStage: null, boarding: false,
  });
  return {
    applicant: { idNumber: a.idNumber, name: '郑国强', phone: '13800000021' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [member(a, '郑国强', 'self', false), member(b, '王秀兰', 'spouse', true)],
      assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
      housing: { tenure: 'rented', floorAreaM2: 20 },
    },
    incident: {
      jurisdiction: township, occurredOn: chinaDate(2), causes: ['illness'], urgent: false,
      description: 'a long stay in hospital; the rent takes most of the allowance',
      medical: { patientIdNumber: b.idNumber, residualCostFen: 2_000_000 },
    },
    consent: { economicCheck: true, dataSharing: true },
  } as ApplicationBody;
}

type Department = { department: string; caseId: string; reasons: string[]; grantedFen: number; paidFen: number };
type Dossier = { applicationId: string; status: string; tier: string; jurisdiction: string; departments: Department[]; notRouted: unknown[]; totals: { grantedFen: number; paidFen: number } };

const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
  const res = await api(cluster.urls.intake, token).post<{ data?: any; errors?: { message: string; extensions: { code: string } }[] }>('/graphql', { query, variables });
  return res.body;
};

beforeAll(async () => {
  cluster = await startDistributed({
    databaseUrl: process.env.DATABASE_URL!, kafkaBrokers: process.env.KAFKA_BROKERS!, services: ['intake', 'medical-aid', 'partners'], label: 'e2e-need-to-know',
  });
  caseworker = api(cluster.urls.intake, signToken({ sub: 'caseworker-siyang-ntk', roles: ['caseworker'], jurisdiction: SIYANG }));
  housingToken = signToken({ sub: 'officer-housing-siyang-ntk', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG });
  housing = api(cluster.urls.intake, housingToken);
  medical = api(cluster.urls.intake, signToken({ sub: 'officer-medical-siyang-ntk', roles: ['officer'], department: 'medical-aid', jurisdiction: SIYANG }));

  routedBoth = await submitOk(caseworker, crampedAndIll(T1));
  notRouted = await submitOk(caseworker, nightFire(people, T1));
  // Medical aid decides by its rules: its decision is in the dossier once intake has it.
  await waitFor(async () => {
    const d = (await caseworker.get<Dossier>(`/applications/${routedBoth}`)).body;
    const m = d.departments?.find((x) => x.department === 'medical-aid');
    return !!m && m.reasons.length > 0;
  }, { timeoutMs: 120_000, what: `medical aid's decision on ${routedBoth}` });
}, 280_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('need to know: a department officer reads its own part', () => {
  it('the caseworker reads the whole application: both departments and medical aid’s reasons', async () => {
    const whole = expectStatus(await caseworker.get<Dossier>(`/applications/${routedBoth}`), 200).body;
    expect(whole.departments.map((d) => d.department)).toEqual(expect.arrayContaining(['housing-aid', 'medical-aid']));
    expect(whole.departments.find((d) => d.department === 'medical-aid')!.reasons.length).toBeGreaterThan(0);
    expect(whole.notRouted.length).toBeGreaterThan(0);
  });

  it('a housing-aid officer gets 404 (REST) and NOT_FOUND (GraphQL) for an application not routed to housing aid', async () => {
    const caseworkerView = expectStatus(await caseworker.get<Dossier>(`/applications/${notRouted}`), 200).body;
    expect(caseworkerView.departments.map((d) => d.department)).not.toContain('housing-aid');
    for (const path of [`/applications/${notRouted}`, `/applications/${notRouted}/package`, `/applications/${notRouted}/notices`, `/applications/${notRouted}/reads`]) {
      const res = await housing.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('fire');
    }
    for (const [field, selection] of [['application', 'applicationId'], ['applicationPackage', 'applicationId'], ['applicationNotices', 'applicationId']]) {
      const body = await gql(housingToken, `query($id: String!) { ${field}(id: $id) { ${selection} } }`, { id: notRouted });
      expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('for an application routed to housing aid, the officer sees housing aid’s part and the summary, not medical aid’s case file or reasons (REST)', async () => {
    const whole = expectStatus(await caseworker.get<Dossier>(`/applications/${routedBoth}`), 200).body;
    const medicalReasons = whole.departments.find((d) => d.department === 'medical-aid')!.reasons;
    const part = expectStatus(await housing.get<Dossier>(`/applications/${routedBoth}`), 200).body;
    expect(part).toMatchObject({ applicationId: routedBoth, status: whole.status, tier: whole.tier, jurisdiction: whole.jurisdiction, notRouted: [] });
    expect(part.departments).toEqual([whole.departments.find((d) => d.department === 'housing-aid')]);
    const housingPart = part.departments[0];
    expect(part.totals).toEqual({ grantedFen: housingPart.grantedFen, paidFen: housingPart.paidFen });
    const text = JSON.stringify(part);
    expect(text).not.toContain('medical-aid');
    for (const reason of medicalReasons) expect(text).not.toContain(reason);

    const pkg = expectStatus(await housing.get<{ programmes: { department: string; reasons: string[] }[]; counts: Record<string, number> }>(`/applications/${routedBoth}/package`), 200).body;
    expect(pkg.programmes.length).toBeGreaterThan(0);
    expect(new Set(pkg.programmes.map((p) => p.department))).toEqual(new Set(['housing-aid']));
    expect(Object.values(pkg.counts).reduce((s, n) => s + n, 0)).toBe(pkg.programmes.length);
    const wholePkg = expectStatus(await caseworker.get<{ programmes: { department: string }[] }>(`/applications/${routedBoth}/package`), 200).body;
    expect(wholePkg.programmes.some((p) => p.department === 'medical-aid')).toBe(true);

    const notices = expectStatus(await housing.get<{ notices: { kind: string; department: string | null; text: string }[] }>(`/applications/${routedBoth}/notices`), 200).body.notices;
    expect(notices.map((n) => n.kind)).toEqual(['acceptance']);
    expect(JSON.stringify(notices)).not.toMatch(/medical|医疗/i);
    for (const reason of medicalReasons) expect(JSON.stringify(notices)).not.toContain(reason);
    const wholeNotices = expectStatus(await caseworker.get<{ notices: { department: string | null }[] }>(`/applications/${routedBoth}/notices`), 200).body.notices;
    expect(wholeNotices.some((n) => n.department === 'medical-aid')).toBe(true);

    // A medical-aid officer sees medical aid's part and not housing aid's.
    const medicalPart = expectStatus(await medical.get<Dossier>(`/applications/${routedBoth}`), 200).body;
    expect(medicalPart.departments.map((d) => d.department)).toEqual(['medical-aid']);
  });

  it('the same part through GraphQL', async () => {
    const body = await gql(
      housingToken,
      `query($id: String!) {
        application(id: $id) { applicationId status departments { department reasons } notRouted { department } totals { grantedFen } }
        applicationPackage(id: $id) { programmes { programmeId department } }
        applicationNotices(id: $id) { notices { kind department text } }
      }`,
      { id: routedBoth },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.application.departments.map((d: Department) => d.department)).toEqual(['housing-aid']);
    expect(body.data.application.notRouted).toEqual([]);
    expect(new Set(body.data.applicationPackage.programmes.map((p: { department: string }) => p.department))).toEqual(new Set(['housing-aid']));
    expect(body.data.applicationNotices.notices.map((n: { kind: string }) => n.kind)).toEqual(['acceptance']);
    expect(JSON.stringify(body.data)).not.toContain('medical-aid');
  });

  it('the officer’s search lists housing aid’s applications only, each as its part', async () => {
    const page = expectStatus(await housing.get<{ items: Dossier[] }>(`/applications?jurisdiction=${T1}&limit=500`), 200).body;
    const ids = page.items.map((d) => d.applicationId);
    expect(ids).toContain(routedBoth);
    expect(ids).not.toContain(notRouted);
    for (const d of page.items) expect(d.departments.map((x) => x.department)).toEqual(['housing-aid']);
    const all = expectStatus(await caseworker.get<{ items: Dossier[] }>(`/applications?jurisdiction=${T1}&limit=500`), 200).body;
    expect(all.items.map((d) => d.applicationId)).toEqual(expect.arrayContaining([routedBoth, notRouted]));
  });
});
