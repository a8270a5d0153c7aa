import { assertInSubtree, assertMayReadCases, hasRole, ProblemError, type Principal } from '@onedoor/service-kit';
import type { DecidedBy } from '../domain/state';

/**
 * A department's own system acts with a client-credentials token: role `officer`, the department,
 * the jurisdiction it serves, and a subject starting `system:`; its decisions are recorded at level
 * `system`. Officers decide at township (9-digit) or county (6-digit) level.
 */
export const isDepartmentSystem = (p: Principal): boolean => p.sub.startsWith('system:');

/**
 * Who acts on `department`'s cases (accept, decide, report a payment): its officers (role
 * `officer` with the `department` claim) and its own system (the same, with a `system:` subject).
 * An admin without the department's claim does not act on its cases.
 * @throws ProblemError 403 for anyone else, or an officer below township level.
 */
export function actorFor(p: Principal, department: string): DecidedBy {
  if (!(hasRole(p, 'officer') && p.department === department)) {
    throw ProblemError.forbidden(`only ${department} officers and the ${department} system act on ${department} cases`);
  }
  if (isDepartmentSystem(p)) return { sub: p.sub, role: 'officer', level: 'system' };
  const level = p.jurisdiction.length === 6 ? 'county' : p.jurisdiction.length === 9 ? 'township' : undefined;
  if (!level) throw ProblemError.forbidden(`decisions are taken at township (9-digit) or county (6-digit) level, not at ${p.jurisdiction}`);
  return { sub: p.sub, role: 'officer', level };
}

/**
 * Who reads `department`'s cases, as for the rule departments' cases (assertMayReadCases): its
 * officers and system, caseworkers, auditors and admins, each within their jurisdiction subtree.
 * The subtree is checked first: a case elsewhere is a 404 like a case that does not exist, whoever
 * asks, so its existence is not told outside its jurisdiction.
 * @throws ProblemError 404 outside the caller's subtree; 403 for officers of another department.
 */
export function assertMayRead(p: Principal, department: string, jurisdiction?: string, what = 'case'): void {
  if (jurisdiction !== undefined) assertInSubtree(p, jurisdiction, what);
  assertMayReadCases(p, department);
}
