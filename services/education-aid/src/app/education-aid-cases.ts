import { Inject, Injectable } from '@nestjs/common';
import { type Department, type FundsDisbursed, type IsoDate, type PersonRef, routedCaseFileOf, type EducationAidCaseFile } from '@onedoor/contracts';
import type { RuleCaseView } from '@onedoor/department-kit/shell';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { execute, load, loadState, ProblemError, ServiceRuntime } from '@onedoor/service-kit';
import {
  educationAidCaseDecider, educationAidCaseId, educationAidCaseStreamId, openCaseFromReferral, openCaseFromRouting, RuleViolation,
  schoolYearOf, studentYearLedgerDecider, studentYearLedgerStreamId, type EducationAidCaseCommand, type EducationAidCaseState,
  type EducationAidParams, type OpenCase, type StudentYearLedgerState,
} from '../domain';
import type { OpenCaseCommand } from './case.commands';
import { EDUCATION_AID_RUNTIME } from './education-aid.runtime';

type CaseOnRecord = Exclude<EducationAidCaseState, { status: 'none' } | { status: 'received' }>;

/** What officers and the GraphQL API see of a case (the applicant is the beneficiary; each grant names its student). */
export type EducationAidCaseView = RuleCaseView<'education-aid', CaseOnRecord['status']>;

/** The education-aid case and student-year ledger aggregates behind the bus handlers and consumers. */
@Injectable()
export class EducationAidCases {
  private registry?: PolicyRegistry;

  constructor(@Inject(EDUCATION_AID_RUNTIME) readonly runtime: ServiceRuntime) {}

  usePolicy(registry: PolicyRegistry) {
    this.registry = registry;
  }

  /** The parameter set in force where the household is registered (户籍地), on `now`. */
  parameterSet(jurisdiction: string, now: IsoDate): ParameterSet {
    if (!this.registry) throw new Error('education-aid: the policy parameter sets are not loaded yet');
    return this.registry.lookup(jurisdiction, now);
  }

  /** Opens `education-aid-${applicationId}`; the second opening (routing or referral) appends nothing. */
  open({ source, now, metadata, commandId, store }: OpenCaseCommand) {
    const caseFile = 'routed' in source ? routedCaseFileOf(source.routed, 'education-aid') : (source.referral.caseFile as EducationAidCaseFile);
    const set = this.parameterSet(caseFile.registeredJurisdiction, now);
    const when = { now, dueBy: addWorkingDays(now, set.params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command: OpenCase = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    const caseId = educationAidCaseId(command.data.applicationId);
    return execute(store, educationAidCaseStreamId(caseId), educationAidCaseDecider, command, { metadata, commandId });
  }

  /**
   * Decides an open case with the ledgers of the household's students for the school year of `now`
   * (once per student per school year): each grant is appended to its student's ledger at the version
   * read first, then the case events at theirs. A concurrent grant to the same student makes one fail
   * with a ConcurrencyError; inside the inbox transaction the whole message is then retried.
   */
  async assess(caseId: string, now: IsoDate, metadata: EventMetadata, commandId: string, store: EventStore) {
    const streamId = educationAidCaseStreamId(caseId);
    const current = await loadState(store, streamId, educationAidCaseDecider);
    const c = onRecord(current.state, caseId);
    if (c.status !== 'open') return { events: [], state: current.state, version: current.version };
    const set = this.parameterSet(c.jurisdiction, now);
    const schoolYear = schoolYearOf(now);
    const ledgers = new Map<PersonRef, { state: StudentYearLedgerState; version: number }>();
    for (const m of c.caseFile.students) {
      if (!ledgers.has(m.personRef)) {
        ledgers.set(m.personRef, await loadState(store, studentYearLedgerStreamId(m.personRef, schoolYear), studentYearLedgerDecider));
      }
    }
    const command: EducationAidCaseCommand = {
      type: 'Assess',
      data: {
        caseId,
        now,
        params: educationAidParams(set),
        ledgers: Object.fromEntries([...ledgers].map(([personRef, l]) => [personRef, l.state])),
        appealBy: addCalendarDays(now, set.params.appealWindowDays),
      },
    };
    for (const e of educationAidCaseDecider.decide(command, current.state)) {
      if (e.type !== 'AidGranted') continue;
      const student = e.data.beneficiaryRef;
      await execute(
        store,
        studentYearLedgerStreamId(student, schoolYear),
        studentYearLedgerDecider,
        { type: 'RecordEducationAid', data: { personRef: student, schoolYear, caseId, grantId: e.data.grantId, amountFen: e.data.amountFen, now } },
        { metadata, commandId: `${commandId}:ledger`, expectedVersion: ledgers.get(student)?.version ?? 0, retries: 0 },
      );
    }
    return execute(store, streamId, educationAidCaseDecider, command, { metadata, commandId, expectedVersion: current.version, retries: 0 });
  }

  markPaid(payment: FundsDisbursed, metadata: EventMetadata, commandId: string, store: EventStore) {
    const { caseId, grantId, amountFen, budgetId } = payment;
    return execute(store, educationAidCaseStreamId(caseId), educationAidCaseDecider, { type: 'MarkPaid', data: { caseId, grantId, amountFen, budgetId } }, {
      metadata,
      commandId,
    });
  }

  async view(caseId: string, store: EventStore = this.runtime.store): Promise<EducationAidCaseView> {
    const { state, version, events } = await load(store, educationAidCaseStreamId(caseId), educationAidCaseDecider);
    if (state.status === 'none' || state.status === 'received') throw ProblemError.notFound(`case ${caseId} not found`);
    const decisions = events.filter((e) => e.type === 'AidGranted' || e.type === 'AidRefused');
    const grants = state.status === 'granted' || state.status === 'paid' ? state.grants : [];
    return {
      caseId: state.caseId,
      applicationId: state.applicationId,
      department: 'education-aid',
      status: state.status,
      ...(state.referredBy ? { referredBy: state.referredBy } : {}),
      beneficiaryRef: state.beneficiaryRef,
      jurisdiction: state.jurisdiction,
      causes: state.caseFile.causes,
      tier: state.caseFile.tier,
      openedAt: state.openedAt,
      dueBy: state.dueBy,
      grants: grants.map((g) => ({
        grantId: g.grantId,
        beneficiaryRef: g.studentRef,
        amountFen: g.amountFen,
        fiscalYear: g.fiscalYear,
        paid: g.budgetId !== undefined,
        ...(g.budgetId !== undefined ? { budgetId: g.budgetId } : {}),
      })),
      // one AidGranted per student: their reasons together
      reasons: decisions.flatMap((e) => (e.data as { reasons: string[] }).reasons),
      ...(state.status === 'refused' ? { appealBy: state.appealBy } : {}),
      version,
    };
  }
}

function onRecord(state: EducationAidCaseState, caseId: string): CaseOnRecord {
  if (state.status === 'none' || state.status === 'received') {
    throw new RuleViolation('caseMustExist', `education-aid case ${caseId} has not been opened`);
  }
  return state;
}

/** The education amounts of the parameter set (same shape: day, boarding, edge household). */
function educationAidParams(set: ParameterSet): EducationAidParams {
  return { amounts: set.params.education, parameterSetId: set.id, parameterSetVersion: set.version };
}
