import type { TemporaryAidCaseFile, Fen, IsoDate, TemporaryAidTrack } from '@onedoor/contracts';
import type { PersonYearLedgerState } from './personYearLedger';
import type { TemporaryAidParams } from './temporaryAidParams';

export interface Actor {
  sub: string;
  role: string;
}
export interface Officer extends Actor {
  level: 'township' | 'county';
}

/**
 * Fields shared by the commands that may grant or refuse: the clock, the parameters in force, the
 * person-year ledger of the beneficiary (applicant) for the calendar year of `now`, and the appeal
 * deadline to print on a refusal (administrative reconsideration, computed by the shell).
 */
export interface DecisionContext {
  now: IsoDate;
  params: TemporaryAidParams;
  ledger: PersonYearLedgerState;
  appealBy: IsoDate;
}

export type OpenCase = {
  type: 'OpenCase';
  data: DecisionContext & {
    caseId: string;
    caseFile: TemporaryAidCaseFile;
    /** Due dates per track, already computed by the shell (small_fast: 3 calendar days, advance:
     *  township decision, ordinary: 15 working days); the one of the chosen track is used. */
    dueBy: Record<TemporaryAidTrack, IsoDate>;
  };
};

/** Small fast or advance aid: granted at once, the whole cap of the track. */
export type GrantAutomatically = {
  type: 'GrantAutomatically';
  data: DecisionContext & {
    caseId: string;
    /** The caseworker or township official on record; defaults to the system. */
    actor?: Actor;
  };
};

/** An officer's decision (POST /cases/{caseId}/decisions). */
export type Decide = {
  type: 'Decide';
  data: DecisionContext & {
    caseId: string;
    officer: Officer;
    decision: 'approve' | 'refuse';
    /** Required to approve. */
    amountFen?: Fen;
    /** Required to refuse; added to the system's reasons when approving. */
    reasons: string[];
    /** Ordinary aid in special hardship: a county officer may grant up to 12 × standard. */
    specialHardship?: boolean;
  };
};

/** After a grant: refer to medical-aid (illness) and education-aid (schooling). Idempotent. */
export type IssueReferrals = { type: 'IssueReferrals'; data: { caseId: string } };

/** On FundsDisbursed for the case's grant. Idempotent. */
export type MarkPaid = {
  type: 'MarkPaid';
  data: { caseId: string; grantId: string; amountFen: Fen; budgetId: string };
};

export type TemporaryAidCaseCommand = OpenCase | GrantAutomatically | Decide | IssueReferrals | MarkPaid;
