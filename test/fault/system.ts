/**
 * What every fault test submits and what it checks at the end, whatever broke in between:
 * every application in the state the worked examples give it, every grant paid exactly once and
 * Σ disbursed = Σ granted, no dead letter that was not poison, every service process alive, live
 * and ready, and `onedoor verify` clean.
 */
import { Client } from 'pg';
import { EVENTS_BY_SERVICE, schemaOf, SERVICES, topicOf, type Service } from '@onedoor/contracts';
import { signToken } from '@onedoor/service-kit';
import {
  api, deadLetterCount, topicCounts, waitFor, type ApiClient, type Cluster, type LoadStats, type ReadinessWatch,
} from '@onedoor/testing';
import { onedoor } from '../../services/ops/src/test/cli';
import { AMOUNTS, nightFire, People, SIYANG, siyangChain, unemployment, type ApplicationBody } from '../support/applications';
import { allocate, budget, budgetId, departmentOf, dossier, isFinal, type BudgetView, type DossierView, type Programme } from '../support/onedoor';

export const PROGRAMMES: Programme[] = ['temporary-aid', 'medical-aid', 'education-aid'];
export const SCHEMA = Object.fromEntries(SERVICES.map((s) => [s, schemaOf(s)])) as Record<Service, string>;

/** A namespace of topics and consumer groups of its own for one fault test. */
export const prefixFor = (label: string) => `${process.env.ONEDOOR_TOPIC_PREFIX ?? ''}${label}${Date.now().toString(36)}.`;

export type Kind = 'fire' | 'chain' | 'refused';
export interface Submission {
  kind: Kind;
  body: ApplicationBody;
}

/** What the worked examples pay for each kind of application. */
export const EXPECTED_FEN: Record<Kind, number> = {
  fire: AMOUNTS.smallFastAid,
  chain: AMOUNTS.advanceAid + AMOUNTS.medicalAid + AMOUNTS.educationAidSeniorEdge,
  refused: 0,
};

/** `n` applications in `township`: night fires, Siyang chains and unemployment refusals in turn (2:1:1). */
export function applicationMix(people: People, township: string, n: number): Submission[] {
  const kinds: Kind[] = ['fire', 'chain', 'fire', 'refused'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const body = kind === 'fire' ? nightFire(people, township) : kind === 'chain' ? siyangChain(people, township) : unemployment(people, township);
    return { kind, body };
  });
}

export const caseworker = (url: string) => api(url, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
export const finance = (url: string) => api(url, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));

/** Budgets of the township, large enough for everything the test submits (no grant waits for funds). */
export async function allocateBudgets(funding: ApiClient, township: string): Promise<Record<Programme, BudgetView>> {
  const amounts: Record<Programme, number> = { 'temporary-aid': 100_000_000, 'medical-aid': 1_000_000_000, 'education-aid': 100_000_000 };
  const out = {} as Record<Programme, BudgetView>;
  for (const programme of PROGRAMMES) {
    await allocate(funding, programme, township, amounts[programme], { reserveFund: programme === 'temporary-aid' });
    out[programme] = await budget(funding, budgetId(programme, township));
  }
  return out;
}

/** Waits until every dossier is settled, refused or withdrawn; returns them. */
export async function settleAll(intake: ApiClient, ids: string[], timeoutMs = 150_000): Promise<DossierView[]> {
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, DossierView>();
  let last: Record<string, string> = {};
  while (done.size < ids.length && Date.now() < deadline) {
    last = {};
    for (const id of ids) {
      if (done.has(id)) continue;
      try {
        const d = await dossier(intake, id);
        if (isFinal(d)) done.set(id, d);
        else last[id] = `${d.status} ${d.departments.map((e) => `${e.department}:${e.status}`).join(',')}`;
      } catch (e) {
        last[id] = (e as Error).message.slice(0, 200);
      }
    }
    if (done.size < ids.length) await new Promise((r) => setTimeout(r, 500));
  }
  if (done.size < ids.length) {
    const waiting = Object.entries(last).slice(0, 10).map(([id, s]) => `${id}: ${s}`).join('\n');
    throw new Error(`${ids.length - done.size} of ${ids.length} applications not settled or refused within ${timeoutMs} ms:\n${waiting}`);
  }
  return ids.map((id) => done.get(id)!);
}

/** Mismatches between each dossier and its worked example (empty when all are right). */
export function wrongOutcomes(dossiers: DossierView[], kinds: Kind[]): string[] {
  const wrong: string[] = [];
  dossiers.forEach((d, i) => {
    const kind = kinds[i];
    const expected = EXPECTED_FEN[kind];
    const status = kind === 'refused' ? 'refused' : 'settled';
    const problems: string[] = [];
    if (d.status !== status) problems.push(`status ${d.status}, expected ${status}`);
    if (d.totals.grantedFen !== expected || d.totals.paidFen !== expected) problems.push(`granted ${d.totals.grantedFen} paid ${d.totals.paidFen}, expected ${expected}`);
    if (kind === 'fire' && departmentOf(d, 'temporary-aid')?.paidFen !== AMOUNTS.smallFastAid) problems.push('temporary aid not paid 80,000');
    if (kind === 'chain') {
      const paid = d.departments.map((e) => `${e.department}:${e.status}:${e.paidFen}`).sort();
      const want = [`education-aid:paid:${AMOUNTS.educationAidSeniorEdge}`, `medical-aid:paid:${AMOUNTS.medicalAid}`, `temporary-aid:paid:${AMOUNTS.advanceAid}`];
      if (JSON.stringify(paid) !== JSON.stringify(want)) problems.push(`departments ${paid.join(' ')}`);
    }
    if (problems.length) wrong.push(`${kind} ${d.applicationId}: ${problems.join('; ')}`);
  });
  return wrong;
}

export interface Ledger {
  grants: number;
  grantedFen: number;
  disbursements: number;
  disbursedFen: number;
  casePaid: number;
  /** Grants with more than one FundsDisbursed, or cases with more than one CasePaid for a grant. */
  paidTwice: string[];
  /** Grants never disbursed. */
  unpaid: string[];
}

/** Grants (AidGranted in the department stores) against payments (FundsDisbursed in funding, CasePaid in the departments), from the stores. */
export async function ledger(databaseUrl: string): Promise<Ledger> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const departments = ['temporary_aid', 'medical_aid', 'education_aid'];
    const grants = new Map<string, number>();
    const casePaid = new Map<string, number>();
    for (const schema of departments) {
      const g = await pg.query<{ grant_id: string; amount: string }>(`SELECT data->>'grantId' AS grant_id, (data->>'amountFen')::bigint AS amount FROM ${schema}.events WHERE type = 'AidGranted'`);
      for (const r of g.rows) grants.set(r.grant_id, Number(r.amount));
      const p = await pg.query<{ grant_id: string; n: number }>(`SELECT data->>'grantId' AS grant_id, count(*)::int AS n FROM ${schema}.events WHERE type = 'CasePaid' GROUP BY 1`);
      for (const r of p.rows) casePaid.set(r.grant_id, r.n);
    }
    const d = await pg.query<{ grant_id: string; n: number; amount: string }>(
      `SELECT data->>'grantId' AS grant_id, count(*)::int AS n, sum((data->>'amountFen')::bigint) AS amount FROM funding.events WHERE type = 'FundsDisbursed' GROUP BY 1`,
    );
    const paidTwice = [
      ...d.rows.filter((r) => r.n > 1).map((r) => `${r.grant_id}: FundsDisbursed ×${r.n}`),
      ...[...casePaid.entries()].filter(([, n]) => n > 1).map(([g, n]) => `${g}: CasePaid ×${n}`),
    ];
    const disbursed = new Set(d.rows.map((r) => r.grant_id));
    return {
      grants: grants.size,
      grantedFen: [...grants.values()].reduce((a, b) => a + b, 0),
      disbursements: d.rows.reduce((n, r) => n + r.n, 0),
      disbursedFen: d.rows.reduce((n, r) => n + Number(r.amount), 0),
      casePaid: [...casePaid.values()].reduce((a, b) => a + b, 0),
      paidTwice,
      unpaid: [...grants.keys()].filter((g) => !disbursed.has(g)),
    };
  } finally {
    await pg.end();
  }
}

/** Budgets that break allocated = available + reserved + disbursed, or still hold reservations or waiting grants. */
export async function budgetProblems(funding: ApiClient, township: string): Promise<{ problems: string[]; disbursedFen: number }> {
  const problems: string[] = [];
  let disbursedFen = 0;
  for (const programme of PROGRAMMES) {
    const b = await budget(funding, budgetId(programme, township));
    disbursedFen += b.disbursedFen;
    if (b.allocatedFen !== b.availableFen + b.reservedFen + b.disbursedFen) problems.push(`${b.budgetId}: allocated ${b.allocatedFen} ≠ ${b.availableFen} + ${b.reservedFen} + ${b.disbursedFen}`);
    if (b.reservedFen !== 0 || b.awaitingFen !== 0) problems.push(`${b.budgetId}: reserved ${b.reservedFen}, awaiting ${b.awaitingFen}`);
  }
  return { problems, disbursedFen };
}

/** Per process: alive, /health/live and /health/ready answers (ready awaited up to `readyTimeoutMs`). */
export async function processHealth(cluster: Cluster, options: { except?: (p: { service: string; instance: number }) => boolean; readyTimeoutMs?: number } = {}) {
  const report: { name: string; alive: boolean; live: number | string; ready: number | string; readyBody?: unknown }[] = [];
  for (const p of cluster.processes()) {
    if (options.except?.(p)) continue;
    const name = `${p.service}#${p.instance}`;
    const status = async (path: string) => {
      try {
        const res = await fetch(`${p.url}${path}`, { signal: AbortSignal.timeout(3000) });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain text
        }
        return { status: res.status, body };
      } catch (e) {
        return { status: `no answer (${(e as Error).message})`, body: undefined };
      }
    };
    const live = await status('/health/live');
    let ready = await status('/health/ready');
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    while (ready.status !== 200 && ready.status !== 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await status('/health/ready');
    }
    report.push({ name, alive: !p.exited && !!p.pid, live: live.status, ready: ready.status, ...(ready.status === 200 ? {} : { readyBody: ready.body }) });
  }
  return report;
}

/** `onedoor verify --json` against the test's database and topics. */
export async function verify(databaseUrl: string, kafkaBrokers: string, topicPrefix: string) {
  const r = await onedoor(['verify', '--json'], { DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafkaBrokers, ONEDOOR_TOPIC_PREFIX: topicPrefix });
  const report = r.json<{ ok: boolean; chains: { service: string; ok: boolean }[]; kafka: { service: string; published: number; messages: number; missing: number; duplicates: number; duplicatedEvents: number; orderViolations: unknown[]; unknown: number; malformed: number }[] }>();
  return { code: r.code, report, stderr: r.stderr };
}

/** Public events per service store against messages per service topic. */
export async function storeVsTopics(databaseUrl: string, kafkaBrokers: string, topicPrefix: string, eventsByService: Record<Service, readonly string[]>) {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const counts = await topicCounts(kafkaBrokers, (t) => t.startsWith(topicPrefix) && !t.endsWith('.dlq'));
  try {
    const out: Record<string, { events: number; messages: number }> = {};
    for (const service of SERVICES) {
      const r = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA[service]}.events WHERE type = ANY($1)`, [eventsByService[service]]);
      out[service] = { events: r.rows[0].n, messages: counts[topicPrefix + topicOf(service)] ?? 0 };
    }
    return out;
  } finally {
    await pg.end();
  }
}

export const deadLetters = async (kafkaBrokers: string, topicPrefix: string) => {
  const counts = await deadLetterCount(kafkaBrokers, topicPrefix);
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), byTopic: counts };
};

/** The test's figures, one JSON line. */
export function printFigures(figures: Record<string, unknown>) {
  console.log(JSON.stringify({ ...figures, at: new Date().toISOString() }));
}

export const loadFigures = (s: LoadStats) => ({
  accepted: s.accepted, requests: s.requests, retries: s.retries, status503: s.status503, status503Bare: s.status503Bare, status5xx: s.status5xx,
  connectionErrors: s.connectionErrors, statuses: s.statuses, loadMs: s.elapsedMs,
});

export const readinessFigures = (watch: ReadinessWatch) =>
  Object.fromEntries(Object.entries(watch.counts).map(([url, counts]) => [url.replace(/^http:\/\/127\.0\.0\.1:/, ':'), counts]));

/** Waits, up to `timeoutMs`, until `fn` holds; for end states that settle (dead letters, counts). */
export const eventually = <T>(fn: () => Promise<T | false>, what: string, timeoutMs = 30_000) => waitFor(fn, { what, timeoutMs, intervalMs: 500 });

export interface EndStateInput {
  name: string;
  cluster: Cluster;
  databaseUrl: string;
  kafkaBrokers: string;
  topicPrefix: string;
  township: string;
  intake: ApiClient;
  funding: ApiClient;
  /** Every application of the test so far, with its kind. */
  submitted: { id: string; kind: Kind }[];
  /** The load just run. */
  stats: LoadStats;
  readiness?: ReadinessWatch;
  /** Processes killed on purpose (not expected alive). */
  except?: (p: { service: string; instance: number }) => boolean;
  /** More figures for the JSON line. */
  extra?: Record<string, unknown>;
  settleTimeoutMs?: number;
}

/**
 * The end state every fault test requires, asserted in this order (the figures are printed as one
 * JSON line whatever fails): nothing lost and no 5xx other than 503; every application settled or
 * refused as its worked example says; every grant paid once and Σ disbursed = Σ granted in the
 * stores, the budgets and the dossiers; no dead letter; every process alive, live and ready;
 * `onedoor verify` clean. Returns the figures and the verify report.
 */
export async function checkEndState(input: EndStateInput) {
  const { stats, cluster, databaseUrl, kafkaBrokers, topicPrefix, submitted } = input;
  const context = `logs: ${cluster.logDir}`;
  const figures: Record<string, unknown> = {
    test: input.name, applications: stats.items, totalApplications: submitted.length, ...loadFigures(stats),
    ...(input.readiness ? { readiness: readinessFigures(input.readiness) } : {}), ...input.extra,
  };
  try {
    expect({ context, lost: stats.items - stats.accepted, rejected: stats.rejected, abandoned: stats.abandoned }).toEqual({ context, lost: 0, rejected: 0, abandoned: 0 });
    // A 503 is an honest "come back later" (problem+json with Retry-After); any other 5xx is a failure.
    expect({ context, status5xx: stats.status5xx, failures: stats.failures, status503Bare: stats.status503Bare }).toEqual({ context, status5xx: 0, failures: [], status503Bare: 0 });

    const dossiers = await settleAll(input.intake, submitted.map((s) => s.id), input.settleTimeoutMs);
    Object.assign(figures, { settled: dossiers.filter((d) => d.status === 'settled').length, refused: dossiers.filter((d) => d.status === 'refused').length });
    expect(wrongOutcomes(dossiers, submitted.map((s) => s.kind))).toEqual([]);
    const expectedFen = submitted.reduce((n, s) => n + EXPECTED_FEN[s.kind], 0);

    const money = await ledger(databaseUrl);
    const budgets = await budgetProblems(input.funding, input.township);
    const dlq = await deadLetters(kafkaBrokers, topicPrefix);
    Object.assign(figures, {
      grants: money.grants, payments: money.disbursements, casePaid: money.casePaid, grantedFen: money.grantedFen, disbursedFen: money.disbursedFen,
      deadLetters: dlq.total,
    });
    expect(money.paidTwice).toEqual([]);
    expect(money.unpaid).toEqual([]);
    expect(budgets.problems).toEqual([]);
    expect({ granted: money.grantedFen, disbursed: money.disbursedFen, budgets: budgets.disbursedFen, dossiers: dossiers.reduce((n, d) => n + d.totals.paidFen, 0) }).toEqual({
      granted: expectedFen, disbursed: expectedFen, budgets: expectedFen, dossiers: expectedFen,
    });
    expect(money.disbursements).toBe(money.grants);
    expect(money.casePaid).toBe(money.grants);
    expect(dlq.byTopic).toEqual(Object.fromEntries(Object.keys(dlq.byTopic).map((t) => [t, 0])));

    const health = await processHealth(cluster, { except: input.except });
    figures.processes = health.map((h) => `${h.name}:${h.alive ? 'alive' : 'DEAD'}:live ${h.live}:ready ${h.ready}`);
    expect(health.filter((h) => !h.alive || h.live !== 200 || h.ready !== 200)).toEqual([]);

    const v = await verify(databaseUrl, kafkaBrokers, topicPrefix);
    Object.assign(figures, { verify: v.code, duplicatesOnTopics: v.report.kafka.reduce((n, k) => n + k.duplicates, 0) });
    figures.topics = await storeVsTopics(databaseUrl, kafkaBrokers, topicPrefix, EVENTS_BY_SERVICE);
    expect({ code: v.code, ok: v.report.ok, missing: v.report.kafka.map((k) => k.missing) }).toEqual({ code: 0, ok: true, missing: v.report.kafka.map(() => 0) });
    return { figures, verify: v.report };
  } finally {
    printFigures(figures);
  }
}
