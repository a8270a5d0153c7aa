import { calendarYearOf } from './calendarYear';
import type { OpenCase } from './commands';
import { aidRefused, SYSTEM } from './decisionRecords';
import type { TemporaryAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { CaseBasics, TemporaryAidCaseState } from './state';
import { ONCE_PER_CAUSE_RULE, temporaryAidOncePerCausePerYear } from './temporaryAidOncePerCausePerYear';
import { assertValidParams } from './temporaryAidParams';
import { TEMPORARY_AID_TRACK_RULE, temporaryAidTrack } from './temporaryAidTrack';

/**
 * Opens the case from the intake case file and chooses its track. Opening the same case again is a
 * no-op. When the beneficiary already had temporary aid for the same cause this calendar year (and no
 * county exception), the case is refused in writing at once (worked example 3).
 */
export function openCase(command: OpenCase['data'], state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  const { caseId, caseFile, now } = command;
  if (state.status !== 'none') {
    if (state.caseId === caseId) return [];
    throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${caseId}`);
  }
  if (!caseId) throw new RuleViolation('validCommand', 'caseId is required');
  assertValidParams(command.params);
  const year = calendarYearOf(now);
  const { track, reasons: trackReasons } = temporaryAidTrack(caseFile);
  const basics: CaseBasics = {
    caseId,
    applicationId: caseFile.applicationId,
    caseFile,
    track,
    beneficiaryRef: caseFile.applicantRef,
    // Emergencies are handled where they happened.
    jurisdiction: caseFile.jurisdiction,
    dueBy: command.dueBy[track],
    openedAt: now,
  };
  const events: TemporaryAidCaseEvent[] = [
    { type: 'TemporaryAidCaseFileReceived', data: { caseId, caseFile, receivedAt: now } },
    {
      type: 'CaseOpened',
      data: {
        caseId,
        applicationId: basics.applicationId,
        department: 'temporary-aid',
        beneficiaryRef: basics.beneficiaryRef,
        jurisdiction: basics.jurisdiction,
        dueBy: basics.dueBy,
        track,
      },
    },
  ];
  const check = temporaryAidOncePerCausePerYear(command.ledger, {
    personRef: basics.beneficiaryRef,
    year,
    causes: caseFile.causes,
    caseId,
  });
  if (!check.allowed) {
    events.push({
      type: 'AidRefused',
      data: aidRefused(basics, {
        appealBy: command.appealBy,
        decidedBy: SYSTEM,
        reasons: check.reasons,
        inputs: { track, causes: caseFile.causes, calendarYear: year, repeatedCauses: check.repeatedCauses, trackReasons },
        params: command.params,
        ruleIds: [TEMPORARY_AID_TRACK_RULE, ONCE_PER_CAUSE_RULE],
      }),
    });
  }
  return events;
}
