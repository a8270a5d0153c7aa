import { APPROVAL_CAP_RULE, automaticGrant } from './approvalCap';
import { calendarYearOf } from './calendarYear';
import type { GrantAutomatically } from './commands';
import { aidGranted, aidRefused, basicsOf, existingCase, SYSTEM } from './decisionRecords';
import type { TemporaryAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { TemporaryAidCaseState } from './state';
import { ONCE_PER_CAUSE_RULE, temporaryAidOncePerCausePerYear } from './temporaryAidOncePerCausePerYear';
import { assertValidParams } from './temporaryAidParams';
import { TEMPORARY_AID_TRACK_RULE, temporaryAidTrack } from './temporaryAidTrack';

/**
 * Small fast aid (1 × standard, by the system) and advance aid (3 × standard, township level) are granted
 * at once, without waiting for an officer. A case already decided is left alone (redelivery).
 */
export function grantAutomatically(command: GrantAutomatically['data'], state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'open') return [];
  if (c.track === 'ordinary') {
    throw new RuleViolation('ordinaryAidNeedsAnOfficer', 'ordinary temporary aid is not granted automatically: an officer decides');
  }
  assertValidParams(command.params);
  const basics = basicsOf(c);
  const year = calendarYearOf(command.now);
  const grant = automaticGrant(c.track, command.params);
  const decidedBy = { sub: command.actor?.sub ?? SYSTEM.sub, role: command.actor?.role ?? SYSTEM.role, level: grant.level };
  const check = temporaryAidOncePerCausePerYear(command.ledger, {
    personRef: c.beneficiaryRef,
    year,
    causes: c.caseFile.causes,
    caseId: c.caseId,
  });
  const inputs = {
    track: c.track,
    tier: c.caseFile.tier,
    urgent: c.caseFile.urgent,
    causes: c.caseFile.causes,
    dibaoStandardFen: command.params.dibaoStandardFen,
    multiple: grant.multiple,
    calendarYear: year,
    ...(command.actor ? { caseworker: command.actor.sub } : {}),
  };
  if (!check.allowed) {
    return [
      {
        type: 'AidRefused',
        data: aidRefused(basics, {
          appealBy: command.appealBy,
          decidedBy,
          reasons: check.reasons,
          inputs: { ...inputs, repeatedCauses: check.repeatedCauses },
          params: command.params,
          ruleIds: [ONCE_PER_CAUSE_RULE],
        }),
      },
    ];
  }
  return [
    {
      type: 'AidGranted',
      data: aidGranted(basics, {
        amountFen: grant.capFen,
        now: command.now,
        decidedBy,
        reasons: [...temporaryAidTrack(c.caseFile).reasons, grant.reason, ...check.reasons],
        inputs: { ...inputs, exceptionsUsed: check.exceptionsUsed },
        params: command.params,
        ruleIds: [TEMPORARY_AID_TRACK_RULE, APPROVAL_CAP_RULE, ONCE_PER_CAUSE_RULE],
      }),
    },
  ];
}
