import type { AnyDepartment, AssistanceCategory, Fen, ProgrammeAmount } from '@onedoor/contracts';
import type { ProgrammesAssessed } from './events';

/**
 * Where a programme stands for the household: it does not qualify; it qualifies but the
 * application did not ask for it (an offer for the caseworker to take up); or it was routed to its
 * department, whose case the dossier follows.
 */
export type PackageStatus = 'not_qualified' | 'offer' | 'routed';

/** A grant of a department's case as the dossier shows it (fen). */
export interface PackageGrant {
  grantId: string;
  amountFen: Fen;
  paid?: boolean;
  awaiting?: boolean;
  status?: string;
  programmeId?: string;
  /** Who pays (AidGranted `paidBy`; absent: funding). */
  paidBy?: 'funding' | 'department' | 'in_kind';
  /** The department system's reference of the payment (CasePaid `paymentReference`). */
  paymentReference?: string;
}

/** A programme refused on its own (AidRefused with `programmeId`). */
export interface RefusedProgramme {
  programmeId: string;
  reasons: string[];
  appealBy: string | null;
}

/** A department's case as the dossier shows it (amounts in fen); grants may name their programme. */
export interface PackageCase {
  department: AnyDepartment | string;
  caseId: string;
  status: string;
  grantedFen: Fen;
  paidFen: Fen;
  grants: PackageGrant[];
  /** The refusal's reasons when the whole case was refused. */
  reasons?: string[];
  appealBy?: string | null;
  /** A partner department took the case on (CaseAccepted); absent: read from `status`. */
  accepted?: boolean;
  /** The whole case was refused (AidRefused without `programmeId`); absent: read from `status`. */
  refusedCase?: boolean;
  refusedProgrammes?: RefusedProgramme[];
}

/**
 * Where one programme of a department's case stands, from the recorded events: still to be
 * decided (`open`, or `accepted` once the partner department took the case on); granted
 * (`approved`, `awaiting_funds`, `paid`, or `in_kind` for a home or a job); or `refused`.
 */
export type ProgrammeCaseStatus = 'open' | 'accepted' | 'approved' | 'awaiting_funds' | 'paid' | 'in_kind' | 'refused';

/** One programme's part of its department's case (fen); the optional members only when recorded. */
export interface ProgrammeCase {
  caseId: string;
  status: ProgrammeCaseStatus;
  grantedFen: Fen;
  paidFen: Fen;
  /** Who pays the grants of the programme, when the department said (AidGranted `paidBy`). */
  paidBy?: 'funding' | 'department' | 'in_kind';
  /** The department system's payment reference (CasePaid `paymentReference`). */
  paymentReference?: string;
  /** A refusal's reasons. */
  reasons?: string[];
  /** Last day to apply for administrative reconsideration of the refusal (China date). */
  appealBy?: string | null;
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
  /** For a routed programme: its department's case as far as this programme goes — its own status, what was granted and paid for it (fen). */
  case: ProgrammeCase | null;
}

/** The household's policy package (一户一方案): every programme of the catalogue the application was assessed by. */
export interface PolicyPackage {
  applicationId: string;
  catalogue: { id: string; version: number };
  programmes: PackageEntry[];
  /** How many programmes are routed, offered (qualified, not asked) and not qualified. */
  counts: Record<PackageStatus, number>;
}

const isPaid = (g: PackageGrant) => g.paid ?? g.status === 'paid';
const isAwaiting = (g: PackageGrant) => g.awaiting ?? g.status === 'awaiting_funds';
const inKind = (g: PackageGrant) => g.paidBy === 'in_kind';

/**
 * What one programme of a department's case got, from what the events recorded (never decided
 * here): the grants naming it — when none names a programme, the case's grants count for the
 * department's only routed programme (a case of one programme) —, its own refusal, or the whole
 * case's refusal; otherwise it is still to be decided, `open` or `accepted` as the case is.
 */
export function programmeCaseOf(programmeId: string, c: PackageCase, onlyOneRouted: boolean): ProgrammeCase {
  const named = c.grants.filter((g) => g.programmeId === programmeId);
  const grants = named.length > 0 ? named : onlyOneRouted && c.grants.every((g) => g.programmeId === undefined) ? c.grants : [];
  const grantedFen = grants.reduce((s, g) => s + g.amountFen, 0);
  const paidFen = grants.filter(isPaid).reduce((s, g) => s + g.amountFen, 0);
  const base = { caseId: c.caseId, grantedFen, paidFen };
  if (grants.length > 0) {
    const payers = [...new Set(grants.map((g) => g.paidBy).filter((x) => x !== undefined))];
    const references = [...new Set(grants.map((g) => g.paymentReference).filter((x): x is string => typeof x === 'string'))];
    const toPay = grants.filter((g) => !inKind(g));
    const status: ProgrammeCaseStatus =
      toPay.length === 0 ? 'in_kind' : toPay.every(isPaid) ? 'paid' : toPay.some((g) => isAwaiting(g) && !isPaid(g)) ? 'awaiting_funds' : 'approved';
    return {
      ...base, status,
      ...(payers.length === 1 ? { paidBy: payers[0] } : {}),
      ...(references.length > 0 ? { paymentReference: references.join(', ') } : {}),
    };
  }
  const refused = c.refusedProgrammes?.find((r) => r.programmeId === programmeId);
  if (refused) return { ...base, status: 'refused', reasons: refused.reasons, appealBy: refused.appealBy };
  const wholeCaseRefused = c.refusedCase ?? (c.status === 'refused' && c.grants.length === 0);
  if (wholeCaseRefused) return { ...base, status: 'refused', reasons: c.reasons ?? [], appealBy: c.appealBy ?? null };
  return { ...base, status: (c.accepted ?? c.status === 'accepted') ? 'accepted' : 'open' };
}

/**
 * The household's policy package from the programmes assessed at submission (ProgrammesAssessed)
 * and the dossier's department cases: each programme with qualifies or not, the reasons, the
 * department, the expected amount for the household (fen bounds) and its status — not qualified,
 * an offer (qualified, not asked), or routed with its own status in its department's case (to be
 * decided, granted, paid, in kind or refused, as the events recorded: programmeCaseOf) and the
 * amounts granted and paid for it (fen). Catalogue order. Pure.
 */
export function policyPackageOf(assessed: ProgrammesAssessed, cases: readonly PackageCase[]): PolicyPackage {
  const routedPer = new Map<string, number>();
  for (const p of assessed.programmes) if (p.routed) routedPer.set(p.department, (routedPer.get(p.department) ?? 0) + 1);
  const caseOf = (programmeId: string, c: PackageCase | undefined, onlyOne: boolean) => (c ? programmeCaseOf(programmeId, c, onlyOne) : null);
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
      case: status === 'routed' ? caseOf(p.programmeId, cases.find((c) => c.department === p.department), routedPer.get(p.department) === 1) : null,
    };
  });
  const counts: Record<PackageStatus, number> = { routed: 0, offer: 0, not_qualified: 0 };
  for (const p of programmes) counts[p.status] += 1;
  return { applicationId: assessed.applicationId, catalogue: { id: assessed.catalogueId, version: assessed.catalogueVersion }, programmes, counts };
}
