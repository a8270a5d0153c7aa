import { JSON_OPTION, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';

const fen = (n: number) => `${(n / 100).toFixed(2)} yuan`;
const STATUS: Record<string, string> = { routed: 'routed', offer: 'OFFER (qualified, not asked)', not_qualified: 'not qualified' };

/** "≤ 5400.00 yuan", "in kind", "by rule", "by the department's system" */
function amountText(a: { kind: string; minFen?: number; maxFen?: number }): string {
  if (a.kind === 'bounds') return a.minFen ? `${fen(a.minFen)} … ${fen(a.maxFen ?? 0)}` : `≤ ${fen(a.maxFen ?? 0)}`;
  return { rule: 'by rule', in_kind: 'in kind', department_system: "by the department's system" }[a.kind] ?? a.kind;
}

export const packageCommand: CommandSpec<Context> = {
  path: ['package'],
  summary: "the household's policy package (一户一方案): every programme of the catalogue, qualified or not and why, the amount, and where it stands",
  description: [
    "From intake's store: the programmes assessed when the application was handled (ProgrammesAssessed) and the application's",
    'public events of every store folded into its dossier. For each programme: qualified or not with the reasons, the department,',
    'the expected amount or bounds for the household, and the status — not qualified, an offer (qualified, not asked: for the',
    'caseworker) or routed with its case status and the amounts granted and paid. The read is recorded in the read log of every',
    'store the events came from. Exit code 1 when the application has no package (unknown, or routed before the catalogue).',
  ].join('\n'),
  args: [{ name: 'applicationId', description: 'the application id', required: true }],
  options: [JSON_OPTION],
  examples: ['onedoor package 0f6c3d1e-…', 'onedoor package 0f6c3d1e-… --json | jq ".programmes[] | select(.status == \\"offer\\")"'],
  async run(context, { args }) {
    const applicationId = args.applicationId!;
    const [{ openDatabase }, { serviceStores }, { applicationEvents }, { recordEventReads }, intake] = await Promise.all([
      import('../infra'), import('../stores'), import('../audit/timeline'), import('../audit/reads'), import('@onedoor/intake'),
    ]);
    const db = await openDatabase(context.io);
    try {
      const { stores } = await serviceStores(context.io, db.driver);
      const events = await applicationEvents(stores, applicationId);
      const assessed = events.find((e) => e.service === 'intake' && e.type === 'ProgrammesAssessed');
      if (!assessed) {
        if (context.json) context.emit({ command: 'package', applicationId, package: null });
        else context.print(`application ${applicationId} has no policy package (unknown, or routed before the programme catalogue)`);
        return 1;
      }
      await recordEventReads(context.io, db.driver, stores, applicationId, events, 'onedoor package');
      // The dossier as intake folds it: the public events of every service, in the order they occurred.
      let dossier = intake.emptyDossier(applicationId);
      for (const e of events.filter((x) => x.public)) dossier = intake.evolveDossier(dossier, { ...e, correlationId: null, causationId: null, jurisdiction: null } as never);
      const pkg = intake.intakeDomain.policyPackageOf(assessed.data, dossier.departments);
      if (context.json) {
        context.emit({ command: 'package', ...pkg });
        return 0;
      }
      context.print(`application ${applicationId}: catalogue ${pkg.catalogue.id} v${pkg.catalogue.version}; ${pkg.counts.routed} routed, ${pkg.counts.offer} offered, ${pkg.counts.not_qualified} not qualified`);
      for (const p of pkg.programmes) {
        context.print(`${p.programmeId.padEnd(42)} ${p.name.zh}  ${p.department.padEnd(15)} ${STATUS[p.status]}  ${amountText(p.amount)}`);
        if (p.case) context.print(`      case ${p.case.caseId}: ${p.case.status}, granted ${fen(p.case.grantedFen)}, paid ${fen(p.case.paidFen)}`);
        for (const r of p.reasons) context.print(`      · ${r}`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
