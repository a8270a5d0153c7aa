import { ProblemError } from '../http/problem';
import { isWithinJurisdiction } from './jurisdiction';
import type { Principal } from './jwt';

/**
 * A case outside the caller's subtree answers 404, as if it did not exist, so that officers
 * cannot probe other counties' caseloads.
 */
export function assertInSubtree(principal: Principal, jurisdiction: string, what: string): void {
  if (principal.roles.includes('admin') && principal.jurisdiction === '000000') return;
  if (!isWithinJurisdiction(jurisdiction, principal.jurisdiction)) throw ProblemError.notFound(`${what} not found`);
}

export const hasRole = (p: Principal, ...roles: string[]) => roles.some((r) => p.roles.includes(r as any));

/** Officers of another department see none of a department's cases (caseworkers and auditors of the subtree do). */
export function assertMayReadCases(p: Principal, department: string): void {
  if (hasRole(p, 'admin', 'caseworker', 'auditor') || p.department === department) return;
  throw ProblemError.forbidden(`${department} cases are open to ${department} officers, caseworkers and auditors`);
}

/**
 * Staff act for windows of their subtree: an incident elsewhere would give them an application
 * they may not follow (it is read within the incident's subtree). Applicants follow their own.
 */
export function assertMayActAt(p: Principal, jurisdiction: string): void {
  if (hasRole(p, 'applicant') || (p.roles.includes('admin') && p.jurisdiction === '000000')) return;
  if (isWithinJurisdiction(jurisdiction, p.jurisdiction)) return;
  throw ProblemError.forbidden(`jurisdiction ${jurisdiction} is outside yours (${p.jurisdiction}): submit at a window of ${jurisdiction}`);
}
