/**
 * Re-runs an application's decisions from what was recorded: the inputs each decision event
 * carries, the parameter set and version it names (the defaults plus every ParameterSetPublished
 * in the stores), the ledgers as they stood before it — through the services' own pure domain
 * code. Reports each decision as the same, different, only partly re-checkable, or not
 * re-checkable, and says why.
 */
import { departmentCaseFileOf, isPartnerDepartment, type ApplicationRouted, type CaseFile, type Department, type EducationAidCaseFile } from '@onedoor/contracts';
import { educationAidDomain as Edu } from '@onedoor/education-aid';
import { canonicalJson, type EventStore } from '@onedoor/event-store';
import { fundingDomain as Fund } from '@onedoor/funding';
import { intakeDomain as Intake } from '@onedoor/intake';
import { medicalAidDomain as Med } from '@onedoor/medical-aid';
import { temporaryAidDomain as Temp } from '@onedoor/temporary-aid';
import {
  addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, chinaDateOf, evolveRegistry, PARAMETER_SET_PUBLISHED, PolicyRegistry, yearOf,
  type ParameterSet, type ParameterSetPublished,
} from '@onedoor/policy';
import type { ServiceStore } from '../stores';
import type { AuditEvent } from './timeline';

export interface Check {
  what: string;
  recorded: unknown;
  rerun: unknown;
  same: boolean;
}

export interface Recheck {
  eventId: string;
  service: string;
  type: string;
  at: string;
  department?: string;
  grantId?: string;
  /** same: every check agrees; different: one does not; partial: some of the decision cannot be re-run; not-rechecked: none of it. */
  outcome: 'same' | 'different' | 'partial' | 'not-rechecked';
  parameterSet: { id: string; version: number } | null;
  checks: Check[];
  notes: string[];
}

export interface RecheckReport {
  applicationId: string;
  parameterSets: { published: number; conflicts: string[] };
  decisions: Recheck[];
  counts: Record<Recheck['outcome'], number>;
}

interface Domains {
  intake: typeof Intake;
  temporaryAid: typeof Temp;
  medicalAid: typeof Med;
  educationAid: typeof Edu;
  funding: typeof Fund;
}

const DOMAINS: Domains = { intake: Intake, temporaryAid: Temp, medicalAid: Med, educationAid: Edu, funding: Fund };

const POLICY_STREAM = 'policy-parameter-sets';

/** The defaults, then every set any store published, in the stores' order. Conflicts are reported, not fatal. */
export async function policyRegistry(stores: ServiceStore[]): Promise<{ registry: PolicyRegistry; published: number; conflicts: string[] }> {
  let registry = PolicyRegistry.defaults();
  let published = 0;
  const conflicts: string[] = [];
  for (const s of stores) {
    for (const e of await s.store.readStream(POLICY_STREAM)) {
      if (e.type !== PARAMETER_SET_PUBLISHED) continue;
      published++;
      try {
        registry = evolveRegistry(registry, e.data as ParameterSetPublished);
      } catch (err) {
        conflicts.push(`${s.service}: ${(err as Error).message}`);
      }
    }
  }
  return { registry, published, conflicts };
}

/** Compared as canonical JSON: the same values whatever the order of their keys. */
const check = (what: string, recorded: unknown, rerun: unknown): Check => ({ what, recorded, rerun, same: canonicalJson(recorded) === canonicalJson(rerun) });

class Rechecker {
  constructor(
    private readonly d: Domains,
    private readonly registry: PolicyRegistry,
    private readonly stores: Map<string, EventStore>,
    private readonly events: AuditEvent[],
  ) {}

  private start(e: AuditEvent): Recheck {
    const p = e.data?.provenance;
    return {
      eventId: e.eventId, service: e.service, type: e.type, at: e.occurredAt, department: e.data?.department, grantId: e.data?.grantId,
      outcome: 'same', parameterSet: p ? { id: String(p.parameterSetId), version: Number(p.parameterSetVersion) } : null, checks: [], notes: [],
    };
  }

  private finish(r: Recheck): Recheck {
    if (r.checks.some((c) => !c.same)) r.outcome = 'different';
    else if (r.checks.length === 0) r.outcome = 'not-rechecked';
    return r;
  }

  /** The parameter set the decision names, or a note saying it cannot be found. */
  private parameterSet(r: Recheck): ParameterSet | undefined {
    if (!r.parameterSet) {
      r.notes.push('the decision names no parameter set');
      return undefined;
    }
    const set = this.registry.find(r.parameterSet.id, r.parameterSet.version);
    if (!set) r.notes.push(`parameter set ${r.parameterSet.id} version ${r.parameterSet.version} is neither a default nor published in any store`);
    return set;
  }

  private async stream(service: string, streamId: string) {
    return (await this.stores.get(service)?.readStream(streamId)) ?? [];
  }

  async all(): Promise<Recheck[]> {
    const out: Recheck[] = [];
    const educationCases = new Set<string>();
    for (const e of this.events) {
      if (e.type === 'ApplicationSubmitted' && e.service === 'intake') out.push(this.intake(e));
      else if ((e.type === 'AidGranted' || e.type === 'AidRefused') && e.service === 'temporary-aid') out.push(await this.temporaryAid(e));
      else if ((e.type === 'AidGranted' || e.type === 'AidRefused') && e.service === 'medical-aid') out.push(await this.medicalAid(e));
      else if ((e.type === 'AidGranted' || e.type === 'AidRefused') && e.service === 'education-aid') {
        if (educationCases.has(e.data.caseId)) continue; // one household decision, several grant events
        educationCases.add(e.data.caseId);
        out.push(await this.educationAid(e));
      } else if (['FundsReserved', 'FundsAwaiting', 'FundsDisbursed'].includes(e.type) && e.service === 'funding') out.push(await this.funding(e));
    }
    return out;
  }

  // ---------- intake: routing (and what can be checked of the tier) ----------
  private intake(submitted: AuditEvent): Recheck {
    const r = this.start(submitted);
    const data = submitted.data;
    // The full case file: intake's private HouseholdAssessed (ApplicationSubmitted version 1 carried it).
    // Sealed by person since its version 2 and opened for the audit: an erased person's facts are markers.
    const assessed = this.events.find((x) => x.service === 'intake' && x.streamId === submitted.streamId && x.type === 'HouseholdAssessed');
    const cf: CaseFile = assessed?.data?.caseFile ?? data.caseFile;
    const erasedRefs: string[] = Array.isArray(assessed?.data?.erased) ? assessed.data.erased : [];
    const unopened: string | undefined = assessed?.data?.unopened;
    if (erasedRefs.length) {
      r.notes.push(
        `partly re-checked: personal data erased (${erasedRefs.join(', ')}): what rests on the erased persons' facts is not re-run; ` +
          'the recorded decision and amounts stand as they are',
      );
    }
    if (unopened) r.notes.push(`partly re-checked: the assessment's facts are not re-run (${unopened})`);
    const set = this.parameterSet(r);
    const decision = this.events.find(
      (x) => x.service === 'intake' && x.streamId === submitted.streamId && (x.type === 'ApplicationRouted' || x.type === 'ApplicationRefused'),
    );
    r.type = decision ? `ApplicationSubmitted + ${decision.type}` : 'ApplicationSubmitted';
    if (!set || !cf) return this.finish(r);
    const params = set.params;
    const economicCheckDone = !(data.provenance?.ruleIds ?? []).includes(this.d.intake.TIER_RULES.notAssessed);

    // Tier: the members' incomes, assets, labour capacity and supporters are not in the event
    // (they are sealed in intake.personal_data), so only the income lines can be checked.
    r.notes.push(
      'tier: not re-run — it rests on each member\'s income, assets, labour capacity and supporters, which ApplicationSubmitted does not carry ' +
        '(they are sealed in intake.personal_data); checked instead: the recorded per-capita income against the tier\'s income line',
    );
    const perCapita = cf.perCapitaIncomeFen;
    const std = params.dibaoStandardFen;
    if (!economicCheckDone) r.checks.push(check('tier without the economic check', cf.tier, 'none'));
    else if (typeof perCapita !== 'number') {
      if (['dibao', 'edge', 'rigid'].includes(cf.tier)) r.notes.push('tier income line: not re-run, the per-capita income is erased or sealed');
    } else if (cf.tier === 'dibao') r.checks.push(check(`per-capita income ${perCapita} below the dibao standard ${std}`, true, perCapita < std));
    else if (cf.tier === 'edge') {
      r.checks.push(check(`per-capita income ${perCapita} below the edge line ${(std * params.edgeMultiplierBp) / 10000}`, true, perCapita * 10000 < std * params.edgeMultiplierBp));
    } else if (cf.tier === 'rigid') {
      r.checks.push(check(`per-capita income ${perCapita} below last year's disposable income ${params.lastYearDisposableIncomeMonthlyFen}`, true, perCapita < params.lastYearDisposableIncomeMonthlyFen));
    }

    // Routing: a pure function of the case file, re-run in full when every member's facts are there.
    const today = chinaDateOf(data.submittedAt ?? submitted.occurredAt);
    const withFacts = Array.isArray(cf.members) && cf.members.every((m) => !(m as { erased?: unknown }).erased && typeof m.ageYears === 'number');
    if (!withFacts) r.notes.push('routed departments: not re-run, some members\' facts are erased or sealed; the deadlines are re-run');
    const findings = !withFacts ? [] : this.d.intake.routeApplication({
      causes: cf.causes,
      urgent: cf.urgent,
      tier: cf.tier,
      members: cf.members as unknown as Parameters<typeof Intake.routeApplication>[0]['members'],
      economicCheckDone,
      // The intake shell passes no prior temporary aid (the temporary-aid ledger enforces once per
      // cause per year) and a county exception shows in the recorded rule ids.
      priorTemporaryAid: [],
      temporaryAidExceptionGranted: (decision?.data?.provenance?.ruleIds ?? []).includes(this.d.intake.ROUTING_RULES.temporaryAidCountyException),
      year: yearOf(today),
    });
    const rerunRoutes = findings.filter((f) => f.routed).map((f) => f.department).sort();
    if (decision?.type === 'ApplicationRouted') {
      const routed = decision.data as ApplicationRouted;
      // The rule departments are re-run; partner departments' programmes were assessed by the catalogue (ProgrammesAssessed).
      const ruleRoutes = routed.routes.map((x) => x.department).filter((d) => !isPartnerDepartment(d)).sort();
      if (routed.routes.some((x) => isPartnerDepartment(x.department))) r.notes.push('partner departments: routed by the programme catalogue, not re-run here');
      if (withFacts) r.checks.push(check('routed departments', ruleRoutes, rerunRoutes));
      r.checks.push(check('transfer deadline', routed.transferDueBy, addWorkingDays(today, params.deadlines.transferWorkingDays, CHINA_PUBLIC_HOLIDAYS)));
    } else if (decision?.type === 'ApplicationRefused') {
      if (withFacts) r.checks.push(check('routed departments', [], rerunRoutes));
      r.checks.push(check('appeal deadline', decision.data.appealBy, addCalendarDays(today, params.appealWindowDays)));
    } else r.notes.push('no routing decision recorded yet');
    return this.finish(this.partial(r));
  }

  /** Marks a result partial when part of it could not be re-run (and nothing differs). */
  private partial(r: Recheck): Recheck {
    if (r.checks.length && r.checks.every((c) => c.same) && r.notes.some((n) => n.includes('not re-run'))) r.outcome = 'partial';
    return r;
  }

  // ---------- temporary aid: track, approval cap, once per cause per year ----------
  private async temporaryAid(e: AuditEvent): Promise<Recheck> {
    const r = this.start(e);
    const inputs = e.data.inputs ?? {};
    const set = this.parameterSet(r);
    if (!set) return this.finish(r);
    const T = this.d.temporaryAid;
    const p = set.params;
    const params = {
      dibaoStandardFen: p.dibaoStandardFen, smallFastMaxMultiple: p.smallFastMaxMultiple, townshipApprovalCapMultiple: p.townshipApprovalCapMultiple,
      ordinaryMaxMultiple: p.ordinaryMaxMultiple, specialHardshipMaxMultiple: p.specialHardshipMaxMultiple, parameterSetId: set.id, parameterSetVersion: set.version,
    };
    r.checks.push(check('dibao standard used', inputs.dibaoStandardFen, params.dibaoStandardFen));
    if (inputs.urgent !== undefined) {
      r.checks.push(check('track', inputs.track, T.temporaryAidTrack({ urgent: inputs.urgent, tier: inputs.tier, causes: inputs.causes ?? [] }).track));
    }
    const officer = inputs.officerLevel !== undefined;
    const level = officer ? inputs.officerLevel : e.data.decidedBy?.level ?? 'system';
    if (e.type === 'AidGranted') {
      const cap = T.approvalCap(inputs.track, level, params, !!inputs.specialHardship);
      if (officer) {
        r.checks.push(check(`amount within the ${level} cap`, true, e.data.amountFen <= cap.capFen));
        r.checks.push(check('cap', inputs.capFen, cap.capFen));
        r.notes.push(`the amount (${e.data.amountFen} fen) was chosen by the officer within the cap: only the cap is re-run`);
      } else r.checks.push(check('amount (the whole cap of the track)', e.data.amountFen, T.automaticGrant(inputs.track, params).capFen));
    } else if (officer) r.notes.push('refused by an officer: a judgement, not a computation — not re-run; the reasons are on record');
    // Once per cause per calendar year, against the beneficiary's ledger as it stood before.
    const opened = this.events.find((x) => x.service === 'temporary-aid' && x.type === 'CaseOpened' && x.data.caseId === e.data.caseId);
    const personRef: string | undefined = e.data.beneficiaryRef ?? opened?.data.beneficiaryRef;
    const year = Number(inputs.calendarYear);
    if (personRef && Number.isInteger(year) && !(e.type === 'AidRefused' && officer)) {
      const ledger = await this.ledgerBefore('temporary-aid', T.personYearLedgerStreamId(personRef, year), e, T.personYearLedgerDecider);
      const result = T.temporaryAidOncePerCausePerYear(ledger as Temp.PersonYearLedgerState, { personRef, year, causes: inputs.causes ?? [], caseId: e.data.caseId });
      r.checks.push(check('once per cause per year allows it', e.type === 'AidGranted', result.allowed));
    }
    return this.finish(r);
  }

  /** A ledger's state from its events before the decision's own record (or before its time). */
  private async ledgerBefore<S>(service: string, streamId: string, decision: AuditEvent, decider: { evolve: (s: S, e: any) => S; initialState: S }) {
    const events = await this.stream(service, streamId);
    const own = events.findIndex((x) => (x.data as { caseId?: string }).caseId === decision.data.caseId);
    const before = own >= 0 ? events.slice(0, own) : events.filter((x) => x.occurredAt.toISOString() <= decision.occurredAt);
    return before.filter((x) => (x.data as { caseId?: string }).caseId !== decision.data.caseId).reduce((s, x) => decider.evolve(s, { type: x.type, data: x.data }), decider.initialState);
  }

  // ---------- medical aid: the formula ----------
  private async medicalAid(e: AuditEvent): Promise<Recheck> {
    const r = this.start(e);
    const inputs = e.data.inputs ?? {};
    const set = this.parameterSet(r);
    if (!set) return this.finish(r);
    const M = this.d.medicalAid;
    const row = (tier: 'tekun' | 'dibao' | 'edge' | 'rigid') => {
      const { deductibleFen, ratioBp, annualCapFen } = set.params.medical[tier];
      return { deductibleFen, ratioBasisPoints: ratioBp, annualCapFen };
    };
    const params = { table: { tekun: row('tekun'), dibao: row('dibao'), edge: row('edge'), rigid: row('rigid') }, parameterSetId: set.id, parameterSetVersion: set.version };
    if (inputs.tier !== 'none' && inputs.deductibleFen !== undefined) {
      const terms = params.table[inputs.tier as 'dibao'];
      r.checks.push(check('terms used (deductible, ratio, cap)', [inputs.deductibleFen, inputs.ratioBasisPoints, inputs.annualCapFen], [terms.deductibleFen, terms.ratioBasisPoints, terms.annualCapFen]));
    }
    // What had been granted to the patient that year before, from the ledger.
    const patientRef: string | undefined = inputs.patientRef ?? e.data.beneficiaryRef;
    const year = Number(inputs.calendarYear);
    if (patientRef && Number.isInteger(year) && inputs.alreadyGrantedThisYearFen !== undefined) {
      const ledger = await this.ledgerBefore('medical-aid', M.personYearLedgerStreamId(patientRef, year), e, M.personYearLedgerDecider);
      const already = M.alreadyGrantedThisYear(ledger as Med.PersonYearLedgerState, { personRef: patientRef, year, caseId: e.data.caseId });
      r.checks.push(check('medical aid already granted this year (ledger)', inputs.alreadyGrantedThisYearFen, already));
    }
    const rerun = M.medicalAidAmount(
      { tier: inputs.tier, residualCostFen: Number(inputs.residualCostFen ?? 0), alreadyGrantedThisYearFen: Number(inputs.alreadyGrantedThisYearFen ?? 0) },
      params,
    );
    r.checks.push(check('decision', e.type, rerun.eligible ? 'AidGranted' : 'AidRefused'));
    if (e.type === 'AidGranted') r.checks.push(check('amount (formula)', e.data.amountFen, rerun.amountFen));
    return this.finish(r);
  }

  // ---------- education aid: amounts by stage and boarding, once per student per school year ----------
  private async educationAid(first: AuditEvent): Promise<Recheck> {
    const caseId: string = first.data.caseId;
    const decisions = this.events.filter((x) => x.service === 'education-aid' && x.data.caseId === caseId && (x.type === 'AidGranted' || x.type === 'AidRefused'));
    const r = this.start(first);
    r.type = decisions.length > 1 ? `${decisions.length} × ${first.type}` : first.type;
    r.grantId = undefined;
    const set = this.parameterSet(r);
    if (!set) return this.finish(r);
    const E = this.d.educationAid;
    const params = { amounts: set.params.education, parameterSetId: set.id, parameterSetVersion: set.version };
    const caseEvents = await this.stream('education-aid', first.streamId);
    const stored = (caseEvents.find((x) => x.type === 'EducationAidCaseFileReceived')?.data as { caseFile?: CaseFile | EducationAidCaseFile } | undefined)?.caseFile;
    const caseFile = stored && departmentCaseFileOf('education-aid', stored);
    if (!caseFile) {
      r.notes.push(`the case file of ${caseId} is not in its stream: not re-run`);
      return this.finish(r);
    }
    const schoolYear: string = first.data.inputs?.schoolYear;
    const ledgers: Record<string, Edu.StudentYearLedgerState> = {};
    for (const m of caseFile.students) {
      ledgers[m.personRef] = (await this.ledgerBefore('education-aid', E.studentYearLedgerStreamId(m.personRef, schoolYear), first, E.studentYearLedgerDecider)) as Edu.StudentYearLedgerState;
    }
    const rerun = E.educationAidForHousehold(caseFile, { caseId, schoolYear, params, ledgers });
    const recordedGrants = decisions.filter((x) => x.type === 'AidGranted').map((x) => `${x.data.beneficiaryRef}:${x.data.amountFen}`).sort();
    r.checks.push(check('grants (student: amount)', recordedGrants, rerun.grants.map((g) => `${g.student.personRef}:${g.amountFen}`).sort()));
    for (const g of decisions.filter((x) => x.type === 'AidGranted')) {
      const stage = g.data.inputs?.schoolStage;
      if (stage) r.checks.push(check(`amounts of ${stage} used`, g.data.inputs.amounts, set.params.education[stage as 'primary']));
    }
    return this.finish(r);
  }

  // ---------- funding: reserve or wait, against the budget as it stood ----------
  private async funding(e: AuditEvent): Promise<Recheck> {
    const r = this.start(e);
    r.notes.push('no parameters: re-run against the budget as it stood before the event');
    const F = this.d.funding;
    const stream = await this.stream('funding', e.streamId);
    const index = stream.findIndex((x) => x.eventId === e.eventId);
    if (index < 0) {
      r.notes.push(`event not found in ${e.streamId}`);
      return this.finish(r);
    }
    const state = stream.slice(0, index).reduce((s, x) => F.evolveBudget(s, { type: x.type, data: x.data } as Fund.BudgetEvent), F.budgetDecider.initialState as Fund.BudgetState);
    if (state.status !== 'active') {
      r.checks.push(check('budget allocated before', true, false));
      return this.finish(r);
    }
    const ref = { budgetId: e.data.budgetId, grantId: e.data.grantId, caseId: e.data.caseId, applicationId: e.data.applicationId, department: e.data.department as Department, amountFen: e.data.amountFen };
    const known = F.grantOnBudget(state, ref.grantId);
    if (e.type === 'FundsDisbursed') {
      r.checks.push(check('grant reserved for the amount before disbursement', [true, ref.amountFen], [known?.status === 'reserved', known?.ref.amountFen ?? null]));
    } else if (known?.status === 'awaiting' && e.type === 'FundsReserved') {
      const paid = F.payWaitingGrants(state)[0];
      r.checks.push(check('paid from the queue in grant order', `FundsReserved ${ref.grantId}`, paid ? `${paid.type} ${(paid.data as { grantId?: string }).grantId}` : 'nothing payable'));
    } else {
      try {
        const rerun = F.decideBudget({ type: 'RequestFunds', data: ref }, state);
        r.checks.push(check('outcome', e.type, rerun[0]?.type ?? 'nothing (grant already known)'));
        if (e.type === 'FundsAwaiting' && rerun[0]?.type === 'FundsAwaiting') {
          r.checks.push(check('available and queue position', [e.data.availableFen, e.data.queuePosition], [rerun[0].data.availableFen, rerun[0].data.queuePosition]));
        }
      } catch (err) {
        r.checks.push(check('outcome', e.type, `refused: ${(err as Error).message}`));
      }
    }
    return this.finish(r);
  }
}

export async function recheck(stores: ServiceStore[], applicationId: string, events: AuditEvent[]): Promise<RecheckReport> {
  const { registry, published, conflicts } = await policyRegistry(stores);
  const rechecker = new Rechecker(DOMAINS, registry, new Map(stores.map((s) => [s.service, s.store])), events);
  const decisions = await rechecker.all();
  const counts = { same: 0, different: 0, partial: 0, 'not-rechecked': 0 };
  for (const d of decisions) counts[d.outcome]++;
  return { applicationId, parameterSets: { published, conflicts }, decisions, counts };
}

