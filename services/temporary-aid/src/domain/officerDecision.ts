import { APPROVAL_CAP_RULE, approvalCap } from './approvalCap';
import { calendarYearOf } from './calendarYear';
import type { Decide } from './commands';
import { aidGranted, aidRefused, basicsOf, existingCase } from './decisionRecords';
import type { TemporaryAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { TemporaryAidCaseState } from './state';
import { ONCE_PER_CAUSE_RULE, temporaryAidOncePerCausePerYear } from './temporaryAidOncePerCausePerYear';
import { assertValidParams } from './temporaryAidParams';

/**
 * An officer approves (an amount within the cap of the track and the officer's level) or refuses (with
 * written reasons) an open case. Above the township cap only a county officer may approve.
 */
export function officerDecision(command: Decide['data'], state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'open') {
    throw new RuleViolation('caseMustBeOpen', `case ${c.caseId} is ${c.status}: only an open case can be decided`);
  }
  assertValidParams(command.params);
  const { officer, params } = command;
  const basics = basicsOf(c);
  const year = calendarYearOf(command.now);
  const decidedBy = { sub: officer.sub, role: officer.role, level: officer.level };
  const officerReasons = (command.reasons ?? []).map((r) => r.trim()).filter(Boolean);
  const inputs: Record<string, unknown> = {
    track: c.track,
    tier: c.caseFile.tier,
    causes: c.caseFile.causes,
    dibaoStandardFen: params.dibaoStandardFen,
    officerLevel: officer.level,
    specialHardship: !!command.specialHardship,
    calendarYear: year,
  };

  if (command.decision === 'refuse') {
    if (officerReasons.length === 0) {
      throw new RuleViolation('refusalNeedsReasons', 'a refusal must state its reasons in writing');
    }
    return [
      {
        type: 'AidRefused',
        data: aidRefused(basics, { appealBy: command.appealBy, decidedBy, reasons: officerReasons, inputs, params, ruleIds: [] }),
      },
    ];
  }

  const amountFen = command.amountFen;
  if (amountFen === undefined || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RuleViolation('validCommand', `an approval needs amountFen as a positive integer, got ${amountFen}`);
  }
  const cap = approvalCap(c.track, officer.level, params, command.specialHardship);
  if (amountFen > cap.capFen) {
    const countyHint =
      c.track === 'ordinary' && officer.level !== 'county' ? '; above the township cap only an officer at county level may approve' : '';
    throw new RuleViolation('approvalCap', `${amountFen} fen exceeds the cap — ${cap.reason}${countyHint}`);
  }
  const check = temporaryAidOncePerCausePerYear(command.ledger, {
    personRef: c.beneficiaryRef,
    year,
    causes: c.caseFile.causes,
    caseId: c.caseId,
  });
  if (!check.allowed) throw new RuleViolation('temporaryAidOncePerCausePerYear', check.reasons.join('; '));
  return [
    {
      type: 'AidGranted',
      data: aidGranted(basics, {
        amountFen,
        now: command.now,
        decidedBy,
        reasons: [cap.reason, ...check.reasons, ...officerReasons],
        inputs: { ...inputs, multiple: cap.multiple, capFen: cap.capFen, exceptionsUsed: check.exceptionsUsed },
        params,
        ruleIds: [APPROVAL_CAP_RULE, ONCE_PER_CAUSE_RULE],
      }),
    },
  ];
}
