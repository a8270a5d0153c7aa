import type { ReadLogChainResult, ReadLogRow } from '@onedoor/service-kit';
import { JSON_OPTION, UsageError, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import { SERVICE_NAMES as SERVICES } from '../cli/services';
import type { Recheck } from '../audit/recheck';
import type { AuditEvent, Decision } from '../audit/timeline';

/**
 * The application's events from every store, intake's sealed assessment opened (see
 * openSealedAssessments); the read is recorded in the read log of each store they came from before
 * the command shows anything (purpose: the command line, e.g. `onedoor audit`).
 */
async function loadEvents(context: Context, applicationId: string, purpose: string) {
  const [{ openDatabase }, { serviceStores }, { applicationEvents }, { recordEventReads }, { openSealedAssessments }] = await Promise.all([
    import('../infra'), import('../stores'), import('../audit/timeline'), import('../audit/reads'), import('../audit/sealed'),
  ]);
  const db = await openDatabase(context.io);
  try {
    const { stores } = await serviceStores(context.io, db.driver);
    const events = await applicationEvents(stores, applicationId);
    await recordEventReads(context.io, db.driver, stores, applicationId, events, purpose);
    // Intake's assessment is sealed by person: opened here, erased persons' facts as markers.
    await openSealedAssessments(context, stores, events);
    return { db, stores, events };
  } catch (e) {
    await db.close();
    throw e;
  }
}

const who = (a: AuditEvent['actor']) => (a ? `${a.role}:${a.sub}` : '-');

export const auditCommand: CommandSpec<Context> = {
  path: ['audit'],
  summary: "an application's full timeline across the five stores, with every decision's actor, time, reasons, rules and parameters",
  description: [
    'The read is recorded in the read log of every store the events came from, as a read by ops:<ONEDOOR_OPERATOR or login name>.',
    'Every event whose data names the application — public and internal, from all five stores, read through the stores (so',
    'upcasters apply) — ordered by occurredAt. For each decision (ApplicationSubmitted/Routed/Refused, AidGranted/AidRefused,',
    'FundsReserved/Disbursed/Awaiting): the actor, the time, the outcome, the reasons, the rule ids and the parameter set id and',
    'version. Exit code 1 when no event names the application.',
  ].join('\n'),
  args: [{ name: 'applicationId', description: 'the application id', required: true }],
  options: [JSON_OPTION],
  examples: ['onedoor audit 0f6c3d1e-…', 'onedoor audit 0f6c3d1e-… --json | jq ".decisions[] | {type, outcome}"'],
  async run(context, { args }) {
    const applicationId = args.applicationId!;
    const { db, events } = await loadEvents(context, applicationId, 'onedoor audit');
    const { decisionOf } = await import('../audit/timeline');
    try {
      const decisions = events.map(decisionOf).filter((d): d is Decision => !!d);
      if (context.json) {
        context.emit({ command: 'audit', applicationId, events, decisions });
        return events.length ? 0 : 1;
      }
      if (events.length === 0) {
        context.print(`no event of any store names application ${applicationId}`);
        return 1;
      }
      const services = new Set(events.map((e) => e.service));
      context.print(`application ${applicationId}: ${events.length} events in ${services.size} stores, ${events[0].occurredAt} … ${events[events.length - 1].occurredAt}`);
      for (const e of events) {
        context.print(
          `${e.occurredAt}  ${e.service.padEnd(13)} ${(e.public ? e.type : `(${e.type})`).padEnd(30)} ${`${e.streamId}#${e.streamVersion}`.padEnd(24)} ${who(e.actor)}`,
        );
        const d = decisionOf(e);
        if (!d) continue;
        context.print(`      ▸ ${d.outcome}`);
        if (d.decidedBy) context.print(`        decided by ${d.decidedBy.role}:${d.decidedBy.sub} at ${d.decidedBy.level} level`);
        if (d.parameterSet) context.print(`        parameters ${d.parameterSet.id} v${d.parameterSet.version}; rules ${d.ruleIds.join(', ') || '-'}`);
        for (const r of d.reasons) context.print(`        · ${r}`);
      }
      context.print(`(internal events of a service's store are in parentheses; decisions are marked ▸)`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

export const auditRecheckCommand: CommandSpec<Context> = {
  path: ['audit', 'recheck'],
  summary: 're-run each decision of an application from its recorded inputs and parameter version; report any that comes out differently',
  description: [
    "Uses the services' pure domain code and @onedoor/policy (the defaults plus every ParameterSetPublished in the stores'",
    'policy-parameter-sets streams, found by id and version). intake: routing (and the tier against its income line: members\'',
    "incomes and assets are not in the event); temporary aid: track, approval cap, once per cause per year (the person's ledger",
    "as it stood); medical aid: the formula and the annual cap (the ledger as it stood); education aid: amounts by stage and",
    'boarding, once per student per school year; funding: reserve or wait, against the budget stream as it stood.',
    "intake's assessment is opened with the data keys (ONEDOOR_DATA_KEYS): a person erased since shows as erased, and what rests",
    'on their facts is reported as "partly re-checked: personal data erased" (the recorded decision and amounts stand).',
    'Each decision: same, different, partial (part of it cannot be re-run: said why) or not-rechecked. Exit code 1 when one differs.',
  ].join('\n'),
  args: [{ name: 'applicationId', description: 'the application id', required: true }],
  options: [JSON_OPTION],
  async run(context, { args }) {
    const applicationId = args.applicationId!;
    const { db, stores, events } = await loadEvents(context, applicationId, 'onedoor audit recheck');
    try {
      if (events.length === 0) {
        if (context.json) context.emit({ command: 'audit recheck', applicationId, decisions: [] });
        else context.print(`no event of any store names application ${applicationId}`);
        return 1;
      }
      const { recheck } = await import('../audit/recheck');
      const report = await recheck(stores, applicationId, events);
      if (context.json) {
        context.emit({ command: 'audit recheck', ...report });
      } else {
        context.print(`application ${applicationId}: ${report.decisions.length} decision${report.decisions.length === 1 ? '' : 's'} re-run (${report.parameterSets.published} parameter sets published in the stores)`);
        for (const c of report.parameterSets.conflicts) context.print(`  parameter set conflict: ${c}`);
        for (const d of report.decisions) printRecheck(context, d);
        const c = report.counts;
        context.print(`${c.same} same, ${c.different} different, ${c.partial} partly re-checked, ${c['not-rechecked']} not re-checked`);
      }
      return report.counts.different > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  },
};

const MARK: Record<Recheck['outcome'], string> = { same: '✓', different: '✗', partial: '~', 'not-rechecked': '?' };

function printRecheck(context: Context, d: Recheck) {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  context.print(
    `${MARK[d.outcome]} ${d.outcome.padEnd(13)} ${d.at}  ${d.service} ${d.type}${d.department && d.service !== d.department ? ` (${d.department})` : ''}` +
      `${d.grantId ? ` ${d.grantId}` : ''}${d.parameterSet ? `  [${d.parameterSet.id} v${d.parameterSet.version}]` : ''}`,
  );
  for (const c of d.checks) context.print(`      ${c.same ? '=' : '≠'} ${c.what}: recorded ${show(c.recorded)}${c.same ? '' : `, re-run ${show(c.rerun)}`}`);
  for (const n of d.notes) context.print(`      note: ${n}`);
}

const when = (r: ReadLogRow) => `${r.at.slice(0, 19).replace('T', ' ')}Z (${r.date} China)`;

export const auditReadsCommand: CommandSpec<Context> = {
  path: ['audit', 'reads'],
  summary: "who read whose personal data, when, what and why — from every store's read log; --verify checks their hash chains",
  description: [
    'Every read of personal data (dossiers, timelines, search pages, case files, subscriptions, this CLI\'s audits) is a row of',
    "the read log of the store holding the data: reader (sub, roles, jurisdiction), time, resource and fields, the applications",
    'and person references concerned, and the route or command. --subject takes an application id or a person/household',
    'reference, --reader a token subject; rows come newest first from all stores. Listing is itself recorded in each log',
    'read, as a read of the log (resource read-log), not of personal data.',
    '--verify recomputes every log\'s chain: hash = sha256(prev_hash ‖ "<seq>:" ‖ canonical row); the first row that does not',
    'match is named. Exit code 1 when a chain is broken.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'subject', type: 'string', valueName: 'id|ref', description: 'an application id or a person/household reference' },
    { name: 'reader', type: 'string', valueName: 'sub', description: 'the token subject of the reader (ops:<name> for this CLI)' },
    { name: 'from', type: 'string', valueName: 'time', description: 'YYYY-MM-DD (a day in China) or an ISO date-time; inclusive' },
    { name: 'to', type: 'string', valueName: 'time', description: 'YYYY-MM-DD (to the end of that day in China) or an ISO date-time; exclusive' },
    { name: 'limit', type: 'string', valueName: 'n', description: 'rows to show, 1–500 (50)' },
    { name: 'offset', type: 'string', valueName: 'n', description: 'rows to skip (0)' },
    { name: 'service', type: 'string', valueName: 'name', description: `only this service's log (${SERVICES.join(', ')})`, choices: SERVICES },
    { name: 'verify', type: 'boolean', description: "check each read log's hash chain" },
    JSON_OPTION,
  ],
  examples: [
    'onedoor audit reads --subject 0f6c3d1e-…',
    'onedoor audit reads --reader caseworker-siyang --from 2026-11-01 --json',
    'onedoor audit reads --verify',
  ],
  async run(context, { options }) {
    const text = (name: string) => (options[name] === undefined ? undefined : String(options[name]));
    const listing = options.subject !== undefined || options.reader !== undefined;
    if (!listing && !options.verify) throw new UsageError('give --subject or --reader to list reads, or --verify to check the chains');
    const [{ openDatabase }, { serviceStores }, { readLogsOf, readsFilter, listReads }] = await Promise.all([import('../infra'), import('../stores'), import('../audit/reads')]);
    const filter = listing
      ? readsFilter({ subject: text('subject'), reader: text('reader'), from: text('from'), to: text('to'), limit: text('limit'), offset: text('offset') })
      : undefined;
    const db = await openDatabase(context.io);
    try {
      const only = options.service ? [String(options.service)] : undefined;
      const { stores } = await serviceStores(context.io, db.driver, only);
      const { logs, without } = await readLogsOf(db.driver, stores);
      if (logs.length === 0) throw new UsageError(`no read log${only ? ` for ${only[0]}` : ''} in ${db.where}`);
      context.print(`read logs of ${logs.map((l) => l.service).join(', ')} in ${db.where}${without.length ? ` (none for ${without.join(', ')})` : ''}`);

      const chains: (ReadLogChainResult & { service: string })[] = [];
      if (options.verify) {
        for (const log of logs) {
          const c = { service: log.service, ...(await log.verify()) };
          chains.push(c);
          context.print(
            c.ok
              ? `  chain ${log.service.padEnd(14)} ok      ${c.rows} rows`
              : `  chain ${log.service.padEnd(14)} BROKEN  at seq ${c.firstBroken!.seq}: ${c.firstBroken!.reason} (after ${c.rows} intact rows)`,
          );
        }
      }

      let page: { total: number; items: ReadLogRow[] } | undefined;
      if (filter) {
        page = await listReads(context.io, logs, filter);
        const what = [filter.subject && `subject ${filter.subject}`, filter.reader && `reader ${filter.reader}`].filter(Boolean).join(', ');
        context.print(`${page.total} read${page.total === 1 ? '' : 's'} of ${what}${page.total > page.items.length ? ` (showing ${filter.offset + 1}–${filter.offset + page.items.length})` : ''}`);
        for (const r of page.items) {
          context.print(`${when(r)}  ${r.service.padEnd(13)} ${`${r.reader.roles.join(',')}:${r.reader.sub}`.padEnd(36)} @${r.reader.jurisdiction}`);
          context.print(`      ${r.purpose} → ${r.resource}${r.resourceId ? ` ${r.resourceId}` : ''}`);
          if (r.fields.length) context.print(`      fields: ${r.fields.join(', ')}`);
          if (r.applicationIds.length) context.print(`      applications: ${r.applicationIds.slice(0, 5).join(', ')}${r.applicationIds.length > 5 ? ` … (${r.applicationIds.length})` : ''}`);
          if (r.subjectRefs.length) context.print(`      persons: ${r.subjectRefs.slice(0, 8).join(', ')}${r.subjectRefs.length > 8 ? ` … (${r.subjectRefs.length})` : ''}`);
        }
      }
      const broken = chains.filter((c) => !c.ok).length;
      if (options.verify) context.print(broken ? `FAILED: ${broken} broken read log chain${broken === 1 ? '' : 's'}` : `OK: ${chains.length} read log chains intact`);
      if (context.json) {
        context.emit({
          command: 'audit reads',
          database: db.where,
          ...(filter ? { filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }, total: page!.total, items: page!.items } : {}),
          ...(options.verify ? { ok: broken === 0, chains } : {}),
        });
      }
      return broken ? 1 : 0;
    } finally {
      await db.close();
    }
  },
};
