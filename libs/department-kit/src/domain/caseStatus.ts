import type { CaseOnRecord, DepartmentCaseState, Payer } from './state';

/**
 * The case's status, derived from its programmes' decisions: `open` (nothing decided, not accepted),
 * `accepted` (a partner took it on; some programmes still pending), `granted` (all decided, a grant
 * — a programme's one grant or one beneficiary's — not yet paid), `refused` (every programme refused), `paid` (all decided, every grant to pay is paid).
 */
export type DepartmentCaseStatus = 'open' | 'accepted' | 'granted' | 'refused' | 'paid';
export const DEPARTMENT_CASE_STATUSES: readonly DepartmentCaseStatus[] = ['open', 'accepted', 'granted', 'refused', 'paid'];

export function caseStatusOf(c: CaseOnRecord): DepartmentCaseStatus {
  const decisions = c.programmes.map((p) => c.decisions[p.programmeId] ?? { status: 'pending' as const });
  if (decisions.some((d) => d.status === 'pending')) return c.acceptedBy ? 'accepted' : 'open';
  const grants = decisions.flatMap((d): { paidBy: Payer; paid?: object }[] => (d.status === 'granted' ? [d] : d.status === 'granted_each' ? d.grants.map((g) => ({ ...g, paidBy: 'funding' })) : []));
  if (grants.length === 0) return 'refused';
  return grants.every((g) => g.paidBy === 'in_kind' || g.paid) ? 'paid' : 'granted';
}

/** Whether every programme of the case is decided (no deadline left to miss). */
export const isDecided = (state: DepartmentCaseState): boolean =>
  state.status === 'opened' && state.programmes.every((p) => (state.decisions[p.programmeId]?.status ?? 'pending') !== 'pending');

/** A case record's status: `none` / `received` before CaseOpened, then its derived status. */
export type RecordStatus = 'none' | 'received' | DepartmentCaseStatus;
export const recordStatusOf = (state: DepartmentCaseState): RecordStatus => (state.status === 'opened' ? caseStatusOf(state) : state.status);
