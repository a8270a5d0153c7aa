/**
 * Poison messages on the topics: one of each kind on the intake topic (bytes that are not JSON, an
 * empty value, a null value, a full envelope with `data: null`, envelope fields of the wrong types,
 * and a payload that breaks the event's JSON Schema) and one on a department topic (an AidGranted
 * whose amount is not a number), produced with kafkajs between ordinary applications. Every poison
 * message ends on its topic's dead-letter topic with a `dlq-error` header, nothing comes of any of
 * them (no dossier, no case, no payment), nothing else is dead-lettered, the ordinary applications
 * settle, and every consumer is still running.
 *
 * Besides the poison, a forged but well-formed ApplicationRouted for an application no store holds:
 * it passes every check of form, so it is not dead-lettered; intake builds no dossier from it (a
 * dossier is intake's own fact). Whether a department acts on it rests on who may write to the
 * intake topic — the broker's ACLs (README, Security) — which this test records but cannot judge.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { Client } from 'pg';
import { EVENTS_BY_SERVICE, topicOf } from '@onedoor/contracts';
import { createDatabase, freePortBlock, readTopic, runLoad, startDistributed, type ApiClient, type Cluster } from '@onedoor/testing';
import { People, townships } from '../support/applications';
import { submit } from '../support/onedoor';
import {
  allocateBudgets, applicationMix, budgetProblems, caseworker, deadLetters, EXPECTED_FEN, finance, ledger, prefixFor, printFigures,
  processHealth, SCHEMA, settleAll, storeVsTopics, verify, wrongOutcomes, type Submission,
} from './system';

jest.setTimeout(300_000);

const kafkaBrokers = process.env.KAFKA_BROKERS!;
const topicPrefix = prefixFor('fpoison');
const INTAKE_TOPIC = topicPrefix + topicOf('intake');
const TEMPORARY_AID_TOPIC = topicPrefix + topicOf('temporary-aid');
const CASE_HEADER = 'x-poison-case';
const people = new People();
const [TOWNSHIP] = townships(1);

let databaseUrl: string;
let cluster: Cluster;
let intake: ApiClient;
let funding: ApiClient;

beforeAll(async () => {
  if (!kafkaBrokers || !process.env.DATABASE_URL) throw new Error('DATABASE_URL and KAFKA_BROKERS must be set (run through node tools/test.js)');
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  databaseUrl = await createDatabase(server.toString(), 'poison');
  cluster = await startDistributed({
    basePort: await freePortBlock(), databaseUrl, kafkaBrokers, topicPrefix, label: 'fault-poison', env: { ONEDOOR_DEADLINE_SCAN_MS: '0' },
  });
  intake = caseworker(cluster.urls.intake);
  funding = finance(cluster.urls.funding);
  await allocateBudgets(funding, TOWNSHIP);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

interface Poison {
  name: string;
  topic: string;
  /** The application it would concern, when it names one: nothing may exist for it. */
  applicationId?: string;
  message: Message;
  /** Well-formed (passes every check of form): not dead-lettered; only intake must ignore it. */
  wellFormed?: boolean;
}

/** The poison messages, built from a real ApplicationRouted and a real AidGranted of this run. */
function poisons(routed: { value: Record<string, any>; headers: Record<string, string> }, granted: { value: Record<string, any>; headers: Record<string, string> }): Poison[] {
  const out: Poison[] = [];
  const add = (name: string, topic: string, value: Buffer | string | null, applicationId?: string, headers: Record<string, string> = {}, wellFormed = false) =>
    out.push({ name, topic, applicationId, wellFormed, message: { key: applicationId ?? `poison-${name}`, value, headers: { ...headers, [CASE_HEADER]: name } } });
  const envelope = (source: typeof routed, applicationId: string, change: (e: Record<string, any>) => void) => {
    // Every mention of the real application (its id in the data, the case file, case ids) names the other one.
    const real = String(source.value.data.applicationId);
    const e = JSON.parse(JSON.stringify(source.value).split(real).join(applicationId)) as Record<string, any>;
    e.eventId = randomUUID();
    change(e);
    const headers = Object.fromEntries(Object.entries(source.headers).map(([k, v]) => [k, v.split(real).join(applicationId)]));
    return { value: JSON.stringify(e), headers: { ...headers, 'event-id': String(e.eventId) } };
  };
  const app = (name: string) => `app-poison-${name}-${randomUUID().slice(0, 8)}`;

  add('not-json', INTAKE_TOPIC, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x9c, 0x74, 0x79]));
  add('empty-value', INTAKE_TOPIC, Buffer.alloc(0));
  add('null-value', INTAKE_TOPIC, null);
  {
    const id = app('data-null');
    const e = envelope(routed, id, (x) => (x.data = null));
    add('data-null', INTAKE_TOPIC, e.value, id, e.headers);
  }
  {
    const id = app('wrong-types');
    const e = envelope(routed, id, (x) => {
      x.streamVersion = 'two';
      x.globalPosition = { at: 3 };
      x.occurredAt = 12345;
      x.schemaVersion = '1';
    });
    add('wrong-field-types', INTAKE_TOPIC, e.value, id, e.headers);
  }
  {
    const id = app('schema');
    const e = envelope(routed, id, (x) => {
      x.data.routes = x.data.routes.map((r: Record<string, unknown>) => ({ ...r, department: 42, reasons: 'because' }));
      x.data.transferDueBy = 'next week';
    });
    add('schema-violation', INTAKE_TOPIC, e.value, id, e.headers);
  }
  {
    const id = app('forged');
    const e = envelope(routed, id, () => undefined);
    add('forged-routed', INTAKE_TOPIC, e.value, id, e.headers, true);
  }
  {
    const id = app('grant');
    const e = envelope(granted, id, (x) => {
      x.data.amountFen = 'a great deal';
    });
    add('department-schema-violation', TEMPORARY_AID_TOPIC, e.value, id, e.headers);
  }
  return out;
}

async function firstOf(topic: string, type: string) {
  const messages = await readTopic(kafkaBrokers, topic);
  const m = messages.find((x) => x.headers['event-type'] === type);
  if (!m?.value) throw new Error(`no ${type} on ${topic} (${messages.length} messages)`);
  return { value: JSON.parse(m.value.toString('utf8')) as Record<string, any>, headers: m.headers };
}

describe('poison messages (five processes, PostgreSQL, Kafka)', () => {
  it('each kind of poison message is dead-lettered with its error; nothing comes of it; ordinary applications settle; every consumer keeps running', async () => {
    const figures: Record<string, unknown> = { test: 'poison-messages' };
    try {
      // Ordinary applications before the poison: they provide the real envelopes the poison is made of.
      const before = applicationMix(people, TOWNSHIP, 8);
      const first = await runLoad({ items: before, spreadMs: 1000, send: (s, key) => submit(intake, s.body, key) });
      const firstIds = first.outcomes.map((o) => o.response?.body?.applicationId as string);
      Object.assign(figures, { applications: before.length, accepted: first.stats.accepted, status5xx: first.stats.status5xx, failures: first.stats.failures.slice(0, 3) });
      expect({ accepted: first.stats.accepted, status5xx: first.stats.status5xx }).toEqual({ accepted: before.length, status5xx: 0 });
      await settleAll(intake, firstIds, 90_000);
      const list = poisons(await firstOf(INTAKE_TOPIC, 'ApplicationRouted'), await firstOf(TEMPORARY_AID_TOPIC, 'AidGranted'));
      figures.poison = list.map((p) => `${p.topic.slice(topicPrefix.length)}:${p.name}`);

      // The poison, then more ordinary applications right behind it on the same partitions.
      const kafka = new Kafka({ clientId: 'fault-poison', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      for (const p of list) await producer.send({ topic: p.topic, messages: [p.message] });
      await producer.disconnect();
      const after = applicationMix(people, TOWNSHIP, 12);
      const second = await runLoad({ items: after, spreadMs: 3000, send: (s, key) => submit(intake, s.body, key) });
      Object.assign(figures, {
        applications: before.length + after.length, accepted: first.stats.accepted + second.stats.accepted, status503: first.stats.status503 + second.stats.status503,
        status5xx: first.stats.status5xx + second.stats.status5xx, connectionErrors: first.stats.connectionErrors + second.stats.connectionErrors,
        failures: [...first.stats.failures, ...second.stats.failures].slice(0, 3),
      });
      expect(first.stats.accepted + second.stats.accepted).toBe(before.length + after.length);
      expect(first.stats.status5xx + second.stats.status5xx).toBe(0);

      const all: Submission[] = [...before, ...after];
      const ids = [...firstIds, ...second.outcomes.map((o) => o.response?.body?.applicationId as string)];
      const dossiers = await settleAll(intake, ids, 120_000);
      Object.assign(figures, { settled: dossiers.filter((d) => d.status === 'settled').length, refused: dossiers.filter((d) => d.status === 'refused').length });
      expect(wrongOutcomes(dossiers, all.map((s) => s.kind))).toEqual([]);

      // Every poison message on its dead-letter topic, with the error; nothing else there.
      const dlqTopics = [INTAKE_TOPIC, TEMPORARY_AID_TOPIC].map((t) => `${t}.dlq`);
      const poison = list.filter((p) => !p.wellFormed);
      const deadline = Date.now() + 30_000;
      let dead: Awaited<ReturnType<typeof readTopic>> = [];
      for (;;) {
        dead = [];
        for (const t of dlqTopics) dead.push(...(await readTopic(kafkaBrokers, t).catch(() => [])));
        const cases = new Set(dead.map((d) => d.headers[CASE_HEADER]));
        if (poison.every((p) => cases.has(p.name)) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      // Nothing came of any poison message: no dossier, no event naming its application, no payment.
      const effects: Record<string, string[]> = {};
      let forgedFen = 0;
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      try {
        for (const p of list.filter((x) => x.applicationId)) {
          const found: string[] = [];
          const res = await intake.get(`/applications/${encodeURIComponent(p.applicationId!)}`);
          if (res.status !== 404) found.push(`GET /applications/${p.applicationId} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          for (const table of ['dossiers', 'timeline']) {
            const r = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake.${table} WHERE application_id = $1`, [p.applicationId]);
            if (r.rows[0].n > 0) found.push(`intake.${table}: ${r.rows[0].n} row(s)`);
          }
          const departments: string[] = [];
          for (const schema of Object.values(SCHEMA)) {
            const r = await pg.query<{ type: string }>(`SELECT type FROM ${schema}.events WHERE strpos(data::text, $1) > 0 ORDER BY global_position`, [p.applicationId]);
            if (!r.rows.length) continue;
            // A well-formed forgery reaches the departments (the broker's ACLs keep it off the topic), never intake.
            (p.wellFormed && schema !== SCHEMA.intake ? departments : found).push(`${schema}: ${r.rows.map((x) => x.type).join(', ')}`);
          }
          if (found.length) effects[p.name] = found;
          if (departments.length) figures[`${p.name}:departments`] = departments;
          if (p.wellFormed) {
            // What departments granted on the forgery (recorded above, not judged): kept out of the money check below.
            const g = await pg.query<{ fen: string | null }>(
              `SELECT sum((data->>'amountFen')::bigint)::text AS fen FROM ${SCHEMA.funding}.events WHERE type = 'FundsDisbursed' AND data->>'applicationId' = $1`,
              [p.applicationId],
            );
            forgedFen += Number(g.rows[0].fen ?? 0);
          }
        }
      } finally {
        await pg.end();
      }
      figures.poisonEffects = effects;
      const byCase: Record<string, { topic: string; consumers: string[]; errors: string[] }> = {};
      for (const d of dead) {
        const name = d.headers[CASE_HEADER] ?? `NOT POISON ${d.headers['event-type']} ${d.headers['event-id']}`;
        byCase[name] ??= { topic: d.topic.slice(topicPrefix.length), consumers: [], errors: [] };
        byCase[name].consumers.push(d.headers['dlq-consumer'] ?? '?');
        byCase[name].errors.push((d.headers['dlq-error'] ?? '').slice(0, 160));
      }
      figures.deadLetterDetail = byCase;
      const allDlq = await deadLetters(kafkaBrokers, topicPrefix);
      Object.assign(figures, { deadLetters: allDlq.total, deadLettersByTopic: allDlq.byTopic });
      const money = await ledger(databaseUrl);
      const budgets = await budgetProblems(funding, TOWNSHIP);
      // The submissions' amounts, plus whatever departments paid on the well-formed forgery (its source
      // application is whichever was routed first: with illness, medical aid pays it again).
      const expectedFen = all.reduce((n, s) => n + EXPECTED_FEN[s.kind], 0) + forgedFen;
      figures.forgedFen = forgedFen;
      Object.assign(figures, { grants: money.grants, payments: money.disbursements, casePaid: money.casePaid, grantedFen: money.grantedFen, disbursedFen: money.disbursedFen });
      expect(money.paidTwice).toEqual([]);
      expect(money.unpaid).toEqual([]);
      expect(budgets.problems).toEqual([]);
      expect({ granted: money.grantedFen, disbursed: money.disbursedFen, budgets: budgets.disbursedFen }).toEqual({ granted: expectedFen, disbursed: expectedFen, budgets: expectedFen });

      const health = await processHealth(cluster);
      figures.processes = health.map((h) => `${h.name}:${h.alive ? 'alive' : 'DEAD'}:live ${h.live}:ready ${h.ready}`);
      expect(health.filter((h) => !h.alive || h.live !== 200 || h.ready !== 200)).toEqual([]);

      // verify: the stores' chains and topics. The poison on the topics is not the stores' doing:
      // it shows as unknown or malformed messages, never as a missing event.
      const v = await verify(databaseUrl, kafkaBrokers, topicPrefix);
      figures.verify = v.report.kafka.map((k) => `${k.service}: missing ${k.missing}, unknown ${k.unknown}, malformed ${k.malformed}`);
      expect(v.report.chains.every((c) => c.ok)).toBe(true);
      expect(v.report.kafka.map((k) => [k.service, k.missing, k.orderViolations.length])).toEqual(v.report.kafka.map((k) => [k.service, 0, 0]));
      figures.topics = await storeVsTopics(databaseUrl, kafkaBrokers, topicPrefix, EVENTS_BY_SERVICE);

      // Last, so that a failure here still leaves the checks above run.
      expect(effects).toEqual({});
      expect(poison.filter((p) => !byCase[p.name]).map((p) => p.name)).toEqual([]);
      expect(Object.keys(byCase).filter((name) => !poison.some((p) => p.name === name))).toEqual([]);
      expect(dead.filter((d) => !d.headers['dlq-error'])).toEqual([]);
      for (const p of poison) expect(byCase[p.name].topic).toBe(`${p.topic.slice(topicPrefix.length)}.dlq`);
      // Dead-letter topics other than these two are empty.
      expect(Object.entries(allDlq.byTopic).filter(([t, n]) => !dlqTopics.includes(t) && n > 0)).toEqual([]);
    } finally {
      printFigures(figures);
    }
  });
});
