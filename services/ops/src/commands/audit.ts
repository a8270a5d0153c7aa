import { JSON_OPTION, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import { openDatabase } from '../infra';
import type { Recheck } from '../audit/recheck';
import type { AuditEvent, Decision } from '../audit/timeline';

async function loadEvents(context: Context, applicationId: string) {
  const [{ serviceStores }, { applicationEvents }] = await Promise.all([import('../stores'), import('../audit/timeline')]);
  const db = await openDatabase(context.io);
  const { stores } = await serviceStores(context.io, db.driver);
  const events = await applicationEvents(stores, applicationId);
  return { db, stores, events };
}

const who = (a: AuditEvent['actor']) => (a ? `${a.role}:${a.sub}` : '-');

export const auditCommand: CommandSpec<Context> = {
  path: ['audit'],
  summary: "an application's full timeline across the five stores, with every decision's actor, time, reasons, rules and parameters",
  description: [
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
    const { db, events } = await loadEvents(context, applicationId);
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
    'Each decision: same, different, partial (part of it cannot be re-run: said why) or not-rechecked. Exit code 1 when one differs.',
  ].join('\n'),
  args: [{ name: 'applicationId', description: 'the application id', required: true }],
  options: [JSON_OPTION],
  async run(context, { args }) {
    const applicationId = args.applicationId!;
    const { db, stores, events } = await loadEvents(context, applicationId);
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
