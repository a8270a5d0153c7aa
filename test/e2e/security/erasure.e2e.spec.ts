/**
 * Erasure inside an immutable log, end to end on the embedded process: applications are submitted
 * and settle; one applicant is erased over REST, another over GraphQL. Then no API, no CLI output
 * and no row of intake's schema — the event log included — yields their clear data (nor their
 * age, birth date, disability or income), while every amount, decision and hash
 * chain stays as it was; the other persons' data still opens. Finally the data key is rotated
 * with `onedoor keys rotate` (two keys configured) and the old key retired.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDriver } from '@onedoor/event-store';
import { openHouseholdAssessed, openPersonalData, PersonalData, SEALED_ASSESSMENT_VERSION } from '@onedoor/intake';
import { api, startEmbedded, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { onedoor } from '../../../services/ops/src/test/cli';
import { AMOUNTS, nightFire, People, townships, type ApplicationBody } from '../../support/applications';
import { allocate, dossier, expectStatus, submitOk, timeline, waitSettledOrRefused } from '../../support/onedoor';

jest.setTimeout(300_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-erasure-'));
const oldKey = `k1:${randomBytes(32).toString('base64')}`;
const newKey = `k2:${randomBytes(32).toString('base64')}`;
const keys = { ONEDOOR_DATA_KEYS: oldKey, ONEDOOR_REF_KEY: `ref-${randomUUID()}` };
const people = new People();
const [T1] = townships(1);
let server: EmbeddedServer;
let caseworker: ApiClient;
let admin: ApiClient;

/** What would identify a person next to their reference: an exact age, birth date, disability and income no one else has. */
interface Facts {
  ageYears: number;
  birthDate: string;
  disability: 'grade3' | 'grade4';
  monthlyIncomeFen: number;
}

/**
 * A night-fire application by a person with a name no one else has, and facts no one else has
 * (an income of over 10,000 yuan a month: still no tier, so the same small fast aid).
 */
function applicant(ageYears: number, disability: Facts['disability']): { body: ApplicationBody; name: string; idNumber: string; phone: string; facts: Facts } {
  const body = nightFire(people, T1);
  const person = people.person('510122', ageYears);
  const name = `测试${randomUUID().slice(0, 8)}`;
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const monthlyIncomeFen = 1_000_000 + Math.floor(Math.random() * 8_000_000) * 10 + 7;
  body.applicant = { ...body.applicant, idNumber: person.idNumber, name, phone };
  body.household.members = body.household.members.map((m) => ({ ...m, ...person, name, disability, monthlyIncomeFen }));
  return { body, name, idNumber: person.idNumber, phone, facts: { ageYears, birthDate: person.birthDate, disability, monthlyIncomeFen } };
}

const erased = applicant(47, 'grade3');
const erasedByGraphql = applicant(53, 'grade4');
const kept = applicant(58, 'grade3');
const ids: Record<'erased' | 'graphql' | 'kept', string> = { erased: '', graphql: '', kept: '' };
const before: Record<string, unknown> = {};
const personal = new PersonalData(keys, () => undefined);
const clearOf = (p: { name: string; idNumber: string; phone: string }) => [p.name, p.idNumber, p.phone];
const expectNoClear = (text: string, who = [erased, erasedByGraphql]) => {
  for (const p of who) for (const s of clearOf(p)) expect(text).not.toContain(s);
};
/** The person's facts as they would read in clear: JSON fields of the case file, and as tier reasons quote them. */
const clearFactsOf = ({ facts: f }: { facts: Facts }) => {
  const yuan = `${Math.floor(f.monthlyIncomeFen / 100)}.${String(f.monthlyIncomeFen % 100).padStart(2, '0')}`;
  return [`"ageYears":${f.ageYears}`, `"ageYears": ${f.ageYears}`, `aged ${f.ageYears}`, f.birthDate, `"disability":"${f.disability}"`, `"disability": "${f.disability}"`, String(f.monthlyIncomeFen), yuan];
};
const expectNoClearFacts = (text: string, who: { facts: Facts }[]) => {
  for (const p of who) for (const s of clearFactsOf(p)) expect(text).not.toContain(s);
};

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false', ...keys }, label: 'e2e-erasure' });
  caseworker = api(server.url, { sub: 'caseworker-erasure', roles: ['caseworker'], jurisdiction: T1.slice(0, 6) });
  admin = api(server.url, { sub: 'admin-dpo', roles: ['admin'], jurisdiction: '000000' });
  const funding = api(server.url, { sub: 'finance-erasure', roles: ['finance'], jurisdiction: T1.slice(0, 6) });
  await allocate(funding, 'temporary-aid', T1, 1_000_000, { reserveFund: true });
  ids.erased = await submitOk(caseworker, erased.body);
  ids.graphql = await submitOk(caseworker, erasedByGraphql.body);
  ids.kept = await submitOk(caseworker, kept.body);
  for (const id of Object.values(ids)) {
    const d = await waitSettledOrRefused(caseworker, id);
    expect(d).toMatchObject({ status: 'settled', totals: { grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid } });
    before[id] = { dossier: d, timeline: await timeline(caseworker, id) };
  }
}, 240_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('erasure of a data subject (crypto-shredding)', () => {
  const ref = () => personal.personRef(erased.idNumber);

  it('is refused to non-admins, for malformed and unknown subjects, with problem details', async () => {
    const body = { legalBasis: 'PIPL art. 47(1)(1)' };
    expect((await caseworker.post(`/subjects/${ref()}/erasure`, body)).status).toBe(403);
    const bad = await admin.post('/subjects/not-a-ref/erasure', body);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await admin.post(`/subjects/p_${'A'.repeat(22)}/erasure`, body)).status).toBe(404);
    expect((await admin.post(`/subjects/${ref()}/erasure`, { legalBasis: '' })).status).toBe(400);
    expect((await admin.post(`/subjects/${ref()}/erasure`, { legalBasis: ' \t ' })).status).toBe(400);
    expect((await admin.post(`/subjects/${ref()}/erasure`, { legalBasis: 'x', extra: 1 })).status).toBe(400);
  });

  it('destroys the key and records PersonalDataErased; the same Idempotency-Key replays, a second request finds it erased', async () => {
    const key = randomUUID();
    const body = { legalBasis: 'PIPL art. 47(1)(1)', note: 'request of the data subject at the window' };
    const first = expectStatus(await admin.post(`/subjects/${ref()}/erasure`, body, { idempotencyKey: key }), 202);
    expect(first.body).toMatchObject({ personRef: ref(), legalBasis: body.legalBasis, erasedBy: 'admin-dpo' });
    expect(new Date(first.body.erasedAt).toISOString()).toBe(first.body.erasedAt);
    const replay = expectStatus(await admin.post(`/subjects/${ref()}/erasure`, body, { idempotencyKey: key }), 202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const again = expectStatus(await admin.post(`/subjects/${ref()}/erasure`, body, { idempotencyKey: randomUUID() }), 200);
    expect(again.body.eventId).toBe(first.body.eventId);
  });

  it('erases over GraphQL too (eraseSubject)', async () => {
    const query = 'mutation($p: String!, $b: String!) { eraseSubject(personRef: $p, legalBasis: $b) { personRef legalBasis erasedBy eventId } }';
    const res = await admin.post('/graphql', { query, variables: { p: personal.personRef(erasedByGraphql.idNumber), b: 'PIPL art. 47(1)(3)' } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.eraseSubject).toMatchObject({ personRef: personal.personRef(erasedByGraphql.idNumber), erasedBy: 'admin-dpo' });
    const unknown = await admin.post('/graphql', { query, variables: { p: `p_${'B'.repeat(22)}`, b: 'PIPL art. 47' } });
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('leaves every amount, decision and timeline as it was, with no clear data in the dossier, timeline or search', async () => {
    for (const id of Object.values(ids)) {
      const d = await dossier(caseworker, id);
      const t = await timeline(caseworker, id);
      expect({ dossier: { ...d, version: undefined, updatedAt: undefined }, timeline: t }).toEqual({
        dossier: { ...(before[id] as any).dossier, version: undefined, updatedAt: undefined },
        timeline: (before[id] as any).timeline,
      });
      expectNoClear(JSON.stringify(d) + JSON.stringify(t));
    }
    const page = expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}&limit=500`), 200);
    expect(page.body.items.map((i: { applicationId: string }) => i.applicationId)).toEqual(expect.arrayContaining(Object.values(ids)));
    expectNoClear(JSON.stringify(page.body));
  });

  describe('with the process stopped: the database and the ops CLI', () => {
    const env = { ONEDOOR_DATA_DIR: dataDir, ...keys };
    beforeAll(() => server.stop());

    it('no row of intake\'s schema holds or opens to their clear data; the others\' data still opens', async () => {
      const db = await PgliteDriver.open(dataDir);
      try {
        // Every column of every table, as text: no clear name, ID number or phone anywhere.
        const { rows: tables } = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'intake'`);
        expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['events', 'personal_data', 'subject_keys', 'subject_erasures', 'dossiers', 'timeline']));
        for (const { t } of tables) {
          const { rows } = await db.query<{ row: string }>(`SELECT r::text AS row FROM intake."${t}" r`);
          for (const r of rows) expectNoClear(r.row, [erased, erasedByGraphql, kept]);
          // Nor their age, birth date, disability or income: the events too (data::text), the assessment included.
          const text = rows.map((r) => r.row).join('\n');
          expectNoClearFacts(text, [erased, erasedByGraphql, kept]);
          if (t === 'events') {
            const { rows: data } = await db.query<{ d: string }>(`SELECT data::text AS d FROM intake.events`);
            expectNoClearFacts(data.map((r) => r.d).join('\n'), [erased, erasedByGraphql, kept]);
          }
        }
        // The subject keys are gone, the erasures recorded.
        const refs = [erased, erasedByGraphql].map((p) => personal.personRef(p.idNumber));
        expect((await db.query(`SELECT * FROM intake.subject_keys WHERE person_ref = ANY($1::text[])`, [refs])).rows).toEqual([]);
        expect((await db.query(`SELECT person_ref FROM intake.subject_erasures WHERE person_ref = ANY($1::text[])`, [refs])).rows).toHaveLength(2);
        const { rows: events } = await db.query<{ type: string; stream_id: string }>(`SELECT type, stream_id FROM intake.events WHERE type = 'PersonalDataErased'`);
        expect(events.map((e) => e.stream_id).sort()).toEqual(refs.map((r) => `subject-${r}`).sort());
        // Opening every sealed value with every key there is: markers for them, clear data for the other.
        const opened: Record<string, string> = {};
        for (const [name, id] of Object.entries(ids)) {
          const { rows } = await db.query<{ sealed: string }>(`SELECT sealed FROM intake.personal_data WHERE application_id = $1`, [id]);
          const { value, erased: gone } = await openPersonalData(db, 'intake', personal, rows[0].sealed);
          opened[name] = JSON.stringify(value);
          if (name === 'kept') expect(gone).toEqual([]);
          else expect(gone).toEqual([personal.personRef(name === 'erased' ? erased.idNumber : erasedByGraphql.idNumber)]);
        }
        expectNoClear(opened.erased + opened.graphql);
        expect(JSON.parse(opened.erased).applicant).toEqual({ erased: true, personRef: ref() });
        expect(JSON.parse(opened.kept).applicant).toMatchObject({ name: kept.name, idNumber: kept.idNumber });

        // The assessment in the log (HouseholdAssessed version 2): their facts show the erased marker, the other's open.
        for (const [name, id] of Object.entries(ids)) {
          const { rows } = await db.query<{ data: any; schema_version: number }>(
            `SELECT data, schema_version FROM intake.events WHERE type = 'HouseholdAssessed' AND data->>'applicationId' = $1`,
            [id],
          );
          expect(rows).toHaveLength(1);
          expect(rows[0].schema_version).toBe(SEALED_ASSESSMENT_VERSION);
          expect(rows[0].data.caseFile).toMatchObject({ tier: 'none', causes: ['fire'] });
          const assessed = await openHouseholdAssessed(db, 'intake', personal, rows[0].data);
          const who = name === 'kept' ? kept : name === 'erased' ? erased : erasedByGraphql;
          const personRef = personal.personRef(who.idNumber);
          if (name === 'kept') {
            expect(assessed.erased).toBeUndefined();
            expect(assessed.caseFile.members).toEqual([expect.objectContaining({ personRef, ageYears: kept.facts.ageYears, disability: kept.facts.disability })]);
            expect(assessed.caseFile.perCapitaIncomeFen).toBe(kept.facts.monthlyIncomeFen);
          } else {
            expect(assessed.erased).toEqual([personRef]);
            expect(assessed.caseFile.members).toEqual([{ erased: true, personRef }]);
            expect(assessed.caseFile.perCapitaIncomeFen).toEqual({ erased: true, personRef });
            expectNoClearFacts(JSON.stringify(assessed), [who]);
          }
        }
      } finally {
        await db.close();
      }
    });

    it('onedoor verify passes; replay and audit show no clear data and the same amounts', async () => {
      const verify = await onedoor(['verify'], env);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toContain('chains intact');
      const replay = await onedoor(['replay', 'dossier', '--json'], env);
      expect(replay.code).toBe(0);
      expect(replay.json().diff.dossiers).toMatchObject({ missing: 0, extra: 0, different: 0 });
      expectNoClear(replay.stdout + replay.stderr);
      for (const id of [ids.erased, ids.graphql]) {
        const audit = await onedoor(['audit', id], env);
        expect(audit.code).toBe(0);
        expect(audit.stdout).toContain(`${AMOUNTS.smallFastAid}`);
        expectNoClear(audit.stdout + audit.stderr);
        const json = await onedoor(['audit', id, '--json'], env);
        expect(json.code).toBe(0);
        expectNoClear(json.stdout);
        expectNoClearFacts(json.stdout, [erased, erasedByGraphql]);
        // Re-checked from what was recorded: partly, the erased facts said so; the amounts the same.
        const recheck = await onedoor(['audit', 'recheck', id, '--json'], env);
        expect(recheck.code).toBe(0);
        expectNoClearFacts(recheck.stdout, [erased, erasedByGraphql]);
        const report = recheck.json();
        const intakeDecision = report.decisions.find((d: { service: string }) => d.service === 'intake');
        expect(intakeDecision.outcome).toBe('partial');
        expect(intakeDecision.notes.join('\n')).toContain('partly re-checked: personal data erased');
        expect(intakeDecision.checks.map((c: { what: string }) => c.what)).toContain('transfer deadline');
        expect(report.counts.different).toBe(0);
        const grant = report.decisions.find((d: { service: string; type: string }) => d.service === 'temporary-aid' && d.type === 'AidGranted');
        expect(grant.outcome).toBe('same');
      }
      // The other person's assessment opens for the audit: routing re-run in full, their facts in the (recorded) audit.
      const keptAudit = await onedoor(['audit', ids.kept, '--json'], env);
      const keptAssessed = keptAudit.json().events.find((e: { type: string }) => e.type === 'HouseholdAssessed');
      expect(keptAssessed.data.caseFile.perCapitaIncomeFen).toBe(kept.facts.monthlyIncomeFen);
      const keptRecheck = (await onedoor(['audit', 'recheck', ids.kept, '--json'], env)).json();
      const keptIntake = keptRecheck.decisions.find((d: { service: string }) => d.service === 'intake');
      expect(keptIntake.notes.join('\n')).not.toContain('personal data erased');
      expect(keptIntake.checks).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'routed departments', same: true })]));
    });

    it('onedoor keys rotate reseals under the new key; the old key can then be retired', async () => {
      // Two values as an earlier release sealed them (v1, whole, under ONEDOOR_DATA_KEY), from before the erasure.
      const passphrase = `legacy-${randomUUID()}`;
      const legacyPerson = applicant(44, 'grade4');
      const legacy = new PersonalData({ ...keys, ONEDOOR_DATA_KEY: passphrase }, () => undefined);
      const v1 = (value: unknown) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', legacy.ring.legacy!, iv);
        const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
        return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
      };
      const pg = await PgliteDriver.open(dataDir);
      try {
        for (const [id, p] of [['legacy-kept', legacyPerson], ['legacy-erased', erased]] as const) {
          await pg.query(`INSERT INTO intake.personal_data (application_id, sealed, created_at) VALUES ($1, $2, now() - interval '1 year')`, [
            id, v1({ applicant: p.body.applicant, household: p.body.household }),
          ]);
        }
      } finally {
        await pg.close();
      }
      const rotateEnv = { ...env, ONEDOOR_DATA_KEYS: `${newKey},${oldKey}`, ONEDOOR_DATA_KEY: passphrase };
      const help = await onedoor(['keys', 'rotate', '--help'], rotateEnv);
      expect(help.stdout).toContain('ONEDOOR_REF_KEY does not rotate');
      const dry = (await onedoor(['keys', 'rotate', '--dry-run', '--json'], rotateEnv)).json();
      expect(dry).toMatchObject({ ok: true, dryRun: true, currentKey: 'k2', subjectKeys: { rewritten: 1, current: 0, failed: 0 }, personalData: { rewritten: 2 } });
      const run = await onedoor(['keys', 'rotate', '--json', '--batch-size', '1'], rotateEnv);
      expect(run.code).toBe(0);
      expect(run.json()).toMatchObject({ ok: true, currentKey: 'k2', subjectKeys: { total: 1, rewritten: 1, failed: 0 }, personalData: { total: 5, rewritten: 2, current: 3, failed: 0 } });
      const again = (await onedoor(['keys', 'rotate', '--json'], rotateEnv)).json();
      // The legacy value of a person not erased now has that person's own key; the erased person's is shredded.
      expect(again).toMatchObject({ ok: true, subjectKeys: { total: 2, rewritten: 0, current: 2 }, personalData: { rewritten: 0, current: 5 } });

      // With only the new key configured: the kept person's data opens, the erased stay erased.
      const retired = new PersonalData({ ...keys, ONEDOOR_DATA_KEYS: newKey }, () => undefined);
      const db = await PgliteDriver.open(dataDir);
      try {
        const { rows } = await db.query<{ kid: string }>(`SELECT kid FROM intake.subject_keys`);
        expect(rows.map((r) => r.kid)).toEqual(['k2', 'k2']);
        const sealed = async (id: string) => (await db.query<{ sealed: string }>(`SELECT sealed FROM intake.personal_data WHERE application_id = $1`, [id])).rows[0].sealed;
        const kept2 = await openPersonalData(db, 'intake', retired, await sealed(ids.kept));
        expect(kept2.value.applicant).toMatchObject({ name: kept.name });
        const erased2 = await openPersonalData(db, 'intake', retired, await sealed(ids.erased));
        expect(erased2.erased).toEqual([ref()]);
        const legacyKept = await openPersonalData(db, 'intake', retired, await sealed('legacy-kept'));
        expect(legacyKept.value.applicant).toMatchObject({ name: legacyPerson.name, idNumber: legacyPerson.idNumber });
        const legacyErased = await openPersonalData(db, 'intake', retired, await sealed('legacy-erased'));
        expect(legacyErased.erased).toEqual([ref()]);
        expectNoClear(JSON.stringify(legacyErased.value), [erased]);
      } finally {
        await db.close();
      }
      expect((await onedoor(['verify'], { ...env, ONEDOOR_DATA_KEYS: newKey })).code).toBe(0);
    });
  });
});
