/**
 * The temporary-aid case (one stream per case: `temporary-aid-case-<caseId>`) on the department kit's
 * lifecycle: opened from the routing on its track (policy-rules §4) — refused at once in writing when
 * the cause was already aided this year (§3) —, granted at once on the emergency tracks or decided by
 * an officer within the approval cap of the track and level, referred on to specialised aid after the
 * grant, paid by funding. Temporary aid's own commands are translated into the kit's; the events are
 * recorded in TEMPORARY_AID_RECORDS. Pure: the clock, the parameters and the person-year ledger come
 * in the commands.
 */
import type { Department, Fen, TemporaryAidCaseFile, TemporaryAidTrack } from '@onedoor/contracts';
import {
  caseStatusOf, decideInSequence, existingCase, recordedDecider, type CaseOnRecord, type DecidedBy, type DepartmentCaseCommand, type DepartmentCaseState, type GrantAid,
  type RefuseAid,
} from '@onedoor/department-kit';
import { chinaDateOf } from '@onedoor/policy';
import { APPROVAL_CAP_RULE, approvalCap, automaticGrant } from './approvalCap';
import { calendarYearOf } from './calendarYear';
import type { Decide, DecisionContext, GrantAutomatically, IssueReferrals, MarkPaid, OpenCase, TemporaryAidCaseCommand } from './commands';
import type { TemporaryAidCaseEvent } from './events';
import { referralsAfterEmergencyAid } from './referralsAfterEmergencyAid';
import { RuleViolation } from './ruleViolation';
import type { TemporaryAidCaseState } from './state';
import { ONCE_PER_CAUSE_RULE, temporaryAidOncePerCausePerYear } from './temporaryAidOncePerCausePerYear';
import { assertValidParams } from './temporaryAidParams';
import { TEMPORARY_AID_RECORDS, TEMPORARY_AID_PROGRAMME } from './temporaryAidRecords';
import { TEMPORARY_AID_TRACK_RULE, temporaryAidTrack } from './temporaryAidTrack';

const kit = recordedDecider(TEMPORARY_AID_RECORDS);
const PROGRAMME = TEMPORARY_AID_PROGRAMME.programmeId;
const SYSTEM: DecidedBy = { sub: 'system', role: 'system', level: 'system' };
const DAY_MS = 86_400_000;

/** The kit's case on record the command is for; a case never opened is named as temporary aid's. */
function onRecord(record: DepartmentCaseState, caseId: string): CaseOnRecord {
  if (record.status !== 'opened') throw new RuleViolation('caseMustExist', `temporary-aid case ${caseId} has not been opened`);
  return existingCase(record, caseId);
}
const fileOf = (k: CaseOnRecord) => k.caseFile as TemporaryAidCaseFile;
const trackOf = (k: CaseOnRecord): TemporaryAidTrack => (k.details?.track as TemporaryAidTrack | undefined) ?? 'ordinary';
/** Calendar days from the China date of `now` to the appeal date the shell computed (the kit prints `appealBy` from them). */
const appealWindowDays = (c: DecisionContext) => Math.round((Date.parse(`${c.appealBy}T00:00:00Z`) - Date.parse(`${chinaDateOf(c.now)}T00:00:00Z`)) / DAY_MS);
const provenance = (c: DecisionContext, ruleIds: string[]) => ({ parameterSetId: c.params.parameterSetId, parameterSetVersion: c.params.parameterSetVersion, ruleIds });

interface Decision {
  decidedBy: DecidedBy;
  reasons: string[];
  inputs: Record<string, unknown>;
  ruleIds: string[];
}
const refusal = (caseId: string, c: DecisionContext, d: Decision): RefuseAid => ({
  type: 'RefuseAid',
  data: { caseId, programmeId: PROGRAMME, reasons: d.reasons, decidedBy: d.decidedBy, appealWindowDays: appealWindowDays(c), inputs: d.inputs, provenance: provenance(c, d.ruleIds), now: c.now },
});
/** The grant (fen), recorded with the case's track. */
const grant = (k: CaseOnRecord, c: DecisionContext, amountFen: Fen, d: Decision): GrantAid => ({
  type: 'GrantAid',
  data: { caseId: k.caseId, programmeId: PROGRAMME, amountFen, reasons: d.reasons, decidedBy: d.decidedBy, inputs: d.inputs, provenance: provenance(c, d.ruleIds), now: c.now, details: { track: trackOf(k) } },
});
const oncePerCause = (c: DecisionContext, k: Pick<CaseOnRecord, 'caseId' | 'beneficiaryRef'>, causes: TemporaryAidCaseFile['causes'], year: number) =>
  temporaryAidOncePerCausePerYear(c.ledger, { personRef: k.beneficiaryRef, year, causes, caseId: k.caseId });

/**
 * Opens the case on the track of its case file (policy-rules §4), due by the track's deadline, where
 * the emergency happened; when the beneficiary already had temporary aid for a cause of it this
 * calendar year and the county granted no exception, refuses it at once in writing (policy-rules §3,
 * worked example 3). Opening the same case again appends nothing.
 * @throws RuleViolation caseIdMatches, validCommand, validParameters, ledgerMatchesPersonAndYear.
 */
function open(c: OpenCase['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const { caseId, caseFile, now } = c;
  const opening = (details: Record<string, unknown>, dueBy?: string): DepartmentCaseCommand => ({
    type: 'OpenCase',
    data: {
      caseId,
      department: 'temporary-aid',
      applicationId: caseFile?.applicationId,
      caseFile,
      beneficiaryRef: caseFile?.applicantRef,
      // Emergencies are handled where they happened.
      jurisdiction: caseFile?.jurisdiction,
      programmes: [TEMPORARY_AID_PROGRAMME],
      now,
      dueBy,
      details,
    },
  });
  if (record.status !== 'none') return [opening({})];
  if (!caseId) throw new RuleViolation('validCommand', 'caseId is required');
  assertValidParams(c.params);
  const year = calendarYearOf(now);
  const { track, reasons: trackReasons } = temporaryAidTrack(caseFile);
  const check = oncePerCause(c, { caseId, beneficiaryRef: caseFile.applicantRef }, caseFile.causes, year);
  if (check.allowed) return [opening({ track }, c.dueBy[track])];
  const inputs = { track, causes: caseFile.causes, calendarYear: year, repeatedCauses: check.repeatedCauses, trackReasons };
  return [opening({ track }, c.dueBy[track]), refusal(caseId, c, { decidedBy: SYSTEM, reasons: check.reasons, inputs, ruleIds: [TEMPORARY_AID_TRACK_RULE, ONCE_PER_CAUSE_RULE] })];
}

/**
 * Small fast aid (1 × standard, by the system) and advance aid (3 × standard, township level) are
 * granted at once, the whole cap of the track (policy-rules §4); refused in writing when the cause was
 * aided this year meanwhile (§3). A case already decided is left alone (redelivery).
 * @throws RuleViolation caseMustExist, caseIdMatches, ordinaryAidNeedsAnOfficer, validParameters, validCommand, ledgerMatchesPersonAndYear.
 */
function grantAutomatically(c: GrantAutomatically['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = onRecord(record, c.caseId);
  if (caseStatusOf(k) !== 'open') return [];
  const track = trackOf(k);
  if (track === 'ordinary') throw new RuleViolation('ordinaryAidNeedsAnOfficer', 'ordinary temporary aid is not granted automatically: an officer decides');
  assertValidParams(c.params);
  const file = fileOf(k);
  const year = calendarYearOf(c.now);
  const cap = automaticGrant(track, c.params);
  const decidedBy = { sub: c.actor?.sub ?? SYSTEM.sub, role: c.actor?.role ?? SYSTEM.role, level: cap.level };
  const check = oncePerCause(c, k, file.causes, year);
  const inputs = {
    track,
    tier: file.tier,
    urgent: file.urgent,
    causes: file.causes,
    dibaoStandardFen: c.params.dibaoStandardFen,
    multiple: cap.multiple,
    calendarYear: year,
    ...(c.actor ? { caseworker: c.actor.sub } : {}),
  };
  if (!check.allowed) return [refusal(k.caseId, c, { decidedBy, reasons: check.reasons, inputs: { ...inputs, repeatedCauses: check.repeatedCauses }, ruleIds: [ONCE_PER_CAUSE_RULE] })];
  return [
    grant(k, c, cap.capFen, {
      decidedBy,
      reasons: [...temporaryAidTrack(file).reasons, cap.reason, ...check.reasons],
      inputs: { ...inputs, exceptionsUsed: check.exceptionsUsed },
      ruleIds: [TEMPORARY_AID_TRACK_RULE, APPROVAL_CAP_RULE, ONCE_PER_CAUSE_RULE],
    }),
  ];
}

/**
 * An officer approves an open case (an amount in fen within the cap of the track and the officer's
 * level: above the township cap only a county officer, policy-rules §4) or refuses it with written
 * reasons (§3).
 * @throws RuleViolation caseMustExist, caseIdMatches, caseMustBeOpen, validParameters, refusalNeedsReasons,
 *   validCommand, approvalCap, temporaryAidOncePerCausePerYear, ledgerMatchesPersonAndYear.
 */
function officerDecision(c: Decide['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = onRecord(record, c.caseId);
  const status = caseStatusOf(k);
  if (status !== 'open') throw new RuleViolation('caseMustBeOpen', `case ${k.caseId} is ${status}: only an open case can be decided`);
  assertValidParams(c.params);
  const { officer, params } = c;
  const file = fileOf(k);
  const track = trackOf(k);
  const year = calendarYearOf(c.now);
  const decidedBy = { sub: officer.sub, role: officer.role, level: officer.level };
  const officerReasons = (c.reasons ?? []).map((r) => r.trim()).filter(Boolean);
  const inputs: Record<string, unknown> = {
    track,
    tier: file.tier,
    causes: file.causes,
    dibaoStandardFen: params.dibaoStandardFen,
    officerLevel: officer.level,
    specialHardship: !!c.specialHardship,
    calendarYear: year,
  };
  if (c.decision === 'refuse') {
    if (officerReasons.length === 0) throw new RuleViolation('refusalNeedsReasons', 'a refusal must state its reasons in writing');
    return [refusal(k.caseId, c, { decidedBy, reasons: officerReasons, inputs, ruleIds: [] })];
  }
  const amountFen = c.amountFen;
  if (amountFen === undefined || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RuleViolation('validCommand', `an approval needs amountFen as a positive integer, got ${amountFen}`);
  }
  const cap = approvalCap(track, officer.level, params, c.specialHardship);
  if (amountFen > cap.capFen) {
    const countyHint = track === 'ordinary' && officer.level !== 'county' ? '; above the township cap only an officer at county level may approve' : '';
    throw new RuleViolation('approvalCap', `${amountFen} fen exceeds the cap — ${cap.reason}${countyHint}`);
  }
  const check = oncePerCause(c, k, file.causes, year);
  if (!check.allowed) throw new RuleViolation('temporaryAidOncePerCausePerYear', check.reasons.join('; '));
  return [
    grant(k, c, amountFen, {
      decidedBy,
      reasons: [cap.reason, ...check.reasons, ...officerReasons],
      inputs: { ...inputs, multiple: cap.multiple, capFen: cap.capFen, exceptionsUsed: check.exceptionsUsed },
      ruleIds: [APPROVAL_CAP_RULE, ONCE_PER_CAUSE_RULE],
    }),
  ];
}

/**
 * After the grant (先救急后转专项, policy-rules §4): one referral per specialised department that fits a
 * cause, carrying that department's own case file (none given, no referral); the kit refers to each once.
 * @throws RuleViolation caseMustExist, caseIdMatches, referralsAfterGrant.
 */
function issueReferrals(c: IssueReferrals['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = onRecord(record, c.caseId);
  const status = caseStatusOf(k);
  if (status !== 'granted' && status !== 'paid') throw new RuleViolation('referralsAfterGrant', `case ${k.caseId} is ${status}: referrals follow the emergency grant`);
  const file = fileOf(k);
  return referralsAfterEmergencyAid(file.causes).flatMap(({ cause, toDepartment }): DepartmentCaseCommand[] => {
    const caseFile = file.referrals?.[toDepartment as 'medical-aid' | 'education-aid'];
    return caseFile ? [{ type: 'ReferCase', data: { caseId: k.caseId, toDepartment, cause, caseFile } }] : [];
  });
}

/**
 * FundsDisbursed for the case's one grant → CasePaid once (the kit's MarkPaid); a payment that is not
 * of that grant and amount (fen) is refused.
 * @throws RuleViolation caseMustExist, caseIdMatches, paymentMatchesGrant.
 */
function markPaid(c: MarkPaid['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = onRecord(record, c.caseId);
  const decision = k.decisions[PROGRAMME];
  if (decision?.status !== 'granted') throw new RuleViolation('paymentMatchesGrant', `case ${k.caseId} is ${caseStatusOf(k)}: there is no grant to pay`);
  const redelivered = decision.paid && decision.grantId === c.grantId;
  if (!redelivered && (decision.grantId !== c.grantId || decision.amountFen !== c.amountFen)) {
    throw new RuleViolation('paymentMatchesGrant', `payment of ${c.amountFen} fen for grant ${c.grantId} does not match grant ${decision.grantId} of ${decision.amountFen} fen`);
  }
  return [{ type: 'MarkPaid', data: c }];
}

function kitCommands(command: TemporaryAidCaseCommand, record: DepartmentCaseState): DepartmentCaseCommand[] {
  switch (command.type) {
    case 'OpenCase':
      return open(command.data, record);
    case 'GrantAutomatically':
      return grantAutomatically(command.data, record);
    case 'Decide':
      return officerDecision(command.data, record);
    case 'IssueReferrals':
      return issueReferrals(command.data, record);
    case 'MarkPaid':
      return markPaid(command.data, record);
  }
}

/** The case as temporary aid reads it from the kit's record; the level that granted comes from the AidGranted. */
function summarise(record: DepartmentCaseState, before?: TemporaryAidCaseState, event?: TemporaryAidCaseEvent): TemporaryAidCaseState {
  if (record.status !== 'opened') return { status: record.status, record, referredTo: [] };
  const decision = record.decisions[PROGRAMME];
  const level = event?.type === 'AidGranted' ? event.data.decidedBy.level : before?.grant?.level;
  return {
    status: caseStatusOf(record),
    record,
    track: trackOf(record),
    ...(decision?.status === 'granted' ? { grant: { grantId: decision.grantId, amountFen: decision.amountFen, level: level ?? 'system', fiscalYear: decision.fiscalYear } } : {}),
    referredTo: (record.referredTo ?? []) as Department[],
    ...(decision?.status === 'granted' && decision.paid ? { budgetId: decision.paid.budgetId } : {}),
  };
}

export function decideTemporaryAidCase(command: TemporaryAidCaseCommand, state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  return decideInSequence(kit, kitCommands(command, state.record), state.record) as TemporaryAidCaseEvent[];
}

export function evolveTemporaryAidCase(state: TemporaryAidCaseState, event: TemporaryAidCaseEvent): TemporaryAidCaseState {
  return summarise(kit.evolve(state.record, event), state, event);
}

export const initialTemporaryAidCaseState: TemporaryAidCaseState = summarise(kit.initialState);

export const temporaryAidCaseDecider = {
  decide: decideTemporaryAidCase,
  evolve: evolveTemporaryAidCase,
  initialState: initialTemporaryAidCaseState,
};
