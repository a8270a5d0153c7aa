/**
 * Written notices and problem details in Chinese by default and in English on request: a process
 * left at the production default (zh-CN) answers REST and GraphQL in Chinese without a header and
 * with `Accept-Language: zh-CN,zh;q=0.9`, in English with `Accept-Language: en`, with the same
 * figures, dates, ids and rule ids; odd headers never cause a 5xx.
 */
import { randomUUID } from 'node:crypto';
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, waitFor, type Cluster } from '@onedoor/testing';
import { nightFire, People, SIYANG, townships } from '../support/applications';
import { submitOk } from '../support/onedoor';

jest.setTimeout(300_000);

const people = new People();
const [T1] = townships(1);
const caseworkerToken = signToken({ sub: 'caseworker-siyang-notices', roles: ['caseworker'] as never, jurisdiction: SIYANG });
let cluster: Cluster;
let intakeUrl: string;

// Intake and temporary aid on real PostgreSQL and Kafka, left at the production default language.
// (A night fire is routed to temporary aid only.)
beforeAll(async () => {
  cluster = await startDistributed({
    databaseUrl: process.env.DATABASE_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!,
    services: ['intake', 'temporary-aid'],
    env: { ONEDOOR_DEFAULT_LOCALE: 'zh-CN' },
    label: 'e2e-notices',
  });
  intakeUrl = cluster.urls.intake;
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${intakeUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${caseworkerToken}`, ...headers } });
  return { status: res.status, language: res.headers.get('content-language'), body: (await res.json()) as any };
}

async function graphql(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${intakeUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworkerToken}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, language: res.headers.get('content-language'), body: (await res.json()) as any };
}

describe('written notices', () => {
  let applicationId: string;
  beforeAll(async () => {
    applicationId = await submitOk(api(intakeUrl, caseworkerToken), nightFire(people, T1), randomUUID());
    await waitFor(async () => (await get(`/applications/${applicationId}/notices`)).body.notices?.some((n: any) => n.kind === 'grant'), { timeoutMs: 60_000 });
  });

  it('are Chinese by default, English on en: one per decision, same amounts, dates and rule ids, every reason recognised', async () => {
    const none = await get(`/applications/${applicationId}/notices`);
    const zh = await get(`/applications/${applicationId}/notices`, { 'accept-language': 'zh-CN,zh;q=0.9' });
    const en = await get(`/applications/${applicationId}/notices`, { 'accept-language': 'en' });
    expect([none.status, zh.status, en.status]).toEqual([200, 200, 200]);
    expect([none.language, zh.language, en.language]).toEqual(['zh-CN', 'zh-CN', 'en']);
    expect(none.body).toEqual(zh.body);
    const kinds = (b: any) => b.notices.map((n: any) => n.kind);
    expect(kinds(zh.body)).toEqual(['acceptance', 'grant']);
    expect(kinds(en.body)).toEqual(kinds(zh.body));
    const [, grantZh] = zh.body.notices;
    const [, grantEn] = en.body.notices;
    // Worked example 1: small fast aid of 800 yuan.
    expect(grantZh).toMatchObject({ title: '给付决定书', department: 'temporary-aid', amountFen: 80_000, amountYuan: '800.00' });
    expect(grantZh.text).toContain('800.00 元');
    expect(grantEn.text).toContain('800.00 yuan');
    for (const key of ['decidedOn', 'amountFen', 'amountYuan', 'ruleIds', 'caseId', 'grantId'] as const) expect(grantZh[key]).toEqual(grantEn[key]);
    expect(grantZh.ruleIds.length).toBeGreaterThan(0);
    for (const notice of [...zh.body.notices, ...en.body.notices]) {
      for (const reason of notice.reasons) expect({ recorded: reason.recorded, messageId: reason.messageId }).toEqual({ recorded: reason.recorded, messageId: expect.any(String) });
    }
    expect(en.body.notices.flatMap((n: any) => n.reasons.map((r: any) => r.text))).toEqual(en.body.notices.flatMap((n: any) => n.reasons.map((r: any) => r.recorded)));
    expect(zh.body.notices[0].reasons.map((r: any) => r.text)).not.toEqual(zh.body.notices[0].reasons.map((r: any) => r.recorded));
  });

  it('are a GraphQL query in the language of Accept-Language', async () => {
    const query = `{ applicationNotices(id: "${applicationId}") { locale notices { kind title amountYuan ruleIds } } }`;
    const zh = await graphql(query);
    const en = await graphql(query, { 'accept-language': 'en-US,en;q=0.9' });
    expect(zh.language).toBe('zh-CN');
    expect(zh.body.data.applicationNotices).toMatchObject({ locale: 'zh-CN', notices: [{ kind: 'acceptance', title: '受理及转办通知书' }, { kind: 'grant', title: '给付决定书', amountYuan: '800.00' }] });
    expect(en.body.data.applicationNotices).toMatchObject({ locale: 'en', notices: [{ kind: 'acceptance' }, { kind: 'grant', title: 'Decision to grant assistance' }] });
  });
});

describe('problem details', () => {
  const missing = randomUUID();

  it('REST: Chinese title and detail by default and for zh-CN, English for en; type, status and id unchanged', async () => {
    const none = await get(`/applications/${missing}`);
    const zh = await get(`/applications/${missing}`, { 'accept-language': 'zh-CN,zh;q=0.9' });
    const en = await get(`/applications/${missing}`, { 'accept-language': 'en' });
    for (const r of [none, zh]) {
      expect(r).toMatchObject({ status: 404, language: 'zh-CN', body: { status: 404, title: '未找到', detail: `未找到申请 ${missing}` } });
    }
    expect(en).toMatchObject({ status: 404, language: 'en', body: { status: 404, title: 'Not found', detail: `application ${missing} not found` } });
    expect(zh.body.type).toBe(en.body.type);
  });

  it('GraphQL: the error message and problem in Chinese by default, English on en; code unchanged', async () => {
    const query = `{ application(id: "${missing}") { applicationId } }`;
    const zh = await graphql(query);
    const en = await graphql(query, { 'accept-language': 'en' });
    expect(zh.language).toBe('zh-CN');
    expect(zh.body.errors[0]).toMatchObject({ message: `未找到申请 ${missing}`, extensions: { code: 'NOT_FOUND', title: '未找到' } });
    expect(en.body.errors[0]).toMatchObject({ message: `application ${missing} not found`, extensions: { code: 'NOT_FOUND', title: 'Not found' } });
  });

  it.each([['*'], ['garbage;;;q=x,,'], ['x'.repeat(10_240)], ['en;q=abc, zh;q=2']])('odd Accept-Language %# answers 4xx and 200 as usual, never 5xx', async (header) => {
    const problem = await get(`/applications/${missing}`, { 'accept-language': header });
    expect(problem.status).toBe(404);
    expect(['zh-CN', 'en']).toContain(problem.language);
    const answer = await graphql(`{ application(id: "${missing}") { applicationId } }`, { 'accept-language': header });
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
