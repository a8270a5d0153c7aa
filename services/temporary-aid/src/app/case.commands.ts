import type { TemporaryAidCaseFile, FundsDisbursed, IsoDate } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import type { CaseDecisionInput } from '@onedoor/service-kit';
import type { Officer } from '../domain';

/** From intake's ApplicationRouted (route to temporary-aid). Runs in the inbox transaction. */
export class OpenCaseCommand {
  constructor(
    readonly caseId: string,
    readonly caseFile: TemporaryAidCaseFile,
    readonly now: IsoDate,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

/** Small fast or advance aid, right after opening: recorded on the person-year ledger first. */
export class GrantAutomaticallyCommand {
  constructor(
    readonly caseId: string,
    readonly now: IsoDate,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

/** After a grant: ReferralIssued to medical-aid (illness) and education-aid (schooling). */
export class IssueReferralsCommand {
  constructor(
    readonly caseId: string,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

/** An officer approves or refuses an open ordinary case; optimistic concurrency, no retries (409). */
export class DecideCaseCommand {
  constructor(
    readonly caseId: string,
    readonly input: CaseDecisionInput,
    readonly officer: Officer,
    readonly expectedVersion: number,
    readonly metadata: EventMetadata,
    readonly commandId?: string,
  ) {}
}

/** From funding's FundsDisbursed for this department's grant: CasePaid once. */
export class MarkPaidCommand {
  constructor(
    readonly payment: FundsDisbursed,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

export class GetCaseQuery {
  constructor(readonly caseId: string) {}
}
