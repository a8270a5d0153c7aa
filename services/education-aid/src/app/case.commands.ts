import type { ApplicationRouted, FundsDisbursed, IsoDate, ReferralIssued } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';

/**
 * From intake's ApplicationRouted (route to education-aid) or temporary-aid's ReferralIssued (to
 * education-aid): whichever comes first opens the case, the other is a no-op. Runs in the inbox transaction.
 */
export class OpenCaseCommand {
  constructor(
    readonly source: { routed: ApplicationRouted } | { referral: ReferralIssued },
    readonly now: IsoDate,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

/** Education aid per student, right after opening: recorded on each student's school-year ledger first. */
export class AssessCommand {
  constructor(
    readonly caseId: string,
    readonly now: IsoDate,
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

/** From funding's FundsDisbursed for one of this department's grants: CasePaid once per grant. */
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
