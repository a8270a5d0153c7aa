import { Inject, Injectable } from '@nestjs/common';
import { routedCaseFileOf, type ApplicationRouted, type EducationAidCaseFile, type Envelope, type FundsDisbursed, type IsoDate, type PersonRef, type ReferralIssued } from '@onedoor/contracts';
import { existingCase, markPaidFrom } from '@onedoor/department-kit';
import { ruleCaseViewOf, type RuleCaseView } from '@onedoor/department-kit/shell';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { causedBy, execute, load, loadState, ProblemError, ServiceRuntime } from '@onedoor/service-kit';
import {
  educationAidCaseDecider, educationAidCaseId, educationAidCaseStreamId, openCaseFromReferral, openCaseFromRouting, schoolYearOf,
  studentYearLedgerDecider, studentYearLedgerStreamId, type EducationAidCaseCommand, type EducationAidParams, type OpenCase,
  type StudentYearLedgerState,
} from '../domain';
import { EDUCATION_AID_RUNTIME } from './education-aid.runtime';

/** What officers and the GraphQL API see of a case (the applicant is the beneficiary; each grant names its student). */
export type EducationAidCaseView = RuleCaseView<'education-aid', 'open' | 'granted' | 'refused' | 'paid'>;

/** Where a case comes from: intake's routing or temporary aid's referral (whichever comes first opens it). */
export type CaseSource = { routed: ApplicationRouted } | { referral: ReferralIssued };
export interface OpenCaseRequest {
  source: CaseSource;
  now: IsoDate;
  metadata: EventMetadata;
  commandId: string;
  store: EventStore;
}

const DEPARTMENT = 'education-aid';
const caseFileOf = (source: CaseSource): EducationAidCaseFile =>
  'routed' in source ? routedCaseFileOf(source.routed, DEPARTMENT) : (source.referral.caseFile as EducationAidCaseFile);

/** The education-aid case (on the department kit's lifecycle) and student-year ledger aggregates behind the consumers and the desk. */
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

  /**
   * The workflow of a routing or referral, in the inbox transaction: open the application's case
   * (the second opening is a no-op), then assess it. Production's consumers and the ops test world run this.
   */
  async openAndAssess(source: CaseSource, envelope: Envelope, store: EventStore, now: IsoDate = new Date().toISOString()) {
    const caseFile = caseFileOf(source);
    const metadata = causedBy(DEPARTMENT, envelope, caseFile.registeredJurisdiction);
    await this.open({ source, now, metadata, commandId: `${envelope.eventId}:open`, store });
    return this.assess(educationAidCaseId(caseFile.applicationId), now, metadata, `${envelope.eventId}:assess`, store);
  }

  /** Opens `education-aid-${applicationId}`, due by the ordinary decision deadline in working days; the second opening appends nothing. */
  open({ source, now, metadata, commandId, store }: OpenCaseRequest) {
    const set = this.parameterSet(caseFileOf(source).registeredJurisdiction, now);
    const when = { now, dueBy: addWorkingDays(now, set.params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command: OpenCase = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    return execute(store, educationAidCaseStreamId(educationAidCaseId(command.data.applicationId)), educationAidCaseDecider, command, { metadata, commandId });
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
    const c = existingCase(current.state.record, caseId);
    if (current.state.status !== 'open') return { events: [], state: current.state, version: current.version };
    const set = this.parameterSet(c.jurisdiction, now);
    const schoolYear = schoolYearOf(now);
    const ledgers = new Map<PersonRef, { state: StudentYearLedgerState; version: number }>();
    for (const m of (c.caseFile as EducationAidCaseFile).students) {
      if (!ledgers.has(m.personRef)) ledgers.set(m.personRef, await loadState(store, studentYearLedgerStreamId(m.personRef, schoolYear), studentYearLedgerDecider));
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

  /** FundsDisbursed for one of the case's grants → CasePaid once per grant. */
  markPaid(payment: FundsDisbursed, metadata: EventMetadata, commandId: string, store: EventStore) {
    return execute(store, educationAidCaseStreamId(payment.caseId), educationAidCaseDecider, markPaidFrom(payment), { metadata, commandId });
  }

  /** The case with every decision's reasons (one AidGranted per student: their reasons together). @throws ProblemError 404 when there is no such case. */
  async view(caseId: string, store: EventStore = this.runtime.store): Promise<EducationAidCaseView> {
    const { state, version, events } = await load(store, educationAidCaseStreamId(caseId), educationAidCaseDecider);
    const reasons = events.filter((e) => e.type === 'AidGranted' || e.type === 'AidRefused').flatMap((e) => (e.data as { reasons: string[] }).reasons);
    const status = state.status as EducationAidCaseView['status'];
    const view = ruleCaseViewOf<'education-aid', EducationAidCaseView['status']>(state.record, version, reasons, { status });
    if (!view) throw ProblemError.notFound(`case ${caseId} not found`);
    return view;
  }
}

/** The education amounts of the parameter set (same shape: day, boarding, edge household). */
function educationAidParams(set: ParameterSet): EducationAidParams {
  return { amounts: set.params.education, parameterSetId: set.id, parameterSetVersion: set.version };
}
