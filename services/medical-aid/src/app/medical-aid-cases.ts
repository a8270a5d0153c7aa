import { Inject, Injectable } from '@nestjs/common';
import { routedCaseFileOf, type ApplicationRouted, type Envelope, type FundsDisbursed, type IsoDate, type MedicalAidCaseFile, type ReferralIssued } from '@onedoor/contracts';
import { existingCase, markPaidFrom } from '@onedoor/department-kit';
import { ruleCaseViewOf, type RuleCaseView } from '@onedoor/department-kit/shell';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { causedBy, execute, load, loadState, ProblemError, ServiceRuntime } from '@onedoor/service-kit';
import {
  calendarYearOf, medicalAidCaseDecider, medicalAidCaseId, medicalAidCaseStreamId, openCaseFromReferral, openCaseFromRouting, personYearLedgerDecider,
  personYearLedgerStreamId, type MedicalAidCaseCommand, type MedicalAidParams, type MedicalAidTier, type OpenCase,
} from '../domain';
import { MEDICAL_AID_RUNTIME } from './medical-aid.runtime';

/** What officers and the GraphQL API see of a case. */
export type MedicalAidCaseView = RuleCaseView<'medical-aid', 'open' | 'granted' | 'refused' | 'paid'>;

/** Where a case comes from: intake's routing or temporary aid's referral (whichever comes first opens it). */
export type CaseSource = { routed: ApplicationRouted } | { referral: ReferralIssued };
export interface OpenCaseRequest {
  source: CaseSource;
  now: IsoDate;
  metadata: EventMetadata;
  commandId: string;
  store: EventStore;
}

const DEPARTMENT = 'medical-aid';
const step = (commandId: string, name: string) => `${commandId}:${name}`;
const caseFileOf = (source: CaseSource): MedicalAidCaseFile => ('routed' in source ? routedCaseFileOf(source.routed, DEPARTMENT) : (source.referral.caseFile as MedicalAidCaseFile));

/** The medical-aid case (on the department kit's lifecycle) and person-year ledger aggregates behind the consumers and the desk. */
@Injectable()
export class MedicalAidCases {
  private registry?: PolicyRegistry;

  constructor(@Inject(MEDICAL_AID_RUNTIME) readonly runtime: ServiceRuntime) {}

  usePolicy(registry: PolicyRegistry) {
    this.registry = registry;
  }

  /** The parameter set in force where the household is registered (户籍地), on `now`. */
  parameterSet(jurisdiction: string, now: IsoDate): ParameterSet {
    if (!this.registry) throw new Error('medical-aid: the policy parameter sets are not loaded yet');
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
    return this.assess(medicalAidCaseId(caseFile.applicationId), now, metadata, `${envelope.eventId}:assess`, store);
  }

  /** Opens `medical-aid-${applicationId}`, due by the ordinary decision deadline in working days; the second opening appends nothing. */
  open({ source, now, metadata, commandId, store }: OpenCaseRequest) {
    const set = this.parameterSet(caseFileOf(source).registeredJurisdiction, now);
    const when = { now, dueBy: addWorkingDays(now, set.params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command: OpenCase = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    return execute(store, medicalAidCaseStreamId(medicalAidCaseId(command.data.applicationId)), medicalAidCaseDecider, command, { metadata, commandId });
  }

  /**
   * Decides an open case by the table with the patient's person-year ledger (the annual cap is shared
   * by all of the person's medical aid) — ledger first, then case: a grant is appended to the ledger
   * at the version read first, then the case events at theirs. A concurrent grant to the same patient
   * makes one fail with a ConcurrencyError; inside the inbox transaction the whole message is retried.
   */
  async assess(caseId: string, now: IsoDate, metadata: EventMetadata, commandId: string, store: EventStore) {
    const streamId = medicalAidCaseStreamId(caseId);
    const current = await loadState(store, streamId, medicalAidCaseDecider);
    const c = existingCase(current.state.record, caseId);
    if (current.state.status !== 'open') return { events: [], state: current.state, version: current.version };
    const set = this.parameterSet(c.jurisdiction, now);
    const year = calendarYearOf(now);
    const ledgerStreamId = personYearLedgerStreamId(c.beneficiaryRef, year);
    const ledger = await loadState(store, ledgerStreamId, personYearLedgerDecider);
    const params = medicalAidParams(set);
    const command: MedicalAidCaseCommand = { type: 'Assess', data: { caseId, now, params, ledger: ledger.state, appealBy: addCalendarDays(now, set.params.appealWindowDays) } };
    const annualCapFen = params.table[(c.caseFile as MedicalAidCaseFile).tier as MedicalAidTier]?.annualCapFen;
    for (const e of medicalAidCaseDecider.decide(command, current.state)) {
      if (e.type !== 'AidGranted') continue;
      const { grantId, amountFen } = e.data;
      await execute(store, ledgerStreamId, personYearLedgerDecider, { type: 'RecordMedicalAid', data: { personRef: c.beneficiaryRef, year, caseId, grantId, amountFen, annualCapFen, now } }, {
        metadata,
        commandId: step(commandId, 'ledger'),
        expectedVersion: ledger.version,
        retries: 0,
      });
    }
    return execute(store, streamId, medicalAidCaseDecider, command, { metadata, commandId, expectedVersion: current.version, retries: 0 });
  }

  /** FundsDisbursed for the case's grant → CasePaid once. */
  markPaid(payment: FundsDisbursed, metadata: EventMetadata, commandId: string, store: EventStore) {
    return execute(store, medicalAidCaseStreamId(payment.caseId), medicalAidCaseDecider, markPaidFrom(payment), { metadata, commandId });
  }

  /** @throws ProblemError 404 when there is no such case. */
  async view(caseId: string, store: EventStore = this.runtime.store): Promise<MedicalAidCaseView> {
    const { state, version, events } = await load(store, medicalAidCaseStreamId(caseId), medicalAidCaseDecider);
    const decision = [...events].reverse().find((e) => e.type === 'AidGranted' || e.type === 'AidRefused');
    const status = state.status as MedicalAidCaseView['status'];
    const view = ruleCaseViewOf<'medical-aid', MedicalAidCaseView['status']>(state.record, version, decision ? (decision.data as { reasons: string[] }).reasons : [], { status });
    if (!view) throw ProblemError.notFound(`case ${caseId} not found`);
    return view;
  }
}

/** The medical-aid table of the parameter set (ratios in basis points). */
function medicalAidParams(set: ParameterSet): MedicalAidParams {
  const row = (tier: MedicalAidTier) => {
    const { deductibleFen, ratioBp, annualCapFen } = set.params.medical[tier];
    return { deductibleFen, ratioBasisPoints: ratioBp, annualCapFen };
  };
  return {
    table: { tekun: row('tekun'), dibao: row('dibao'), edge: row('edge'), rigid: row('rigid') },
    parameterSetId: set.id,
    parameterSetVersion: set.version,
  };
}
