/**
 * The dossier: one status per application across every department, folded from the public
 * events of all services. Events of different services arrive in any relative order, so every
 * step tolerates "later" facts arriving first (departments and grants are created on demand).
 */
import { isPartnerDepartment, type ApplicationSettled, type Department, type Envelope, type IsoDate, type Tier } from '@onedoor/contracts';
import { programmeCaseOf, type ProgrammeCase, type RefusedProgramme } from '../domain/policy-package';
import { settledOutcomeOf } from '../domain/state';

/**
 * `open` until the department decided, `accepted` meanwhile once a partner department took the
 * case on (CaseAccepted); a department running several programmes has decided once every one of
 * them is granted or refused (as intake's settlement: hasDecided).
 */
export type DepartmentStatus = 'open' | 'accepted' | 'approved' | 'refused' | 'awaiting_funds' | 'paid';
export type DossierStatus = 'received' | 'in_progress' | 'settled' | 'refused' | 'withdrawn';

export interface Grant {
  grantId: string;
  amountFen: number;
  awaiting: boolean;
  paid: boolean;
  /** The reasons of the decision that granted it (absent in dossiers folded before they were kept). */
  reasons?: string[];
  /** The catalogue programme granted, when the department named it (AidGranted `programmeId`). */
  programmeId?: string;
  /** `in_kind`: a home or a job, nothing to pay; `department`: paid by the department's own system. */
  paidBy?: 'funding' | 'department' | 'in_kind';
  /** The department system's reference of the payment it made (CasePaid `paymentReference`). */
  paymentReference?: string;
}

export interface DepartmentEntry {
  department: Department;
  caseId: string;
  status: DepartmentStatus;
  grantedFen: number;
  paidFen: number;
  /** Every grant's reasons in grant order, or the refusal's reasons. */
  reasons: string[];
  dueBy: string | null;
  /** Last day to apply for administrative reconsideration of the department's refusal (China date). */
  appealBy?: IsoDate | null;
  decided: boolean;
  grants: Grant[];
  /** A partner department took the case on (CaseAccepted). */
  accepted?: boolean;
  /** The whole case was refused (AidRefused without `programmeId`); absent in dossiers folded before it was kept. */
  refusedCase?: boolean;
  /** A partner department's routed programmes (ApplicationRouted, CaseOpened): each is decided by a grant or a refusal naming it. */
  programmes?: string[];
  /** Programmes refused one by one (AidRefused with `programmeId`), with the refusal's reasons and appeal date. */
  refusedProgrammes?: RefusedProgramme[];
}

export interface Dossier {
  applicationId: string;
  status: DossierStatus;
  tier: Tier | null;
  jurisdiction: string | null;
  registeredJurisdiction: string | null;
  applicantRef: string | null;
  householdRef: string | null;
  departments: DepartmentEntry[];
  totals: { grantedFen: number; paidFen: number };
  reasons: string[];
  appealBy: string | null;
  routed: boolean;
  /** The departments the application was not passed to, with the reasons (from ApplicationRouted). */
  notRouted?: { department: Department; reasons: string[] }[];
  /** Intake's decision once every department decided and every grant was paid (ApplicationSettled). */
  outcome?: ApplicationSettled['outcome'] | null;
  settledAt: string | null;
  version: number;
  updatedAt: string;
}

export const emptyDossier = (applicationId: string): Dossier => ({
  applicationId,
  status: 'received',
  tier: null,
  jurisdiction: null,
  registeredJurisdiction: null,
  applicantRef: null,
  householdRef: null,
  departments: [],
  totals: { grantedFen: 0, paidFen: 0 },
  reasons: [],
  appealBy: null,
  routed: false,
  notRouted: [],
  outcome: null,
  settledAt: null,
  version: 0,
  updatedAt: new Date(0).toISOString(),
});

const caseIdOf = (department: string, applicationId: string) => `${department}-${applicationId}`;

function entry(d: Dossier, department: Department, caseId?: string): DepartmentEntry {
  let e = d.departments.find((x) => x.department === department);
  if (!e) {
    e = {
      department,
      caseId: caseId ?? caseIdOf(department, d.applicationId),
      status: 'open',
      grantedFen: 0,
      paidFen: 0,
      reasons: [],
      dueBy: null,
      appealBy: null,
      decided: false,
      grants: [],
      refusedCase: false,
    };
    d.departments.push(e);
  }
  return e;
}

function grant(e: DepartmentEntry, grantId: string, amountFen = 0): Grant {
  let g = e.grants.find((x) => x.grantId === grantId);
  if (!g) {
    g = { grantId, amountFen, awaiting: false, paid: false, reasons: [] };
    e.grants.push(g);
  }
  if (amountFen) g.amountFen = amountFen;
  return g;
}

/**
 * Whether the department has decided, as intake's settlement reads it (hasDecided): it refused
 * the whole case; or, running several named programmes, each of them is granted or refused;
 * otherwise once it granted anything (or refused a programme of a case without named programmes).
 */
function hasDecided(e: DepartmentEntry): boolean {
  if (e.refusedCase) return true;
  const programmes = e.programmes ?? [];
  const refused = (e.refusedProgrammes ?? []).map((r) => r.programmeId);
  if (programmes.length === 0 || e.grants.some((g) => g.programmeId === undefined)) return e.grants.length > 0 || (refused.length > 0 && programmes.length === 0);
  return programmes.every((p) => refused.includes(p) || e.grants.some((g) => g.programmeId === p));
}

function refresh(e: DepartmentEntry) {
  // A dossier folded before whole-case refusals were kept: decided with no grant was a refusal.
  e.refusedCase ??= e.decided && e.grants.length === 0;
  e.decided = hasDecided(e);
  e.grantedFen = e.grants.reduce((s, g) => s + g.amountFen, 0);
  e.paidFen = e.grants.filter((g) => g.paid).reduce((s, g) => s + g.amountFen, 0);
  // A grant in kind (a home, a job) has nothing to pay.
  const toPay = e.grants.filter((g) => g.paidBy !== 'in_kind');
  if (!e.decided) e.status = e.accepted ? 'accepted' : 'open';
  else if (e.grants.length === 0) e.status = 'refused';
  else if (toPay.length > 0 && toPay.every((g) => g.paid)) e.status = 'paid';
  else if (toPay.some((g) => g.awaiting && !g.paid)) e.status = 'awaiting_funds';
  else e.status = 'approved';
}

/** Every grant's reasons in grant order, then those of the programmes refused one by one. */
const decisionReasonsOf = (e: DepartmentEntry) => [...e.grants.flatMap((g) => g.reasons ?? []), ...(e.refusedProgrammes ?? []).flatMap((r) => r.reasons)];

/** A partner department's routed programmes, as a route or a case names them. */
function routedProgrammesOf(department: string, programmes: unknown): string[] | undefined {
  if (!isPartnerDepartment(department) || !Array.isArray(programmes) || programmes.length === 0) return undefined;
  return programmes.map((p) => String(p?.programmeId));
}

/** Event types that change a dossier; any other event leaves it as it is (same object, same version). */
export const DOSSIER_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'CaseOpened', 'CaseAccepted', 'ReferralIssued',
  'AidGranted', 'AidRefused', 'FundsAwaiting', 'FundsReleased', 'CasePaid',
]);

/**
 * The next dossier after one event; `current` is never modified (the live projection keeps the
 * previous state around). Events of other types return `current` itself.
 */
export function evolveDossier(current: Dossier, envelope: Envelope<any>): Dossier {
  if (!DOSSIER_EVENT_TYPES.has(envelope.type)) return current;
  const d: Dossier = structuredClone(current);
  evolveDossierInPlace(d, envelope);
  return d;
}

/**
 * evolveDossier without the copy: applies the event to `d` itself and says whether it changed
 * anything (false, with `d` untouched, for the types evolveDossier ignores). For folds that own
 * their state, such as a replay, where a structuredClone per event would dominate the cost. The
 * resulting dossier is the same as evolveDossier's (see dossier-fold.unit.spec.ts).
 */
export function evolveDossierInPlace(d: Dossier, envelope: Envelope<any>): boolean {
  const data = envelope.data ?? {};
  switch (envelope.type) {
    case 'ApplicationSubmitted': {
      const cf = data.caseFile ?? {};
      d.tier = cf.tier ?? null;
      d.jurisdiction = cf.jurisdiction ?? null;
      d.registeredJurisdiction = cf.registeredJurisdiction ?? null;
      d.applicantRef = cf.applicantRef ?? null;
      d.householdRef = cf.householdRef ?? null;
      break;
    }
    case 'ApplicationRouted':
      d.routed = true;
      d.notRouted = data.notRouted ?? [];
      for (const r of data.routes ?? []) {
        const e = entry(d, r.department, r.caseId);
        e.dueBy ??= data.transferDueBy ?? null;
        const programmes = routedProgrammesOf(r.department, r.programmes);
        if (programmes) e.programmes = programmes;
      }
      break;
    case 'ApplicationRefused':
      d.status = 'refused';
      d.reasons = data.reasons ?? [];
      d.appealBy = data.appealBy ?? null;
      break;
    case 'ApplicationSettled':
      d.settledAt = data.settledAt ?? envelope.occurredAt;
      d.outcome = settledOutcomeOf(data);
      break;
    case 'CaseOpened': {
      const e = entry(d, data.department, data.caseId);
      e.dueBy = data.dueBy ?? null;
      const programmes = routedProgrammesOf(data.department, data.programmes);
      if (programmes && !e.programmes?.length) e.programmes = programmes;
      break;
    }
    case 'CaseAccepted':
      entry(d, data.department, data.caseId).accepted = true;
      break;
    case 'ReferralIssued':
      entry(d, data.toDepartment);
      break;
    case 'AidGranted': {
      const e = entry(d, data.department, data.caseId);
      const g = grant(e, data.grantId, data.amountFen);
      g.reasons = data.reasons ?? [];
      if (data.programmeId !== undefined) g.programmeId = data.programmeId;
      if (data.paidBy !== undefined) g.paidBy = data.paidBy;
      if (!e.refusedCase) e.reasons = decisionReasonsOf(e);
      break;
    }
    case 'AidRefused': {
      const e = entry(d, data.department, data.caseId);
      if (typeof data.programmeId === 'string') {
        // One programme of the case refused: the others stay as they are.
        const refused: RefusedProgramme = { programmeId: data.programmeId, reasons: data.reasons ?? [], appealBy: data.appealBy ?? null };
        e.refusedProgrammes = [...(e.refusedProgrammes ?? []).filter((r) => r.programmeId !== data.programmeId), refused];
        if (!e.refusedCase) {
          e.reasons = decisionReasonsOf(e);
          e.appealBy = e.refusedProgrammes.map((r) => r.appealBy).filter((x): x is string => !!x).sort().at(-1) ?? null;
        }
      } else {
        e.refusedCase = true;
        e.reasons = data.reasons ?? [];
        e.appealBy = data.appealBy ?? null;
      }
      break;
    }
    case 'FundsAwaiting':
      grant(entry(d, data.department, data.caseId), data.grantId, data.amountFen).awaiting = true;
      break;
    case 'FundsReleased':
      grant(entry(d, data.department, data.caseId), data.grantId).awaiting = false;
      break;
    case 'CasePaid': {
      const g = grant(entry(d, data.department, data.caseId), data.grantId, data.amountFen);
      g.paid = true;
      g.awaiting = false;
      if (typeof data.paymentReference === 'string') g.paymentReference = data.paymentReference;
      break;
    }
    default:
      return false;
  }
  d.departments.forEach(refresh);
  if (d.departments.length > 1) d.departments.sort((a, b) => a.department.localeCompare(b.department));
  let grantedFen = 0;
  let paidFen = 0;
  for (const e of d.departments) {
    grantedFen += e.grantedFen;
    paidFen += e.paidFen;
  }
  d.totals = { grantedFen, paidFen };
  d.status = statusOf(d);
  d.version += 1;
  d.updatedAt = envelope.occurredAt;
  return true;
}

/**
 * The dossier's status reflects intake's decisions: refused at intake (ApplicationRefused), or the
 * outcome of ApplicationSettled (`granted` → settled, `refused` → refused); in progress meanwhile.
 */
function statusOf(d: Dossier): DossierStatus {
  if (d.reasons.length && !d.routed) return 'refused';
  if (!d.routed) return 'received';
  const outcome = d.outcome ?? (d.settledAt ? settledOutcomeOf({ grantedFen: d.totals.grantedFen }) : null);
  if (outcome) return outcome === 'granted' ? 'settled' : 'refused';
  return 'in_progress';
}

const grantStatus = (g: Grant): DepartmentStatus => (g.paid ? 'paid' : g.awaiting ? 'awaiting_funds' : 'approved');

/** Each routed programme of a partner department with its own status in the case (programmeCaseOf). */
function programmesOf(e: DepartmentEntry): ({ programmeId: string } & Omit<ProgrammeCase, 'caseId'>)[] {
  const programmes = e.programmes ?? [];
  return programmes.map((programmeId) => {
    const { caseId: _caseId, ...rest } = programmeCaseOf(programmeId, e, programmes.length === 1);
    return { programmeId, ...rest };
  });
}

/** The public shape of the contract (GET /applications/{id}). */
export function dossierView(d: Dossier) {
  return {
    applicationId: d.applicationId,
    status: d.status,
    tier: d.tier,
    jurisdiction: d.jurisdiction,
    departments: d.departments.map((e) => ({
      department: e.department,
      caseId: e.caseId,
      status: e.status,
      grantedFen: e.grantedFen,
      paidFen: e.paidFen,
      reasons: e.reasons,
      dueBy: e.dueBy,
      appealBy: e.status === 'refused' ? (e.appealBy ?? null) : null,
      grants: e.grants.map((g) => ({
        grantId: g.grantId, amountFen: g.amountFen, status: grantStatus(g), reasons: g.reasons ?? [],
        ...(g.programmeId !== undefined ? { programmeId: g.programmeId } : {}), ...(g.paidBy !== undefined ? { paidBy: g.paidBy } : {}),
        ...(g.paymentReference !== undefined ? { paymentReference: g.paymentReference } : {}),
      })),
      ...(e.programmes?.length ? { programmes: programmesOf(e) } : {}),
    })),
    notRouted: d.notRouted ?? [],
    totals: d.totals,
    ...(d.status === 'refused' && d.appealBy ? { reasons: d.reasons, appealBy: d.appealBy } : {}),
    settledAt: d.settledAt,
    version: d.version,
    updatedAt: d.updatedAt,
  };
}
