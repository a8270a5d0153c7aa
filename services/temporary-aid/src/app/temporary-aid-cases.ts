import { Inject, Injectable } from '@nestjs/common';
import type { Department, FundsDisbursed, IsoDate, TemporaryAidCaseFile, TemporaryAidTrack } from '@onedoor/contracts';
import { ConcurrencyError, type EventMetadata, type EventStore } from '@onedoor/event-store';
import {
  addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, NoParameterSetError, type ParameterSet, type PolicyRegistry,
} from '@onedoor/policy';
import { execute, load, loadState, lockStream, ProblemError, ServiceRuntime, type CaseDecisionInput } from '@onedoor/service-kit';
import { existingCase } from '@onedoor/department-kit';
import {
  calendarYearOf, isRuleViolation, personYearLedgerDecider, personYearLedgerStreamId, TEMPORARY_AID_PROGRAMME, temporaryAidCaseDecider, temporaryAidCaseStreamId,
  temporaryAidTrack, type DecisionContext, type Officer, type TemporaryAidCaseCommand, type TemporaryAidParams,
} from '../domain';
import { TEMPORARY_AID_RUNTIME } from './temporary-aid.runtime';

/** What officers and the GraphQL API see of a case. */
export interface TemporaryAidCaseView {
  caseId: string;
  applicationId: string;
  department: 'temporary-aid';
  status: 'open' | 'granted' | 'refused' | 'paid';
  track: TemporaryAidTrack;
  beneficiaryRef: string;
  jurisdiction: string;
  causes: string[];
  tier: string;
  openedAt: IsoDate;
  dueBy: IsoDate;
  grants: { grantId: string; beneficiaryRef: string; amountFen: number; fiscalYear: number; level: string; paid: boolean; budgetId?: string }[];
  /** The decision's reasons, or while open why the case is on its track. */
  reasons: string[];
  appealBy?: IsoDate;
  referredTo: Department[];
  version: number;
}

/** `commandId` of a sub-step, so two appends to one stream under one command never share event ids. */
const step = (commandId: string | undefined, name: string) => (commandId ? `${commandId}:${name}` : undefined);

/** The temporary-aid case (on the department kit's lifecycle) and person-year ledger aggregates behind the bus handlers and consumers. */
@Injectable()
export class TemporaryAidCases {
  private registry?: PolicyRegistry;

  constructor(@Inject(TEMPORARY_AID_RUNTIME) readonly runtime: ServiceRuntime) {}

  usePolicy(registry: PolicyRegistry) {
    this.registry = registry;
  }

  /** The parameter set in force where the case is handled (where the incident happened), on `now`. */
  parameterSet(jurisdiction: string, now: IsoDate): ParameterSet {
    if (!this.registry) throw new Error('temporary-aid: the policy parameter sets are not loaded yet');
    return this.registry.lookup(jurisdiction, now);
  }

  /** Opens the case (a no-op when already open); refuses at once when the cause was aided this year. */
  async open(caseId: string, caseFile: TemporaryAidCaseFile, now: IsoDate, metadata: EventMetadata, commandId: string, store: EventStore) {
    const set = this.parameterSet(caseFile.jurisdiction, now);
    const { deadlines } = set.params;
    const ledger = await loadState(store, personYearLedgerStreamId(caseFile.applicantRef, calendarYearOf(now)), personYearLedgerDecider);
    const command: TemporaryAidCaseCommand = {
      type: 'OpenCase',
      data: {
        ...decisionContext(set, now, ledger.state),
        caseId,
        caseFile,
        dueBy: {
          small_fast: addCalendarDays(now, deadlines.smallFastPaymentDays),
          advance: addWorkingDays(now, deadlines.townshipDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS),
          ordinary: addWorkingDays(now, deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS),
        },
      },
    };
    return execute(store, temporaryAidCaseStreamId(caseId), temporaryAidCaseDecider, command, { metadata, commandId });
  }

  /** Small fast or advance aid, the whole cap of the track, recorded on the ledger first. */
  grantAutomatically(caseId: string, now: IsoDate, metadata: EventMetadata, commandId: string, store: EventStore) {
    return this.decideOnLedger(store, caseId, now, (context) => ({ type: 'GrantAutomatically', data: { ...context, caseId } }), {
      metadata,
      commandId,
    });
  }

  issueReferrals(caseId: string, metadata: EventMetadata, commandId: string | undefined, store: EventStore) {
    return execute(store, temporaryAidCaseStreamId(caseId), temporaryAidCaseDecider, { type: 'IssueReferrals', data: { caseId } }, {
      metadata,
      commandId,
    });
  }

  markPaid(payment: FundsDisbursed, metadata: EventMetadata, commandId: string, store: EventStore) {
    const { caseId, grantId, amountFen, budgetId } = payment;
    return execute(store, temporaryAidCaseStreamId(caseId), temporaryAidCaseDecider, { type: 'MarkPaid', data: { caseId, grantId, amountFen, budgetId } }, {
      metadata,
      commandId,
    });
  }

  /**
   * An officer's decision, in one transaction: the case stream is locked (a concurrent decision waits,
   * then finds a newer version: 409), the grant is recorded on the ledger, then the case; after an
   * approval the referrals are issued as after an automatic grant.
   */
  async decideByOfficer(caseId: string, input: CaseDecisionInput, officer: Officer, expectedVersion: number, metadata: EventMetadata, commandId?: string) {
    const streamId = temporaryAidCaseStreamId(caseId);
    const now = new Date().toISOString();
    try {
      await this.runtime.store.transaction(async (tx) => {
        await lockStream(tx, streamId);
        const decided = await this.decideOnLedger(
          tx,
          caseId,
          now,
          (context) => ({
            type: 'Decide',
            data: {
              ...context,
              caseId,
              officer,
              decision: input.decision,
              amountFen: input.amountFen,
              reasons: input.reasons,
              specialHardship: input.specialHardship,
            },
          }),
          { metadata, commandId, expectedVersion },
        );
        if (decided.state.status === 'granted') await this.issueReferrals(caseId, metadata, step(commandId, 'referrals'), tx);
      });
    } catch (e) {
      if (isRuleViolation(e) && e.rule === 'caseMustBeOpen') {
        throw ProblemError.conflict(e.message, { currentVersion: await this.runtime.store.streamVersion(streamId) });
      }
      if (e instanceof NoParameterSetError) throw ProblemError.unprocessable(e.message);
      throw e;
    }
    return this.view(caseId);
  }

  /**
   * Decides with the beneficiary's person-year ledger (once per cause per calendar year): when the
   * decision grants, `TemporaryAidRecorded` is appended to the ledger at the version read, then the
   * case events at theirs. A concurrent grant to the same person makes one of them fail with a
   * ConcurrencyError; inside the inbox transaction the whole message is retried and then refused.
   */
  private async decideOnLedger(
    store: EventStore,
    caseId: string,
    now: IsoDate,
    build: (context: DecisionContext) => TemporaryAidCaseCommand,
    options: { metadata: EventMetadata; commandId?: string; expectedVersion?: number },
  ) {
    const streamId = temporaryAidCaseStreamId(caseId);
    const current = await loadState(store, streamId, temporaryAidCaseDecider);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new ConcurrencyError(streamId, options.expectedVersion, current.version);
    }
    const c = existingCase(current.state.record, caseId);
    const year = calendarYearOf(now);
    const ledgerStreamId = personYearLedgerStreamId(c.beneficiaryRef, year);
    const ledger = await loadState(store, ledgerStreamId, personYearLedgerDecider);
    const command = build(decisionContext(this.parameterSet(c.jurisdiction, now), now, ledger.state));
    const planned = temporaryAidCaseDecider.decide(command, current.state);
    for (const e of planned) {
      if (e.type !== 'AidGranted') continue;
      await execute(
        store,
        ledgerStreamId,
        personYearLedgerDecider,
        {
          type: 'RecordTemporaryAid',
          data: { personRef: c.beneficiaryRef, year, caseId, grantId: e.data.grantId, causes: (c.caseFile as TemporaryAidCaseFile).causes, amountFen: e.data.amountFen, now },
        },
        { metadata: options.metadata, commandId: step(options.commandId, 'ledger'), expectedVersion: ledger.version, retries: 0 },
      );
    }
    return execute(store, streamId, temporaryAidCaseDecider, command, {
      metadata: options.metadata,
      commandId: options.commandId,
      expectedVersion: current.version,
      retries: 0,
    });
  }

  /** The correlation of the case's flow (its application), for events caused by HTTP requests. */
  async correlationOf(caseId: string): Promise<string | undefined> {
    const [first] = await this.runtime.store.readStream(temporaryAidCaseStreamId(caseId), { from: 1, to: 1 });
    return first?.metadata.correlationId;
  }

  async view(caseId: string, store: EventStore = this.runtime.store): Promise<TemporaryAidCaseView> {
    const { state, version, events } = await load(store, temporaryAidCaseStreamId(caseId), temporaryAidCaseDecider);
    const c = state.record;
    if (c.status !== 'opened') throw ProblemError.notFound(`case ${caseId} not found`);
    const file = c.caseFile as TemporaryAidCaseFile;
    const decision = [...events].reverse().find((e) => e.type === 'AidGranted' || e.type === 'AidRefused');
    const refused = c.decisions[TEMPORARY_AID_PROGRAMME.programmeId];
    const { grant } = state;
    return {
      caseId: c.caseId,
      applicationId: c.applicationId,
      department: 'temporary-aid',
      status: state.status as TemporaryAidCaseView['status'],
      track: state.track ?? 'ordinary',
      beneficiaryRef: c.beneficiaryRef,
      jurisdiction: c.jurisdiction,
      causes: file.causes,
      tier: file.tier,
      openedAt: c.openedAt,
      dueBy: c.dueBy,
      grants: grant
        ? [
            {
              grantId: grant.grantId,
              beneficiaryRef: c.beneficiaryRef,
              amountFen: grant.amountFen,
              fiscalYear: grant.fiscalYear,
              level: grant.level,
              paid: state.status === 'paid',
              ...(state.status === 'paid' ? { budgetId: state.budgetId } : {}),
            },
          ]
        : [],
      reasons: decision ? (decision.data as { reasons: string[] }).reasons : temporaryAidTrack(file).reasons,
      ...(refused?.status === 'refused' ? { appealBy: refused.appealBy } : {}),
      referredTo: state.status === 'granted' || state.status === 'paid' ? state.referredTo : [],
      version,
    };
  }
}

/** The clock, the parameters, the ledger and the appeal deadline every deciding command carries. */
function decisionContext(set: ParameterSet, now: IsoDate, ledger: DecisionContext['ledger']): DecisionContext {
  const p = set.params;
  const params: TemporaryAidParams = {
    dibaoStandardFen: p.dibaoStandardFen,
    smallFastMaxMultiple: p.smallFastMaxMultiple,
    townshipApprovalCapMultiple: p.townshipApprovalCapMultiple,
    ordinaryMaxMultiple: p.ordinaryMaxMultiple,
    specialHardshipMaxMultiple: p.specialHardshipMaxMultiple,
    parameterSetId: set.id,
    parameterSetVersion: set.version,
  };
  return { now, params, ledger, appealBy: addCalendarDays(now, p.appealWindowDays) };
}
