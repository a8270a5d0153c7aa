import type { AnyDepartment, AssistanceCategory, Fen, ProgrammeAmount } from '@onedoor/contracts';
import type { ProgrammesAssessed } from './events';

/**
 * Where a programme stands for the household: it does not qualify; it qualifies but the
 * application did not ask for it (an offer for the caseworker to take up); or it was routed to its
 * department, whose case the dossier follows.
 */
export type PackageStatus = 'not_qualified' | 'offer' | 'routed';

/** A department's case as the dossier shows it (amounts in fen); grants may name their programme. */
export interface PackageCase {
  department: AnyDepartment | string;
  caseId: string;
  status: string;
  grantedFen: Fen;
  paidFen: Fen;
  grants: { grantId: string; amountFen: Fen; paid?: boolean; status?: string; programmeId?: string }[];
}

export interface PackageEntry {
  programmeId: string;
  name: { zh: string; en: string };
  department: AnyDepartment;
  category: AssistanceCategory;
  qualifies: boolean;
  reasons: string[];
  ruleIds: string[];
  /** Expected amount for this household: bounds in fen, in kind, by rule or by the department's system. */
  amount: ProgrammeAmount;
  status: PackageStatus;
  /** For a routed programme: its department's case, with what was granted and paid for this programme (fen). */
  case: { caseId: string; status: string; grantedFen: Fen; paidFen: Fen } | null;
}

/** The household's policy package (一户一方案): every programme of the catalogue the application was assessed by. */
export interface PolicyPackage {
  applicationId: string;
  catalogue: { id: string; version: number };
  programmes: PackageEntry[];
  /** How many programmes are routed, offered (qualified, not asked) and not qualified. */
  counts: Record<PackageStatus, number>;
}

const isPaid = (g: PackageCase['grants'][number]) => g.paid ?? g.status === 'paid';

/**
 * What a routed programme got: the grants naming it; when none names a programme, the case's
 * grants count for the department's only routed programme (a case of one programme).
 */
function caseOf(entry: { programmeId: string; department: AnyDepartment }, c: PackageCase | undefined, onlyOneRouted: boolean): PackageEntry['case'] {
  if (!c) return null;
  const named = c.grants.filter((g) => g.programmeId === entry.programmeId);
  const grants = named.length > 0 ? named : onlyOneRouted && c.grants.every((g) => g.programmeId === undefined) ? c.grants : [];
  return {
    caseId: c.caseId,
    status: c.status,
    grantedFen: grants.reduce((s, g) => s + g.amountFen, 0),
    paidFen: grants.filter(isPaid).reduce((s, g) => s + g.amountFen, 0),
  };
}

/**
 * The household's policy package from the programmes assessed at submission (ProgrammesAssessed)
 * and the dossier's department cases: each programme with qualifies or not, the reasons, the
 * department, the expected amount for the household (fen bounds) and its status — not qualified,
 * an offer (qualified, not asked), or routed with its case status and the amounts granted and
 * paid for it (fen). Catalogue order. Pure.
 */
export function policyPackageOf(assessed: ProgrammesAssessed, cases: readonly PackageCase[]): PolicyPackage {
  const routedPer = new Map<string, number>();
  for (const p of assessed.programmes) if (p.routed) routedPer.set(p.department, (routedPer.get(p.department) ?? 0) + 1);
  const programmes = assessed.programmes.map((p): PackageEntry => {
    const status: PackageStatus = p.routed ? 'routed' : p.qualifies ? 'offer' : 'not_qualified';
    return {
      programmeId: p.programmeId,
      name: p.name,
      department: p.department,
      category: p.category,
      qualifies: p.qualifies,
      reasons: p.reasons,
      ruleIds: p.ruleIds,
      amount: p.amount,
      status,
      case: status === 'routed' ? caseOf(p, cases.find((c) => c.department === p.department), routedPer.get(p.department) === 1) : null,
    };
  });
  const counts: Record<PackageStatus, number> = { routed: 0, offer: 0, not_qualified: 0 };
  for (const p of programmes) counts[p.status] += 1;
  return { applicationId: assessed.applicationId, catalogue: { id: assessed.catalogueId, version: assessed.catalogueVersion }, programmes, counts };
}
