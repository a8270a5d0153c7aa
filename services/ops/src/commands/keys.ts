import { JSON_OPTION, UsageError, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';

const SCHEMA = 'intake';
const DEFAULT_BATCH = 200;

/** Counts of one table's pass: rows looked at, rewritten under the current key, already under it, that failed. */
export interface RotationCounts {
  total: number;
  rewritten: number;
  current: number;
  failed: number;
  failures: { key: string; reason: string }[];
}

const counts = (): RotationCounts => ({ total: 0, rewritten: 0, current: 0, failed: 0, failures: [] });

export const keysRotateCommand: CommandSpec<Context> = {
  path: ['keys', 'rotate'],
  summary: 'reseal every sealed personal data value and subject key under the current data key',
  description: [
    'The current data key is the first of ONEDOOR_DATA_KEYS (id:base64,…); keep the older keys listed until this has run, and',
    'ONEDOOR_DATA_KEY set while values of earlier releases (v1) remain. In batches, each its own transaction, so an interrupted',
    'run simply continues where it stopped when started again:',
    '  1. subject keys (intake.subject_keys) wrapped under another key are unwrapped and wrapped under the current one;',
    '  2. personal data sealed whole under a deployment key (v1, v2) is split by person and sealed under each person\'s own',
    '     key, so erasure reaches it; parts of persons erased since are sealed under a key nobody keeps.',
    'Afterwards no value names an older key: it may be removed from ONEDOOR_DATA_KEYS and destroyed (which also makes wrapped',
    'keys in older backups useless). ONEDOOR_REF_KEY does not rotate: every personRef in the event log is an HMAC under it.',
    'Exit code 1 when a value could not be opened (its key is not configured).',
  ].join('\n'),
  args: [],
  options: [
    { name: 'batch-size', type: 'number', valueName: 'n', description: `rows per transaction (default ${DEFAULT_BATCH})` },
    { name: 'dry-run', type: 'boolean', description: 'count what would be resealed, change nothing' },
    JSON_OPTION,
  ],
  examples: ['ONEDOOR_DATA_KEYS=k2026:…,k2025:… onedoor keys rotate', 'onedoor keys rotate --dry-run --json'],
  async run(context, { options }) {
    const batch = options['batch-size'] === undefined ? DEFAULT_BATCH : Number(options['batch-size']);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new UsageError('--batch-size must be a whole number from 1 to 10000');
    const intake = await import('@onedoor/intake');
    let personal: InstanceType<typeof intake.PersonalData>;
    try {
      personal = new intake.PersonalData(context.env, (m) => context.warn(`warning: ${m}`));
    } catch (e) {
      throw new UsageError(`the data keys are not usable: ${(e as Error).message}`);
    }
    const { openDatabase } = await import('../infra');
    const db = await openDatabase(context.io);
    try {
      const { rows } = await db.driver.query<{ t: string | null }>(`SELECT to_regclass('intake.personal_data') AS t`);
      if (!rows[0]?.t) throw new UsageError(`no intake store in ${db.where}`);
      const dryRun = !!options['dry-run'];
      if (!dryRun) await intake.subjectKeysMigration(db.driver, SCHEMA);
      const kid = personal.currentKeyId;
      context.print(`${dryRun ? 'dry run: ' : ''}reseal under data key ${kid} in ${db.where}`);

      // 1. Subject keys.
      const keys = counts();
      const { rows: keyTotals } = await db.driver.query<{ n: string; stale: string }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE kid <> $1) AS stale FROM ${SCHEMA}.subject_keys`,
        [kid],
      ).catch(() => ({ rows: [{ n: '0', stale: '0' }] }));
      keys.total = Number(keyTotals[0].n);
      keys.current = keys.total - Number(keyTotals[0].stale);
      const keyBar = context.progress('subject keys', Number(keyTotals[0].stale), 'keys');
      let cursor = '';
      for (;;) {
        if (dryRun) {
          keys.rewritten = Number(keyTotals[0].stale);
          break;
        }
        const done = await db.driver.transaction(async (tx) => {
          const { rows: page } = await tx.query<{ person_ref: string; key_id: string; kid: string; wrapped: string }>(
            `SELECT person_ref, key_id, kid, wrapped FROM ${SCHEMA}.subject_keys WHERE kid <> $1 AND person_ref > $2
             ORDER BY person_ref COLLATE "C" LIMIT $3 FOR UPDATE`,
            [kid, cursor, batch],
          );
          for (const row of page) {
            try {
              if (await intake.rewrapSubjectKey(tx, SCHEMA, personal, row)) keys.rewritten++;
              else keys.current++;
            } catch (e) {
              keys.failed++;
              if (keys.failures.length < 20) keys.failures.push({ key: row.person_ref, reason: (e as Error).message });
            }
          }
          return page;
        });
        if (done.length === 0) break;
        cursor = done[done.length - 1].person_ref;
        keyBar.increment(done.length);
      }
      keyBar.stop();
      context.print(`  subject keys   ${keys.total} in all: ${keys.rewritten} ${dryRun ? 'to rewrap' : 'rewrapped'}, ${keys.current} already under ${kid}, ${keys.failed} failed`);

      // 2. Personal data sealed whole under a deployment key.
      const data = counts();
      const { rows: dataTotals } = await db.driver.query<{ n: string; whole: string }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE sealed NOT LIKE '{%') AS whole FROM ${SCHEMA}.personal_data`,
      );
      data.total = Number(dataTotals[0].n);
      data.current = data.total - Number(dataTotals[0].whole);
      const dataBar = context.progress('personal data', Number(dataTotals[0].whole), 'values');
      cursor = '';
      for (;;) {
        if (dryRun) {
          data.rewritten = Number(dataTotals[0].whole);
          break;
        }
        const done = await db.driver.transaction(async (tx) => {
          const { rows: page } = await tx.query<{ application_id: string; sealed: string; created_at: Date; registered: string | null }>(
            `SELECT p.application_id, p.sealed, p.created_at, d.registered_jurisdiction AS registered
             FROM ${SCHEMA}.personal_data p LEFT JOIN ${SCHEMA}.dossiers d USING (application_id)
             WHERE p.sealed NOT LIKE '{%' AND p.application_id > $1 ORDER BY p.application_id COLLATE "C" LIMIT $2 FOR UPDATE OF p`,
            [cursor, batch],
          );
          for (const row of page) {
            try {
              const value = personal.decrypt<any>(row.sealed);
              let sealed: string;
              if (typeof value?.applicant?.idNumber === 'string' && Array.isArray(value?.household?.members)) {
                const refs = intake.sealedRefsOf(personal, value);
                const { rows: erased } = await tx.query<{ person_ref: string }>(
                  `SELECT DISTINCT person_ref FROM ${SCHEMA}.subject_erasures WHERE person_ref = ANY($1::text[]) AND erased_at >= $2`,
                  [refs, row.created_at],
                );
                sealed = await intake.sealApplicationData(tx, SCHEMA, personal, value, row.registered, new Set(erased.map((r) => r.person_ref)));
              } else sealed = personal.encrypt(value);
              await tx.query(`UPDATE ${SCHEMA}.personal_data SET sealed = $2 WHERE application_id = $1`, [row.application_id, sealed]);
              data.rewritten++;
            } catch (e) {
              data.failed++;
              if (data.failures.length < 20) data.failures.push({ key: row.application_id, reason: (e as Error).message });
            }
          }
          return page;
        });
        if (done.length === 0) break;
        cursor = done[done.length - 1].application_id;
        dataBar.increment(done.length);
      }
      dataBar.stop();
      context.print(`  personal data  ${data.total} in all: ${data.rewritten} ${dryRun ? 'to reseal' : 'resealed by person'}, ${data.current} already by person, ${data.failed} failed`);
      for (const f of [...keys.failures, ...data.failures].slice(0, 10)) context.print(`    failed: ${f.key}: ${f.reason}`);

      const ok = keys.failed === 0 && data.failed === 0;
      context.print(ok ? `OK: every sealed value is under data key ${kid} or a subject key wrapped by it${dryRun ? ' once run' : ''}` : 'FAILED: some values could not be opened (see above)');
      if (context.json) context.emit({ command: 'keys rotate', database: db.where, dryRun, currentKey: kid, ok, subjectKeys: keys, personalData: data });
      return ok ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};
