/**
 * Every read of personal data on record, and readable (PIPL art. 45), end to end on the embedded
 * process: a caseworker reads a dossier (REST and GraphQL) and its timeline, a temporary-aid
 * officer reads the case file; the read logs then say who, when, what, whose and why. The applicant
 * sees who read their application and not another's; a caseworker may not use the auditor's view;
 * an auditor sees only rows of their jurisdiction, and their own query is recorded as a read of
 * the log. With the process stopped: the database refuses UPDATE and DELETE on the log, the CLI's
 * own audit is recorded, and a row changed behind the trigger's back is named by
 * `onedoor audit reads --verify`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDriver } from '@onedoor/event-store';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { onedoor } from '../../../services/ops/src/test/cli';
import { BINZHOU, nightFire, People, SIYANG, townships } from '../../support/applications';
import { allocate, expectStatus, submitOk } from '../../support/onedoor';

jest.setTimeout(300_000);

interface Row {
  service: string;
  seq: number;
  at: string;
  date: string;
  reader: { sub: string; roles: string[]; jurisdiction: string; department: string | null };
  purpose: string;
  resource: string;
  resourceId: string | null;
  fields: string[];
  applicationIds: string[];
  subjectRefs: string[];
  hash: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-read-log-'));
const people = new People();
const [T1] = townships(1);
let server: EmbeddedServer;
let caseworker: ApiClient;
let officer: ApiClient;
let auditor: ApiClient;
let applicantA: ApiClient;
let applicantB: ApiClient;
let appA = '';
let appB = '';
const caseA = () => `temporary-aid-${appA}`;

const gql = async (client: ApiClient, query: string, variables: Record<string, unknown>) =>
  expectStatus(await client.post<{ data?: any; errors?: any[] }>('/graphql', { query, variables }), 200).body;

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-read-log' });
  caseworker = api(server.url, { sub: 'caseworker-readlog', roles: ['caseworker'], jurisdiction: SIYANG });
  officer = api(server.url, { sub: 'officer-readlog', roles: ['officer'], department: 'temporary-aid', jurisdiction: SIYANG });
  auditor = api(server.url, { sub: 'auditor-readlog', roles: ['auditor'], jurisdiction: SIYANG });
  applicantA = api(server.url, { sub: 'applicant-a', roles: ['applicant'], jurisdiction: SIYANG });
  applicantB = api(server.url, { sub: 'applicant-b', roles: ['applicant'], jurisdiction: SIYANG });
  const funding = api(server.url, { sub: 'finance-readlog', roles: ['finance'], jurisdiction: SIYANG });
  await allocate(funding, 'temporary-aid', T1, 1_000_000, { reserveFund: true });
  appA = await submitOk(applicantA, nightFire(people, T1));
  appB = await submitOk(applicantB, nightFire(people, T1));
}, 240_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('read log (embedded)', () => {
  it('records the caseworker’s dossier and timeline reads and the officer’s case-file read with who, what, whose and why', async () => {
    expectStatus(await caseworker.get(`/applications/${appA}`), 200);
    expectStatus(await caseworker.get(`/applications/${appA}/events`), 200);
    const viaGraphql = await gql(caseworker, 'query($id: String!) { application(id: $id) { applicationId status } }', { id: appA });
    expect(viaGraphql.data?.application?.applicationId).toBe(appA);
    await waitFor(async () => (await officer.get(`/cases/${caseA()}`)).status === 200, { what: `case ${caseA()} opened`, timeoutMs: 60_000 });

    const page = expectStatus(await applicantA.get<{ total: number; items: Row[] }>(`/applications/${appA}/reads?limit=500`), 200).body;
    const by = (purpose: string) => page.items.filter((r) => r.purpose === purpose);

    const [dossierRead] = by('GET /api/v1/applications/:id').filter((r) => r.reader.sub === 'caseworker-readlog');
    expect(dossierRead).toMatchObject({
      service: 'intake', resource: 'dossier', resourceId: appA, applicationIds: [appA],
      reader: { sub: 'caseworker-readlog', roles: ['caseworker'], jurisdiction: SIYANG, department: null },
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(dossierRead.fields).toEqual(expect.arrayContaining(['tier', 'departments', 'totals']));
    expect(dossierRead.subjectRefs.length).toBeGreaterThanOrEqual(1);
    expect(dossierRead.subjectRefs.every((r) => /^[ph]_/.test(r))).toBe(true); // references, never ID numbers or names
    expect(Date.now() - Date.parse(dossierRead.at)).toBeLessThan(300_000);

    const [timelineRead] = by('GET /api/v1/applications/:id/events');
    expect(timelineRead).toMatchObject({ service: 'intake', resource: 'timeline', resourceId: appA, reader: { sub: 'caseworker-readlog' } });
    expect(timelineRead.fields).toContain('ApplicationSubmitted');

    expect(by('graphql application')).toEqual([expect.objectContaining({ resource: 'dossier', reader: expect.objectContaining({ sub: 'caseworker-readlog' }) })]);

    const caseReads = by('GET /api/v1/cases/:caseId');
    expect(caseReads.length).toBeGreaterThanOrEqual(1);
    expect(caseReads[0]).toMatchObject({
      service: 'temporary-aid', resource: 'case', resourceId: caseA(), applicationIds: [appA],
      reader: { sub: 'officer-readlog', roles: ['officer'], department: 'temporary-aid', jurisdiction: SIYANG },
    });
    expect(caseReads[0].subjectRefs).toEqual(expect.arrayContaining([expect.stringMatching(/^p_/)]));
    expect(caseReads[0].fields).toEqual(expect.arrayContaining(['beneficiaryRef', 'jurisdiction']));

    // Nothing recorded about application B names application A's reads.
    const other = expectStatus(await applicantB.get<{ items: Row[] }>(`/applications/${appB}/reads`), 200).body;
    expect(other.items.filter((r) => r.applicationIds.includes(appA) && !r.applicationIds.includes(appB))).toEqual([]);
  });

  it('an applicant sees who read their own application only: another’s answers 404; GraphQL the same', async () => {
    expect((await applicantA.get(`/applications/${appB}/reads`)).status).toBe(404);
    expect((await applicantB.get(`/applications/${appA}/reads`)).status).toBe(404);
    const mine = await gql(applicantA, 'query($id: String!) { applicationReads(id: $id, limit: 100) { total items { purpose resource reader { sub } applicationIds } } }', { id: appA });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.applicationReads.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ purpose: 'GET /api/v1/applications/:id', resource: 'dossier', reader: { sub: 'caseworker-readlog' }, applicationIds: [appA] }),
    ]));
    const theirs = await gql(applicantA, 'query($id: String!) { applicationReads(id: $id) { total } }', { id: appB });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await applicantA.get(`/applications/${appA}/reads?limit=0`)).status).toBe(400);
  });

  it('a search page that listed both applications shows in A’s reads without naming B or B’s references', async () => {
    expectStatus(await caseworker.get('/applications?limit=50'), 200);
    const page = expectStatus(await applicantA.get<{ items: Row[] }>(`/applications/${appA}/reads?limit=500`), 200).body;
    const searches = page.items.filter((r) => r.resource === 'search');
    expect(searches.length).toBeGreaterThan(0);
    expect(JSON.stringify(page)).not.toContain(appB);
    expectStatus(await caseworker.get(`/applications/${appB}`), 200);
    const ofB = expectStatus(await applicantB.get<{ items: Row[] }>(`/applications/${appB}/reads?limit=500`), 200).body;
    const refsOfB = [...new Set(ofB.items.flatMap((r) => r.subjectRefs))];
    expect(refsOfB.length).toBeGreaterThan(0);
    for (const ref of refsOfB) expect(JSON.stringify(page)).not.toContain(ref);
    for (const row of page.items) expect(row.applicationIds.every((id) => id === appA)).toBe(true);
  });

  it('the auditor’s view: 403 for a caseworker, by subject and by reader for an auditor of the jurisdiction, nothing for another’s', async () => {
    const refused = await caseworker.get(`/read-log?subject=${appA}`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);

    const bySubject = expectStatus(await auditor.get<{ total: number; items: Row[] }>(`/read-log?subject=${appA}&limit=500`), 200).body;
    expect(new Set(bySubject.items.map((r) => r.service))).toEqual(new Set(['intake', 'temporary-aid']));
    const personRef = bySubject.items.find((r) => r.resource === 'case')!.subjectRefs[0];
    const byPerson = expectStatus(await auditor.get<{ items: Row[] }>(`/read-log?subject=${personRef}`), 200).body;
    expect(byPerson.items.length).toBeGreaterThanOrEqual(1);
    expect(byPerson.items.every((r) => r.subjectRefs.includes(personRef))).toBe(true);

    const byReader = expectStatus(await auditor.get<{ items: Row[] }>(`/read-log?reader=caseworker-readlog&from=2000-01-01`), 200).body;
    expect(byReader.items.length).toBeGreaterThanOrEqual(3);
    expect(byReader.items.every((r) => r.reader.sub === 'caseworker-readlog')).toBe(true);

    // The auditor's own queries are on record, as reads of the log (no application, no person).
    const own = expectStatus(await auditor.get<{ items: Row[] }>(`/read-log?reader=auditor-readlog`), 200).body;
    expect(own.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ resource: 'read-log', purpose: 'GET /api/v1/read-log', resourceId: `subject=${appA}`, applicationIds: [], subjectRefs: [] }),
    ]));

    const viaGraphql = await gql(auditor, 'query($s: String) { readLog(subject: $s, limit: 5) { total items { service resource purpose reader { sub } } } }', { s: appA });
    expect(viaGraphql.errors).toBeUndefined();
    expect(viaGraphql.data.readLog.total).toBe(bySubject.total);

    const elsewhere = api(server.url, { sub: 'auditor-binzhou', roles: ['auditor'], jurisdiction: BINZHOU });
    expect(expectStatus(await elsewhere.get<{ total: number }>(`/read-log?subject=${appA}`), 200).body.total).toBe(0);

    for (const query of ['', '?from=2026-01-01', `?subject=${appA}&from=2026-02-30`, `?subject=${appA}&subject=x`, `?reader=${encodeURIComponent('a b')}`, `?subject=${appA}&limit=501`]) {
      const res = await auditor.get(`/read-log${query}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it('with the process stopped: UPDATE and DELETE are refused, the CLI’s audit is on record, a tampered row is named by --verify', async () => {
    await server.stop();
    const env = { ONEDOOR_DATA_DIR: dataDir, ONEDOOR_OPERATOR: 'auditor-cli' };

    let db = await PgliteDriver.open(dataDir);
    try {
      await expect(db.query(`UPDATE intake.read_log SET reader_sub = 'nobody'`)).rejects.toThrow(/append_only/);
      await expect(db.query(`DELETE FROM temporary_aid.read_log`)).rejects.toThrow(/append_only/);
    } finally {
      await db.close();
    }

    const audit = await onedoor(['audit', appA, '--json'], env);
    expect(audit.code).toBe(0);
    const reads = await onedoor(['audit', 'reads', '--subject', appA, '--limit', '500', '--json'], env);
    expect(reads.code).toBe(0);
    const cliRows = (reads.json().items as Row[]).filter((r) => r.purpose === 'onedoor audit');
    expect(new Set(cliRows.map((r) => r.service))).toEqual(new Set(['intake', 'temporary-aid', 'funding']));
    expect(cliRows[0]).toMatchObject({ resource: 'events', resourceId: appA, reader: { sub: 'ops:auditor-cli', roles: ['ops'] } });

    const intact = await onedoor(['audit', 'reads', '--verify', '--json'], env);
    expect(intact.code).toBe(0);
    expect(intact.json().chains).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'intake', ok: true })]));

    db = await PgliteDriver.open(dataDir);
    let tampered: number;
    try {
      const { rows } = await db.query<{ seq: string }>(`SELECT seq::text AS seq FROM intake.read_log WHERE reader_sub = 'caseworker-readlog' ORDER BY seq LIMIT 1`);
      tampered = Number(rows[0].seq);
      await db.exec(`ALTER TABLE intake.read_log DISABLE TRIGGER read_log_append_only`);
      await db.query(`UPDATE intake.read_log SET reader_sub = 'someone-innocent' WHERE seq = $1`, [tampered]);
      await db.exec(`ALTER TABLE intake.read_log ENABLE TRIGGER read_log_append_only`);
    } finally {
      await db.close();
    }
    const broken = await onedoor(['audit', 'reads', '--verify', '--json'], env);
    expect(broken.code).toBe(1);
    const chains = broken.json().chains as { service: string; ok: boolean; firstBroken?: { seq: number } }[];
    expect(chains.find((c) => c.service === 'intake')).toMatchObject({ ok: false, firstBroken: { seq: tampered } });
    expect(chains.find((c) => c.service === 'temporary-aid')).toMatchObject({ ok: true });
    const text = await onedoor(['audit', 'reads', '--verify'], env);
    expect(text.stdout).toMatch(new RegExp(`intake\\s+BROKEN\\s+at seq ${tampered}`));
  });
});
