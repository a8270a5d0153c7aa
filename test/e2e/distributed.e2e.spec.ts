/**
 * End to end, distributed: the five services as separate processes on PostgreSQL (a fresh
 * database from the global setup) and Kafka. The tests run in order against one cluster; each gets
 * its own township (and so its own budgets) where money is counted.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  fieldPathsOf, fieldsOutsideAllowList, HEADERS, SERVICES, SUBMITTED_CASE_FILE_FIELDS, topicOf, validateEventPayload, type Department,
} from '@onedoor/contracts';
import { isTraceparent, traceIdOf } from '@onedoor/messaging';
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, waitFor, type ApiClient, type ApiResponse, type Cluster } from '@onedoor/testing';
import {
  AMOUNTS, BINZHOU, chinaDate, nightFire, ordinaryAccident, People, SIYANG, siyangChain, townships, unemployment,
  type ApplicationBody,
} from '../support/applications';
import {
  allocate, budget, budgetId, departmentOf, dossier, expectStatus, submit, submitOk, timeline, topUp, waitForDossier,
  waitSettledOrRefused, type BudgetView, type DossierView, type Programme,
} from '../support/onedoor';

jest.setTimeout(180_000);

const databaseUrl = process.env.DATABASE_URL!;
const kafkaBrokers = process.env.KAFKA_BROKERS!;

const people = new People();
const [T1, T2, T3, T4, T5, T6, T7] = townships(7);

let cluster: Cluster;
let pg: Client;
/** A Siyang caseworker: submits and reads dossiers and timelines. */
let intake: ApiClient;
/** Siyang county finance. */
let funding: ApiClient;

const officerOf = (department: Programme, jurisdiction = SIYANG, sub = `officer-${department}-${jurisdiction}`) =>
  api(cluster.urls[department], signToken({ sub, roles: ['officer'], department, jurisdiction }));

const CHAIN_TOTAL = AMOUNTS.advanceAid + AMOUNTS.medicalAid + AMOUNTS.educationAidSeniorEdge;

async function intakeEventCount(type?: string): Promise<number> {
  const r = await pg.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM intake.events${type ? ' WHERE type = $1' : ''}`,
    type ? [type] : [],
  );
  return r.rows[0].n;
}

/**
 * Allocates the budgets a township needs (temporary aid as the township's reserve fund) and returns
 * them as GET /budgets/{id} shows them before anything is charged.
 */
async function townshipBudgets(township: string, amounts: Partial<Record<Programme, number>>): Promise<Record<Programme, BudgetView>> {
  const out = {} as Record<Programme, BudgetView>;
  for (const [programme, amountFen] of Object.entries(amounts) as [Programme, number][]) {
    const allocated = await allocate(funding, programme, township, amountFen, { reserveFund: programme === 'temporary-aid' });
    expect(allocated.budgetId).toBe(budgetId(programme, township));
    out[programme] = await budget(funding, allocated.budgetId);
    expect(out[programme]).toMatchObject({ allocatedFen: amountFen, availableFen: amountFen, reservedFen: 0, disbursedFen: 0 });
  }
  return out;
}

/** Every department of the Siyang chain paid exactly the worked example's amounts. */
function expectChainPaid(d: DossierView) {
  expect(d.status).toBe('settled');
  expect(d.tier).toBe('edge');
  const summary = d.departments.map((e) => ({ department: e.department, status: e.status, grantedFen: e.grantedFen, paidFen: e.paidFen }));
  expect(summary).toEqual([
    { department: 'education-aid', status: 'paid', grantedFen: AMOUNTS.educationAidSeniorEdge, paidFen: AMOUNTS.educationAidSeniorEdge },
    { department: 'medical-aid', status: 'paid', grantedFen: AMOUNTS.medicalAid, paidFen: AMOUNTS.medicalAid },
    { department: 'temporary-aid', status: 'paid', grantedFen: AMOUNTS.advanceAid, paidFen: AMOUNTS.advanceAid },
  ]);
  expect(d.totals).toEqual({ grantedFen: CHAIN_TOTAL, paidFen: CHAIN_TOTAL });
}

function expectSpent(before: BudgetView, after: BudgetView, spentFen: number) {
  expect(after.allocatedFen).toBe(before.allocatedFen);
  expect(after.disbursedFen - before.disbursedFen).toBe(spentFen);
  expect(before.availableFen - after.availableFen).toBe(spentFen);
  expect(after.reservedFen).toBe(0);
  expect(after.awaitingFen).toBe(0);
  expect(after.allocatedFen).toBe(after.availableFen + after.reservedFen + after.disbursedFen);
}

/** A published message as a contract consumer sees it: topic, key, string headers, envelope. */
interface Published {
  topic: string;
  key: string;
  headers: Record<string, string | undefined>;
  envelope: { eventId: string; type: string; schemaVersion: number; correlationId: string; causationId: string | null; data: any };
}

/** Every message on the five service topics, up to their current ends. */
async function publishedMessages(): Promise<Published[]> {
  const kafka = new Kafka({ clientId: 'e2e-published', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = SERVICES.map((service) => cluster.topicPrefix + topicOf(service));
  const ends = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${o.partition}`, Number(o.high));
    }
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  const out: Published[] = [];
  const consumer = kafka.consumer({ groupId: `e2e-published-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve) => {
      if (total === 0) resolve();
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          if (Number(message.offset) >= (ends.get(`${topic}:${partition}`) ?? 0)) return;
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = value?.toString();
          out.push({
            topic: topic.slice(cluster.topicPrefix.length), key: message.key?.toString() ?? '', headers,
            envelope: JSON.parse(message.value?.toString('utf8') ?? 'null'),
          });
          if (out.length === total) resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** What is wrong with a message's contract headers (every one present and agreeing with the envelope). */
function headerProblems(m: Published): string[] {
  const e = m.envelope;
  const expected: Record<string, string> = {
    [HEADERS.eventType]: e.type, [HEADERS.eventId]: e.eventId, [HEADERS.schemaVersion]: String(e.schemaVersion),
    [HEADERS.correlationId]: e.correlationId, [HEADERS.causationId]: e.causationId ?? '',
  };
  const problems = Object.entries(expected)
    .filter(([name, value]) => m.headers[name] !== value)
    .map(([name, value]) => `${m.topic} ${e.type} ${e.eventId}: header ${name} is ${JSON.stringify(m.headers[name])}, expected ${JSON.stringify(value)}`);
  if (!isTraceparent(m.headers[HEADERS.traceparent])) problems.push(`${m.topic} ${e.type} ${e.eventId}: traceparent ${JSON.stringify(m.headers[HEADERS.traceparent])}`);
  return problems;
}

const isProblem = (headers: Record<string, string>) => (headers['content-type'] ?? '').startsWith('application/problem+json');
const allReasons = (d: DossierView) => [...(d.reasons ?? []), ...d.departments.flatMap((e) => e.reasons ?? [])];

beforeAll(async () => {
  if (!databaseUrl || !kafkaBrokers) throw new Error('DATABASE_URL and KAFKA_BROKERS must be set (run through node tools/test.js)');
  pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  cluster = await startDistributed({ databaseUrl, kafkaBrokers, label: 'e2e' });
  intake = api(cluster.urls.intake, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
  funding = api(cluster.urls.funding, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
}, 150_000);

afterAll(async () => {
  await cluster?.stop();
  await pg?.end();
});

describe('OneDoor, distributed (five processes, PostgreSQL, Kafka)', () => {
  it('every service reports healthy', async () => {
    for (const url of Object.values(cluster.urls)) {
      const res = await api(url).get('/health');
      expect(res.status).toBe(200);
      expect(res.body.mode).toBe('distributed');
    }
  });

  it('worked example 1: night fire, migrant worker → small fast aid of 800 yuan paid where it happened, settled', async () => {
    const before = (await townshipBudgets(T1, { 'temporary-aid': 1_000_000 }))['temporary-aid'];
    const res = expectStatus(await submit(intake, nightFire(people, T1)), 201);
    const id = res.body.applicationId;
    expect(res.headers.location).toBe(`/api/v1/applications/${id}`);

    const d = await waitSettledOrRefused(intake, id);
    expect(d).toMatchObject({ applicationId: id, status: 'settled', tier: 'none', jurisdiction: T1 });
    expect(d.departments).toHaveLength(1);
    const aid = departmentOf(d, 'temporary-aid')!;
    expect(aid).toMatchObject({ caseId: `temporary-aid-${id}`, status: 'paid', grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid });
    // Small fast aid is paid within 3 days.
    expect(aid.dueBy).toBeTruthy();
    expect(aid.dueBy!.slice(0, 10) <= chinaDate(-3)).toBe(true);
    expect(d.totals).toEqual({ grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid });

    expectSpent(before, await budget(funding, before.budgetId), AMOUNTS.smallFastAid);

    // The case is on record at temporary-aid, with the caseworker who took the application.
    const kase = expectStatus(await officerOf('temporary-aid').get(`/cases/temporary-aid-${id}`), 200).body;
    expect(JSON.stringify(kase)).toContain(id);
    const events = await timeline(intake, id);
    const types = events.map((e) => e.type);
    for (const t of ['ApplicationSubmitted', 'ApplicationRouted', 'AidGranted', 'CasePaid']) expect(types).toContain(t);
    expect(types.filter((t) => t === 'CasePaid')).toHaveLength(1);
    expect(JSON.stringify(events.find((e) => e.type === 'ApplicationSubmitted'))).toContain('caseworker-siyang');
  });

  it('worked example 2: the Siyang chain → advance aid 2,400, medical aid 22,200, education aid 2,000, each budget reduced exactly once', async () => {
    const before = await townshipBudgets(T2, { 'temporary-aid': 1_000_000, 'medical-aid': 10_000_000, 'education-aid': 1_000_000 });
    const id = await submitOk(intake, siyangChain(people, T2));

    const d = await waitForDossier(intake, id, (x) => x.status === 'settled' || x.status === 'refused', 'the settled Siyang chain', 90_000);
    expectChainPaid(d);
    expect(d.jurisdiction).toBe(T2);
    for (const e of d.departments) expect(e.caseId).toBe(`${e.department}-${id}`);

    expectSpent(before['temporary-aid'], await budget(funding, before['temporary-aid'].budgetId), AMOUNTS.advanceAid);
    expectSpent(before['medical-aid'], await budget(funding, before['medical-aid'].budgetId), AMOUNTS.medicalAid);
    expectSpent(before['education-aid'], await budget(funding, before['education-aid'].budgetId), AMOUNTS.educationAidSeniorEdge);

    const paid = (await timeline(intake, id)).filter((e) => e.type === 'CasePaid');
    expect(paid.map((e) => e.data.department).sort()).toEqual(['education-aid', 'medical-aid', 'temporary-aid']);
  });

  it('worked example 3: the same application twice (same Idempotency-Key) is one application; a second request for the same fire this year is refused with reasons', async () => {
    const before = (await townshipBudgets(T3, { 'temporary-aid': 1_000_000 }))['temporary-aid'];
    const body = nightFire(people, T3);
    const key = randomUUID();
    const submittedBefore = await intakeEventCount('ApplicationSubmitted');

    // A double click: two requests with the same key at once. Each answers with the application,
    // or (the IETF Idempotency-Key draft's answer while the first is still in flight) with a 409
    // problem; a retry afterwards gets the application.
    const racing = await Promise.all([submit(intake, body, key), submit(intake, body, key)]);
    const accepted = racing.filter((r) => r.status === 200 || r.status === 201);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const r of racing.filter((x) => !accepted.includes(x))) {
      expect({ status: r.status, body: r.body }).toMatchObject({ status: 409, body: { status: 409 } });
      expect(isProblem(r.headers)).toBe(true);
    }
    const id = accepted[0].body.applicationId;
    for (const r of accepted) expect(r.body.applicationId).toBe(id);
    // Retried later, with the same key and body: the same application.
    const retry = await submit(intake, body, key);
    expect([200, 201]).toContain(retry.status);
    expect(retry.body.applicationId).toBe(id);
    expect(retry.headers.location).toBe(`/api/v1/applications/${id}`);

    const first = await waitSettledOrRefused(intake, id);
    expect(first.status).toBe('settled');
    expect(first.totals.paidFen).toBe(AMOUNTS.smallFastAid);
    expect(await intakeEventCount('ApplicationSubmitted')).toBe(submittedBefore + 1);

    // The same fire, the same person, a new request: temporary aid once per cause per calendar year.
    const again = expectStatus(await submit(intake, body, randomUUID()), 201);
    expect(again.body.applicationId).not.toBe(id);
    const second = await waitSettledOrRefused(intake, again.body.applicationId);
    expect(second.status).toBe('refused');
    expect(second.totals).toEqual({ grantedFen: 0, paidFen: 0 });
    const tempAid = departmentOf(second, 'temporary-aid');
    if (tempAid) expect(tempAid).toMatchObject({ status: 'refused', grantedFen: 0, paidFen: 0 });
    const reasons = allReasons(second);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' ')).toMatch(/already|once|same cause/i);

    // The budget paid the fire once.
    expectSpent(before, await budget(funding, before.budgetId), AMOUNTS.smallFastAid);
  });

  it('worked example 4: 1,000 yuan left and two grants of 800 at once → one paid, one awaiting funds, paid after a top-up', async () => {
    const reserve = (await townshipBudgets(T4, { 'temporary-aid': 100_000 }))['temporary-aid'];
    const ids = await Promise.all([submitOk(intake, nightFire(people, T4)), submitOk(intake, nightFire(people, T4))]);

    const decided = await Promise.all(
      ids.map((id) =>
        waitForDossier(intake, id, (d) => ['paid', 'awaiting_funds'].includes(departmentOf(d, 'temporary-aid')?.status ?? ''), 'a paid or waiting grant'),
      ),
    );
    const statuses = decided.map((d) => departmentOf(d, 'temporary-aid')!.status).sort();
    expect(statuses).toEqual(['awaiting_funds', 'paid']);
    const waiting = decided.find((d) => departmentOf(d, 'temporary-aid')!.status === 'awaiting_funds')!;
    const paidFirst = decided.find((d) => departmentOf(d, 'temporary-aid')!.status === 'paid')!;
    expect(waiting.status).toBe('in_progress');
    expect(departmentOf(waiting, 'temporary-aid')).toMatchObject({ grantedFen: AMOUNTS.smallFastAid, paidFen: 0 });
    expect(paidFirst.status).toBe('settled');

    const short = await budget(funding, reserve.budgetId);
    expect(short).toMatchObject({ allocatedFen: 100_000, disbursedFen: 80_000, reservedFen: 0, availableFen: 20_000, awaitingGrants: 1, awaitingFen: 80_000 });

    const topped = await topUp(funding, reserve.budgetId, 60_000);
    expect(topped.allocatedFen).toBe(160_000);
    const settled = await waitSettledOrRefused(intake, waiting.applicationId);
    expect(settled.status).toBe('settled');
    expect(departmentOf(settled, 'temporary-aid')).toMatchObject({ status: 'paid', grantedFen: 80_000, paidFen: 80_000 });
    const after = await waitFor(async () => {
      const b = await budget(funding, reserve.budgetId);
      return b.disbursedFen === 160_000 && b;
    }, { what: 'the second grant disbursed' });
    expect(after).toMatchObject({ allocatedFen: 160_000, disbursedFen: 160_000, reservedFen: 0, availableFen: 0, awaitingGrants: 0, awaitingFen: 0 });
  });

  it('an application no department can help is refused in writing, with reasons and the appeal deadline', async () => {
    const res = expectStatus(await submit(intake, unemployment(people, T5)), 201);
    const d = await waitSettledOrRefused(intake, res.body.applicationId);
    expect(d.status).toBe('refused');
    expect(d.tier).toBe('none');
    expect(d.totals).toEqual({ grantedFen: 0, paidFen: 0 });
    expect(d.departments.every((e) => e.status === 'refused' && e.paidFen === 0)).toBe(true);
    expect(d.reasons?.length).toBeGreaterThan(0);
    expect(d.reasons!.join(' ')).toMatch(/no department/i);
    // Administrative reconsideration within 60 days.
    expect(d.appealBy).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(d.appealBy!.slice(0, 10)).toBe(chinaDate(-60));
  });

  describe('an ordinary temporary-aid case (waits for an officer)', () => {
    let applicationId: string;
    let caseId: string;
    let reserve: BudgetView;

    beforeAll(async () => {
      reserve = (await townshipBudgets(T6, { 'temporary-aid': 1_000_000 }))['temporary-aid'];
      applicationId = await submitOk(intake, ordinaryAccident(people, T6));
      caseId = `temporary-aid-${applicationId}`;
      await waitFor(async () => (await officerOf('temporary-aid').get(`/cases/${caseId}`)).status === 200, { what: `case ${caseId} opened`, timeoutMs: 60_000 });
    });

    it('is open and unpaid until an officer decides', async () => {
      const d = await dossier(intake, applicationId);
      expect(d.status).toBe('in_progress');
      expect(d.tier).toBe('dibao');
      expect(departmentOf(d, 'temporary-aid')).toMatchObject({ caseId, status: 'open', grantedFen: 0, paidFen: 0 });
    });

    it('an officer of another county (Binzhou 371600) cannot see or decide a Siyang case or dossier', async () => {
      const binzhouOfficer = officerOf('temporary-aid', BINZHOU, 'officer-binzhou');
      const binzhouCaseworker = api(cluster.urls.intake, signToken({ sub: 'caseworker-binzhou', roles: ['caseworker'], jurisdiction: BINZHOU }));
      const binzhouOfficerAtIntake = api(cluster.urls.intake, signToken({ sub: 'officer-binzhou', roles: ['officer'], department: 'temporary-aid', jurisdiction: BINZHOU }));
      const attempts = [
        await binzhouOfficer.get(`/cases/${caseId}`),
        await binzhouOfficer.post(`/cases/${caseId}/decisions`, { decision: 'approve', amountFen: 80_000, reasons: ['approved by the wrong county'] }),
        await binzhouOfficerAtIntake.get(`/applications/${applicationId}`),
        await binzhouCaseworker.get(`/applications/${applicationId}`),
        await binzhouCaseworker.get(`/applications/${applicationId}/events`),
      ];
      for (const r of attempts) {
        expect([403, 404]).toContain(r.status);
        expect(isProblem(r.headers)).toBe(true);
        // Nothing about the case leaks.
        expect(JSON.stringify(r.body)).not.toContain('dibao');
      }
      // The Siyang officer sees it; the case is still open.
      const kase = expectStatus(await officerOf('temporary-aid').get(`/cases/${caseId}`), 200).body;
      expect(JSON.stringify(kase)).toContain(applicationId);
      expect(departmentOf(await dossier(intake, applicationId), 'temporary-aid')!.status).toBe('open');
    });

    it('two officers deciding at once: one 200, the other 409; the winner’s amount is paid once', async () => {
      const seen = expectStatus(await officerOf('temporary-aid').get(`/cases/${caseId}`), 200).body as { version?: number };
      const expectedVersion = typeof seen.version === 'number' ? { expectedVersion: seen.version } : {};
      const decisions = [
        { amountFen: 200_000, reasons: ['injured, cannot work: 2.5 months of the standard'] },
        { amountFen: 160_000, reasons: ['injured, cannot work: 2 months of the standard'] },
      ];
      const [one, two] = await Promise.all(
        decisions.map((d, i) =>
          officerOf('temporary-aid', SIYANG, `officer-${i + 1}`).post(`/cases/${caseId}/decisions`, { decision: 'approve', ...d, ...expectedVersion }),
        ),
      );
      expect([one.status, two.status].sort()).toEqual([200, 409]);
      const loser = one.status === 409 ? one : two;
      expect(isProblem(loser.headers)).toBe(true);
      expect(loser.body.status).toBe(409);
      const winner = decisions[one.status === 200 ? 0 : 1];

      const d = await waitSettledOrRefused(intake, applicationId);
      expect(d.status).toBe('settled');
      expect(departmentOf(d, 'temporary-aid')).toMatchObject({ status: 'paid', grantedFen: winner.amountFen, paidFen: winner.amountFen });
      expect(departmentOf(d, 'temporary-aid')!.reasons).toEqual(expect.arrayContaining(winner.reasons));
      expectSpent(reserve, await budget(funding, reserve.budgetId), winner.amountFen);
    });
  });

  it('invalid input → 400 problem+json with the fields at fault, and no event written', async () => {
    const valid = () => nightFire(people, T1) as Omit<ApplicationBody, 'consent'> & { consent?: ApplicationBody['consent'] };
    const badCheckDigit = valid();
    const id = badCheckDigit.applicant.idNumber;
    badCheckDigit.applicant.idNumber = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    const negativeIncome = valid();
    negativeIncome.household.members[0].monthlyIncomeFen = -100;
    const unknownCause = valid();
    unknownCause.incident.causes = ['earthquake-insurance'];
    const noConsent = valid();
    delete noConsent.consent;
    const cases: [string, unknown, RegExp | null][] = [
      ['bad ID check digit', badCheckDigit, /applicant.*idNumber/],
      ['negative income', negativeIncome, /monthlyIncomeFen/],
      ['unknown cause', unknownCause, /causes/],
      ['missing consent', noConsent, /consent/],
      ['malformed JSON', '{"applicant": {"idNumber": "3213', null],
    ];
    const eventsBefore = await intakeEventCount();
    for (const [label, body, field] of cases) {
      const res = (await submit(intake, body, randomUUID())) as ApiResponse;
      const context = `${label}: ${res.status} ${JSON.stringify(res.body)}`;
      expect({ context, status: res.status }).toEqual({ context, status: 400 });
      expect(isProblem(res.headers)).toBe(true);
      expect(res.body).toMatchObject({ status: 400, type: expect.any(String), title: expect.any(String) });
      if (field) {
        expect(Array.isArray(res.body.errors)).toBe(true);
        expect(res.body.errors.some((e: { field: string; message: string }) => field.test(e.field) && e.message.length > 0)).toBe(true);
      }
    }
    expect(await intakeEventCount()).toBe(eventsBefore);
  });

  it('a caseworker submitting for an incident outside their county → 403 problem+json, and no event written', async () => {
    const eventsBefore = await intakeEventCount();
    const res = (await submit(intake, nightFire(people, `${BINZHOU}100`), randomUUID())) as ApiResponse;
    expect(res.status).toBe(403);
    expect(isProblem(res.headers)).toBe(true);
    expect(res.body.detail).toContain(`${BINZHOU}100 is outside yours (${SIYANG})`);
    expect(await intakeEventCount()).toBe(eventsBefore);
  });

  it('funding killed (SIGKILL) and restarted mid-flow → every application settles, every amount paid exactly once', async () => {
    const budgets = await townshipBudgets(T7, { 'temporary-aid': 10_000_000, 'medical-aid': 100_000_000, 'education-aid': 10_000_000 });
    const ids = await Promise.all([0, 1, 2].map(() => submitOk(intake, siyangChain(people, T7))));
    // Kill while grants are on their way: as soon as any case is decided (or after 3 s at most).
    await waitFor(
      async () => {
        for (const id of ids) if ((await dossier(intake, id)).departments.some((e) => e.status !== 'open')) return true;
        return false;
      },
      { timeoutMs: 3000, intervalMs: 50 },
    ).catch(() => undefined);
    await cluster.restart('funding');

    const settled = await Promise.all(ids.map((id) => waitForDossier(intake, id, (d) => d.status === 'settled' || d.status === 'refused', 'settlement after the restart', 120_000)));
    settled.forEach(expectChainPaid);

    const spent: Record<Programme, number> = {
      'temporary-aid': 3 * AMOUNTS.advanceAid,
      'medical-aid': 3 * AMOUNTS.medicalAid,
      'education-aid': 3 * AMOUNTS.educationAidSeniorEdge,
    };
    for (const programme of Object.keys(spent) as Programme[]) {
      expectSpent(budgets[programme], await budget(funding, budgets[programme].budgetId), spent[programme]);
    }
    for (const id of ids) {
      const events = await timeline(intake, id);
      const paid = events.filter((e) => e.type === 'CasePaid').map((e) => e.data.department).sort();
      expect(paid).toEqual(['education-aid', 'medical-aid', 'temporary-aid']);
      const disbursed = events.filter((e) => e.type === 'FundsDisbursed');
      const grants = disbursed.map((e) => e.data.grantId);
      expect(new Set(grants).size).toBe(grants.length);
    }
  }, 300_000);

  it('one application, traced: every message of it on every topic carries every contract header, and every event is in the trace of the submission', async () => {
    const township = townships(8).find((t) => ![T1, T2, T3, T4, T5, T6, T7].includes(t))!;
    await townshipBudgets(township, { 'temporary-aid': 1_000_000, 'medical-aid': 10_000_000, 'education-aid': 1_000_000 });
    const traceId = randomUUID().replace(/-/g, '');
    const incoming = `00-${traceId}-b7ad6b7169203331-01`;
    const res = expectStatus(
      await intake.post<{ applicationId: string }>('/applications', siyangChain(people, township), { idempotencyKey: randomUUID(), headers: { traceparent: incoming } }),
      201,
    );
    const id = res.body.applicationId;
    expectChainPaid(await waitForDossier(intake, id, (x) => x.status === 'settled' || x.status === 'refused', 'the settled Siyang chain', 90_000));

    const ofApplication = (all: Published[]) => all.filter((m) => m.key === id);
    const messages = await waitFor(async () => {
      const mine = ofApplication(await publishedMessages());
      return mine.some((m) => m.envelope.type === 'ApplicationSettled') && mine;
    }, { timeoutMs: 60_000, intervalMs: 1000, what: 'ApplicationSettled published' });

    // Every topic of the services the chain goes through (no partner department is routed it).
    expect(new Set(messages.map((m) => m.topic))).toEqual(new Set((['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding'] as const).map((service) => topicOf(service))));
    for (const type of ['ApplicationSubmitted', 'ApplicationRouted', 'CaseOpened', 'AidGranted', 'FundsReserved', 'FundsDisbursed', 'CasePaid', 'ApplicationSettled']) {
      expect(messages.map((m) => m.envelope.type)).toContain(type);
    }
    expect(messages.flatMap(headerProblems)).toEqual([]);
    const outOfTrace = messages
      .filter((m) => traceIdOf(m.headers[HEADERS.traceparent]) !== traceId)
      .map((m) => `${m.topic} ${m.envelope.type} caused by ${m.envelope.causationId}: ${m.headers[HEADERS.traceparent]}`);
    expect(outOfTrace).toEqual([]);
    const caused = messages.filter((m) => m.envelope.causationId);
    expect(caused.length).toBeGreaterThan(10);
    const byId = new Map(messages.map((m) => [m.envelope.eventId, m]));
    for (const m of caused) {
      const cause = byId.get(m.envelope.causationId!);
      if (cause) expect(m.headers[HEADERS.traceparent]).not.toBe(cause.headers[HEADERS.traceparent]); // a span of its own
    }
    const submitted = messages.find((m) => m.envelope.type === 'ApplicationSubmitted')!;
    expect(submitted.headers[HEADERS.causationId]).toBe('');
    expect(submitted.headers[HEADERS.traceparent]).not.toBe(incoming); // the server's span, within the caller's trace
  });

  it('every event the services published validates against its JSON Schema, and none carries a clear ID number', async () => {
    const kafka = new Kafka({ clientId: 'e2e-contracts', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = SERVICES.map((service) => cluster.topicPrefix + topicOf(service));
    const ends = new Map<string, number>();
    for (const topic of topics) {
      for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${o.partition}`, Number(o.high));
    }
    await admin.disconnect();
    const remaining = () => [...ends.values()].reduce((a, b) => a + b, 0);
    const total = remaining();
    const problems: string[] = [];
    const seenTypes = new Set<string>();
    const consumer = kafka.consumer({ groupId: `e2e-contracts-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    let read = 0;
    await new Promise<void>((resolve) => {
      if (total === 0) resolve();
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          if (Number(message.offset) >= (ends.get(`${topic}:${partition}`) ?? 0)) return;
          read++;
          const value = message.value?.toString('utf8') ?? '';
          if (/\b\d{17}[\dXx]\b/.test(value)) problems.push(`${topic}@${message.offset}: looks like a clear ID number`);
          const envelope = JSON.parse(value) as { type: string; data: unknown };
          seenTypes.add(envelope.type);
          problems.push(...validateEventPayload(envelope.type, envelope.data).map((e) => `${topic}@${message.offset}: ${e}`));
          if (read === total) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(read).toBe(total);
    expect(total).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    expect((await publishedMessages()).flatMap(headerProblems)).toEqual([]);
    for (const type of ['ApplicationSubmitted', 'ApplicationRouted', 'CaseOpened', 'AidGranted', 'AidRefused', 'ReferralIssued', 'CasePaid', 'FundsReserved', 'FundsDisbursed', 'FundsAwaiting']) {
      expect(seenTypes).toContain(type);
    }
  }, 120_000);

  it('least data: on the topics each department gets only its allow-list, and neither the intake topic nor the timeline names members\' ages, disability, illness or incomes', async () => {
    const SENSITIVE = /ageYears|disability|seriousIllness|monthlyIncome|perCapitaIncome|members|coveredAlone|tierReasons|relation/;
    const messages = await publishedMessages();
    const problems: string[] = [];
    const at = (m: Published) => `${m.topic} ${m.envelope.type} ${m.envelope.eventId}`;
    let routesChecked = 0;
    let referralsChecked = 0;
    for (const m of messages) {
      const { type, data, schemaVersion } = m.envelope;
      if (m.topic === topicOf('intake')) problems.push(...fieldPathsOf(data).filter((p) => SENSITIVE.test(p)).map((p) => `${at(m)}: ${p}`));
      if (type === 'ApplicationRouted') {
        if (schemaVersion !== 2 || 'caseFile' in data) problems.push(`${at(m)}: a shared case file (schema version ${schemaVersion})`);
        for (const route of data.routes as { department: Department; caseFile: unknown }[]) {
          routesChecked += 1;
          problems.push(...fieldsOutsideAllowList(route.department, route.caseFile).map((p) => `${at(m)}: ${route.department} sees ${p}`));
        }
      }
      if (type === 'ReferralIssued') {
        referralsChecked += 1;
        problems.push(...fieldsOutsideAllowList(data.toDepartment, data.caseFile).map((p) => `${at(m)}: ${data.toDepartment} sees ${p}`));
      }
      if (type === 'ApplicationSubmitted') {
        const allowed: readonly string[] = SUBMITTED_CASE_FILE_FIELDS;
        problems.push(...fieldPathsOf(data.caseFile).filter((p) => !allowed.includes(p)).map((p) => `${at(m)}: caseFile.${p}`));
      }
    }
    expect(problems).toEqual([]);
    expect(routesChecked).toBeGreaterThan(10);
    expect(referralsChecked).toBeGreaterThan(0);

    // The Siyang chain's timeline: every department's events, none of the members' data.
    const chain = messages.find((m) => m.envelope.type === 'ApplicationRouted' && m.envelope.data.routes.some((r: { department: string }) => r.department === 'medical-aid'));
    expect(chain).toBeDefined();
    const events = await timeline(intake, chain!.key);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ApplicationSubmitted', 'ApplicationRouted', 'AidGranted', 'CasePaid']));
    expect(events.flatMap((e) => fieldPathsOf(e.data).filter((p) => SENSITIVE.test(p)).map((p) => `${e.type}: ${p}`))).toEqual([]);
    expect(events.find((e) => e.type === 'ApplicationSubmitted')!.data.caseFile).toMatchObject({ tier: 'edge' });
  }, 120_000);
});
