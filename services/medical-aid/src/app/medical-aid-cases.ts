import { Inject, Injectable } from '@nestjs/common';
import { type Department, type FundsDisbursed, type IsoDate, routedCaseFileOf, type MedicalAidCaseFile } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { execute, load, loadState, ProblemError, ServiceRuntime } from '@onedoor/service-kit';
import {
  calendarYearOf, medicalAidCaseDecider, medicalAidCaseId, medicalAidCaseStreamId, openCaseFromReferral, openCaseFromRouting, personYearLedgerDecider,
  personYearLedgerStreamId, RuleViolation, type MedicalAidCaseCommand, type MedicalAidCaseState, type OpenCase, type MedicalAidParams, type MedicalAidTier,
} from '../domain';
import type { OpenCaseCommand } from './case.commands';
import { MEDICAL_AID_RUNTIME } from './medical-aid.runtime';

type CaseOnRecord = Exclude<MedicalAidCaseState, { status: 'none' } | { status: 'received' }>;

/** What officers and the GraphQL API see of a case. */
export interface MedicalAidCaseView {
  caseId: string;
  applicationId: string;
  department: 'medical-aid';
  status: CaseOnRecord['status'];
  referredBy?: Department;
  beneficiaryRef: string;
  jurisdiction: string;
  causes: string[];
  tier: string;
  openedAt: IsoDate;
  dueBy: IsoDate;
  grants: { grantId: string; beneficiaryRef: string; amountFen: number; fiscalYear: number; paid: boolean; budgetId?: string }[];
  reasons: string[];
  appealBy?: IsoDate;
  version: number;
}

const step = (commandId: string, name: string) => `${commandId}:${name}`;

/** The medical-aid case and person-year ledger aggregates behind the bus handlers and consumers. */
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

  /** Opens `medical-aid-${applicationId}`; the second opening (routing or referral) appends nothing. */
  open({ source, now, metadata, commandId, store }: OpenCaseCommand) {
    const caseFile = 'routed' in source ? routedCaseFileOf(source.routed, 'medical-aid') : (source.referral.caseFile as MedicalAidCaseFile);
    const set = this.parameterSet(caseFile.registeredJurisdiction, now);
    const when = { now, dueBy: addWorkingDays(now, set.params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command: OpenCase = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    const caseId = medicalAidCaseId(command.data.applicationId);
    return execute(store, medicalAidCaseStreamId(caseId), medicalAidCaseDecider, command, { metadata, commandId });
  }

  /**
   * Decides an open case by the table with the patient's person-year ledger (the annual cap is shared
   * by all of the person's medical aid): a grant is appended to the ledger at the version read first,
   * then the case events at theirs. A concurrent grant to the same patient makes one fail with a
   * ConcurrencyError; inside the inbox transaction the whole message is then retried.
   */
  async assess(caseId: string, now: IsoDate, metadata: EventMetadata, commandId: string, store: EventStore) {
    const streamId = medicalAidCaseStreamId(caseId);
    const current = await loadState(store, streamId, medicalAidCaseDecider);
    const c = onRecord(current.state, caseId);
    if (c.status !== 'open') return { events: [], state: current.state, version: current.version };
    const set = this.parameterSet(c.jurisdiction, now);
    const year = calendarYearOf(now);
    const ledgerStreamId = personYearLedgerStreamId(c.beneficiaryRef, year);
    const ledger = await loadState(store, ledgerStreamId, personYearLedgerDecider);
    const params = medicalAidParams(set);
    const command: MedicalAidCaseCommand = {
      type: 'Assess',
      data: { caseId, now, params, ledger: ledger.state, appealBy: addCalendarDays(now, set.params.appealWindowDays) },
    };
    for (const e of medicalAidCaseDecider.decide(command, current.state)) {
      if (e.type !== 'AidGranted') continue;
      await execute(
        store,
        ledgerStreamId,
        personYearLedgerDecider,
        {
          type: 'RecordMedicalAid',
          data: {
            personRef: c.beneficiaryRef,
            year,
            caseId,
            grantId: e.data.grantId,
            amountFen: e.data.amountFen,
            annualCapFen: params.table[c.caseFile.tier as MedicalAidTier].annualCapFen,
            now,
          },
        },
        { metadata, commandId: step(commandId, 'ledger'), expectedVersion: ledger.version, retries: 0 },
      );
    }
    return execute(store, streamId, medicalAidCaseDecider, command, { metadata, commandId, expectedVersion: current.version, retries: 0 });
  }

  markPaid(payment: FundsDisbursed, metadata: EventMetadata, commandId: string, store: EventStore) {
    const { caseId, grantId, amountFen, budgetId } = payment;
    return execute(store, medicalAidCaseStreamId(caseId), medicalAidCaseDecider, { type: 'MarkPaid', data: { caseId, grantId, amountFen, budgetId } }, {
      metadata,
      commandId,
    });
  }

  async view(caseId: string, store: EventStore = this.runtime.store): Promise<MedicalAidCaseView> {
    const { state, version, events } = await load(store, medicalAidCaseStreamId(caseId), medicalAidCaseDecider);
    if (state.status === 'none' || state.status === 'received') throw ProblemError.notFound(`case ${caseId} not found`);
    const decision = [...events].reverse().find((e) => e.type === 'AidGranted' || e.type === 'AidRefused');
    const grant = state.status === 'granted' || state.status === 'paid' ? state.grant : undefined;
    return {
      caseId: state.caseId,
      applicationId: state.applicationId,
      department: 'medical-aid',
      status: state.status,
      ...(state.referredBy ? { referredBy: state.referredBy } : {}),
      beneficiaryRef: state.beneficiaryRef,
      jurisdiction: state.jurisdiction,
      causes: state.caseFile.causes,
      tier: state.caseFile.tier,
      openedAt: state.openedAt,
      dueBy: state.dueBy,
      grants: grant
        ? [
            {
              grantId: grant.grantId,
              beneficiaryRef: state.beneficiaryRef,
              amountFen: grant.amountFen,
              fiscalYear: grant.fiscalYear,
              paid: state.status === 'paid',
              ...(state.status === 'paid' ? { budgetId: state.budgetId } : {}),
            },
          ]
        : [],
      reasons: decision ? (decision.data as { reasons: string[] }).reasons : [],
      ...(state.status === 'refused' ? { appealBy: state.appealBy } : {}),
      version,
    };
  }
}

function onRecord(state: MedicalAidCaseState, caseId: string): CaseOnRecord {
  if (state.status === 'none' || state.status === 'received') {
    throw new RuleViolation('caseMustExist', `medical-aid case ${caseId} has not been opened`);
  }
  return state;
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
