/**
 * Need to know (PIPL art. 6, least data): what a reader may see of an application. ID numbers,
 * names, phones, health, income and children's data are sensitive; a reader sees only what their
 * duty needs. One decision (readScopeOf) and the parts of each answer it allows; pure, no I/O.
 */
import { hasRole, isWithinJurisdiction, type Principal } from '@onedoor/service-kit';
import type { PolicyPackage } from '../domain/policy-package';
import type { Dossier, dossierView } from '../read-model/dossier';

/**
 * `whole`: the whole application (its dossier, package and notices).
 * `department`: one department's part only — its case(s), programmes, decisions and notices — and
 * the application's summary (id, status, tier, jurisdiction, dates, version).
 */
export type ReadScope = { kind: 'whole' } | { kind: 'department'; department: string };

const WHOLE: ReadScope = Object.freeze({ kind: 'whole' });

/** What the rule needs of a dossier: where it is handled and registered, and the departments it was routed to. */
export type ReadableDossier = Pick<Dossier, 'jurisdiction' | 'registeredJurisdiction' | 'departments'>;

/**
 * What `p` may see of an application, or `null` when nothing (answered 404, not 403, so that
 * applications cannot be probed):
 * - an admin of the whole country (`000000`): the whole application;
 * - caseworkers, auditors and admins whose jurisdiction contains where it is handled or where the
 *   household is registered: the whole application; outside it, nothing;
 * - officers (without any of those roles) of that jurisdiction: their department's part, and only
 *   when their department has a case for it (was routed it, or referred to); nothing otherwise,
 *   nor without a `department` claim;
 * - the applicant who submitted it: the whole application.
 * A reader with a staff role is judged by it alone.
 */
export function readScopeOf(p: Principal, d: ReadableDossier, submittedBy: string | null): ReadScope | null {
  if (hasRole(p, 'admin') && p.jurisdiction === '000000') return WHOLE;
  const inSubtree = () => [d.jurisdiction, d.registeredJurisdiction].some((j) => !!j && isWithinJurisdiction(j, p.jurisdiction));
  if (hasRole(p, 'caseworker', 'auditor', 'admin')) return inSubtree() ? WHOLE : null;
  if (hasRole(p, 'officer')) {
    const department = p.department;
    if (!department || !inSubtree() || !d.departments.some((e) => e.department === department)) return null;
    return { kind: 'department', department };
  }
  return hasRole(p, 'applicant') && submittedBy === p.sub ? WHOLE : null;
}

/**
 * What `p` may list in a search of their subtree: caseworkers, auditors and admins every
 * application (whole); officers only their department's applications, each as its part
 * (dossierPart); `null` (an empty page) for an officer without a `department` claim.
 */
export function listScopeOf(p: Principal): ReadScope | null {
  if (hasRole(p, 'caseworker', 'auditor', 'admin')) return WHOLE;
  if (hasRole(p, 'officer')) return p.department ? { kind: 'department', department: p.department } : null;
  return null;
}

/** The dossier as GET /applications/{id} answers it (dossierView), with `asOf` for a past one. */
export type DossierView = ReturnType<typeof dossierView> & { asOf?: string };

/**
 * The dossier `scope` allows: whole, or the summary with the department's own entries only — no
 * other department's case, amounts or reasons (`notRouted` empty), no refusal reasons of intake,
 * and `totals` over the department's own entries.
 */
export function dossierPart<V extends DossierView>(view: V, scope: ReadScope): V {
  if (scope.kind === 'whole') return view;
  const departments = view.departments.filter((e) => e.department === scope.department);
  const totals = {
    grantedFen: departments.reduce((s, e) => s + e.grantedFen, 0),
    paidFen: departments.reduce((s, e) => s + e.paidFen, 0),
  };
  const { reasons: _reasons, appealBy: _appealBy, ...rest } = view as V & { reasons?: unknown; appealBy?: unknown };
  return { ...rest, departments, notRouted: [], totals } as unknown as V;
}

/**
 * The policy package `scope` allows: whole, or the department's own programmes only (with their
 * cases and reasons), `counts` over them. The household's assessment for other departments'
 * programmes (which may quote incomes, illness or children) is left out.
 */
export function packagePart(pkg: PolicyPackage, scope: ReadScope): PolicyPackage {
  if (scope.kind === 'whole') return pkg;
  const programmes = pkg.programmes.filter((p) => p.department === scope.department);
  const counts: PolicyPackage['counts'] = { routed: 0, offer: 0, not_qualified: 0 };
  for (const p of programmes) counts[p.status] += 1;
  return { ...pkg, programmes, counts };
}

/** A recorded event of the application's timeline, as the notices are rendered from. */
export interface TimelineEntry {
  type: string;
  data: unknown;
}

type Data = Record<string, unknown>;
const dataOf = (e: TimelineEntry): Data => (e.data && typeof e.data === 'object' ? (e.data as Data) : {});

/** `housing-aid` → `housingAid`, as routing rule ids name departments (`route.housingAid.…`). */
const camel = (department: string) => department.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The routing's rule ids without another department's: its routing rules (`route.medicalAid.…` would
 * tell of an illness) and the catalogue's qualifying rules (`programme.…`) its own routes' programmes
 * do not name (`programme.noMemberEmployed` would tell of an employment route).
 */
function ownRuleIds(provenance: unknown, department: string, routes: readonly Data[]): unknown {
  if (!provenance || typeof provenance !== 'object' || !Array.isArray((provenance as Data).ruleIds)) return provenance;
  const own = `route.${camel(department)}.`;
  const ownProgrammeRules = new Set(routes.flatMap((r) => (Array.isArray(r.programmes) ? r.programmes : []).flatMap((p: Data | null) => (Array.isArray(p?.ruleIds) ? p.ruleIds : []))));
  const ruleIds = ((provenance as Data).ruleIds as unknown[]).filter((id) => {
    if (typeof id !== 'string') return true;
    if (id.startsWith('route.')) return id.startsWith(own);
    if (id.startsWith('programme.')) return ownProgrammeRules.has(id);
    return true;
  });
  return { ...provenance, ruleIds };
}

/**
 * The timeline events `scope` allows notices to be written from: all, or the department's own —
 * events naming it as `department` (its grants and refusals) and the routing restricted to its own
 * route (no other department's route, reasons or routing rule ids, no `notRouted`). Intake's
 * refusal of the whole application and every other department's event are left out.
 */
export function timelinePart<E extends TimelineEntry>(events: readonly E[], scope: ReadScope): E[] {
  if (scope.kind === 'whole') return [...events];
  const out: E[] = [];
  for (const e of events) {
    const data = dataOf(e);
    if (e.type === 'ApplicationRouted') {
      const routes = Array.isArray(data.routes) ? data.routes.filter((r: Data | null) => r?.department === scope.department) : [];
      if (routes.length) out.push({ ...e, data: { ...data, routes, notRouted: [], provenance: ownRuleIds(data.provenance, scope.department, routes) } });
    } else if (data.department === scope.department) {
      out.push(e);
    }
  }
  return out;
}
