import type { AnyDepartment, Cause, Department, DepartmentCaseFile, DivisionCode, Fen, IsoDate, PersonRef, Provenance, ReferralIssued, RoutedProgramme } from '@onedoor/contracts';
import type { Actor, DecidedBy, Payer } from './state';

/**
 * Opens the case from a routing (or a referral): the case file, the catalogue programmes it is for,
 * and where it belongs. dueBy is `decisionWorkingDays` working days (China calendar, the shortest of
 * the programmes') after the China date of `now`. The second opening of the same case is a no-op.
 */
export type OpenCase = {
  type: 'OpenCase';
  data: {
    caseId: string;
    department: AnyDepartment;
    applicationId: string;
    caseFile: DepartmentCaseFile;
    beneficiaryRef: PersonRef;
    jurisdiction: DivisionCode;
    programmes: RoutedProgramme[];
    /** ISO 8601 instant of the opening. */
    now: string;
    referredBy?: AnyDepartment;
    /** The decision deadline (China date) when the department sets it itself; default from the programmes. */
    dueBy?: IsoDate;
    /**
     * The department's own fields recorded on CaseOpened after the kit's (e.g. temporary aid's
     * `track`), read back as the case's `details`; they may not name a field of the kit's CaseOpened.
     */
    details?: Record<string, unknown>;
  };
};

/** A partner department takes the case on (its officer or its own system). Idempotent. */
export type AcceptCase = { type: 'AcceptCase'; data: { caseId: string; by: Actor; now: string } };

/**
 * Grants one programme of the case: `amountFen` (integer fen) within the programme's bounds, 0 for
 * in-kind programmes; `paidBy` funding (default) or department (in_kind for in-kind programmes);
 * written reasons; who decided; what the decision relied on.
 */
export type GrantAid = {
  type: 'GrantAid';
  data: {
    caseId: string;
    programmeId: string;
    amountFen: Fen;
    paidBy?: Payer;
    reasons: string[];
    decidedBy: DecidedBy;
    inputs?: Record<string, unknown>;
    provenance: Provenance;
    now: string;
    /** The department's own fields recorded on AidGranted after the kit's (e.g. the case's `track`); none may name a field of the kit's AidGranted. */
    details?: Record<string, unknown>;
  };
};

/**
 * Grants one programme to each of several beneficiaries of the case (e.g. every student of a
 * household): one grant per beneficiary, `amountFen` integer fen > 0 within the programme's bounds,
 * paid by funding, with that beneficiary's written reasons and inputs.
 */
export type GrantAidEach = {
  type: 'GrantAidEach';
  data: {
    caseId: string;
    programmeId: string;
    grants: { beneficiaryRef: PersonRef; amountFen: Fen; reasons: string[]; inputs?: Record<string, unknown> }[];
    decidedBy: DecidedBy;
    provenance: Provenance;
    now: string;
  };
};

/**
 * Refuses one programme (`programmeId`) or every programme still pending (no programmeId), with
 * written reasons; appealBy = the China date of `now` + `appealWindowDays` calendar days.
 */
export type RefuseAid = {
  type: 'RefuseAid';
  data: {
    caseId: string;
    programmeId?: string;
    reasons: string[];
    decidedBy: DecidedBy;
    appealWindowDays: number;
    inputs?: Record<string, unknown>;
    provenance: Provenance;
    now: string;
  };
};

/** From funding's FundsDisbursed for a grant paid by funding: CasePaid once. */
export type MarkPaid = { type: 'MarkPaid'; data: { caseId: string; grantId: string; amountFen: Fen; budgetId: string } };

/**
 * The department's own system paid a grant decided with paidBy department: `amountFen` must equal the
 * grant, `paymentReference` is the system's reference. The same report twice is a no-op.
 */
export type ReportPayment = {
  type: 'ReportPayment';
  data: { caseId: string; programmeId?: string; amountFen: Fen; paymentReference: string; reportedBy: Actor; now: string };
};

/** The decision deadline passed with programmes still pending: DeadlineMissed to the level above, once. */
export type FlagMissedDeadline = { type: 'FlagMissedDeadline'; data: { caseId: string; service: string; now: string } };

/**
 * Refers the case on to another department (e.g. temporary aid's specialised aid after the emergency
 * grant, 先救急后转专项): ReferralIssued with the cause it is for and the receiving department's own
 * case file; each receiving department once.
 */
export type ReferCase = {
  type: 'ReferCase';
  data: { caseId: string; toDepartment: Department; cause: Cause; caseFile: ReferralIssued['caseFile'] };
};

export type DepartmentCaseCommand = OpenCase | AcceptCase | GrantAid | GrantAidEach | RefuseAid | MarkPaid | ReportPayment | FlagMissedDeadline | ReferCase;

/** The decision date used for deadlines and appeal windows: a China date. */
export type DecisionDate = IsoDate;
