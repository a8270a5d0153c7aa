import type { AnyDepartment, Fen, IsoDate } from '@onedoor/contracts';
import type { RecordStatus } from '../domain/caseStatus';
import type { DepartmentCaseState } from '../domain/state';
import { caseViewOf } from './case-view';

/**
 * A case of a department deciding by rule (temporary, medical and education aid) as officers and the
 * GraphQL `Case` type see it: no case file, no programmes; one grant per beneficiary (fen, the
 * fiscal year, paid and the budget); the reasons of `decisionReasons`; appealBy when refused.
 */
export interface RuleCaseView<D extends AnyDepartment = AnyDepartment, S extends string = RecordStatus> {
  caseId: string;
  applicationId: string;
  department: D;
  status: S;
  referredBy?: AnyDepartment;
  beneficiaryRef: string;
  jurisdiction: string;
  causes: string[];
  tier: string;
  openedAt: IsoDate;
  dueBy: IsoDate;
  grants: { grantId: string; beneficiaryRef: string; amountFen: Fen; fiscalYear: number; paid: boolean; budgetId?: string }[];
  reasons: string[];
  appealBy?: IsoDate;
  version: number;
}

/** The view of a case on record (undefined before it is opened), with the department's own status and grants' beneficiaries. */
export function ruleCaseViewOf<D extends AnyDepartment, S extends string>(
  state: DepartmentCaseState,
  version: number,
  decisionReasons: string[],
  own: { status: S; beneficiaryOf?: (grantId: string) => string | undefined },
): RuleCaseView<D, S> | undefined {
  const v = caseViewOf(state, version, decisionReasons);
  if (!v) return undefined;
  return {
    caseId: v.caseId,
    applicationId: v.applicationId,
    department: v.department as D,
    status: own.status,
    ...(v.referredBy ? { referredBy: v.referredBy as AnyDepartment } : {}),
    beneficiaryRef: v.beneficiaryRef,
    jurisdiction: v.jurisdiction,
    causes: v.causes,
    tier: v.tier,
    openedAt: v.openedAt,
    dueBy: v.dueBy,
    grants: v.grants.map((g) => ({
      grantId: g.grantId,
      beneficiaryRef: own.beneficiaryOf?.(g.grantId) ?? g.beneficiaryRef,
      amountFen: g.amountFen,
      fiscalYear: g.fiscalYear,
      paid: g.paid,
      ...(g.budgetId ? { budgetId: g.budgetId } : {}),
    })),
    reasons: decisionReasons,
    ...(v.appealBy ? { appealBy: v.appealBy } : {}),
    version,
  };
}
