import type { AidGranted, AidRefused, Fen, IsoDate } from '@onedoor/contracts';
import { calendarYearOf } from './calendarYear';
import { RuleViolation } from './ruleViolation';
import type { CaseBasics, TemporaryAidCaseState } from './state';
import type { TemporaryAidParams } from './temporaryAidParams';

export type DecidedBy = AidGranted['decidedBy'];
export const SYSTEM: DecidedBy = { sub: 'system', role: 'system', level: 'system' };

/** The one grant of a case: deterministic, so funding pays it at most once. */
export const grantIdOf = (caseId: string): string => `${caseId}:1`;

export function aidGranted(
  basics: CaseBasics,
  d: { amountFen: Fen; now: IsoDate; decidedBy: DecidedBy; reasons: string[]; inputs: Record<string, unknown>; params: TemporaryAidParams; ruleIds: string[] },
): AidGranted {
  return {
    caseId: basics.caseId,
    applicationId: basics.applicationId,
    department: 'temporary-aid',
    grantId: grantIdOf(basics.caseId),
    beneficiaryRef: basics.beneficiaryRef,
    amountFen: d.amountFen,
    programme: 'temporary-aid',
    jurisdiction: basics.jurisdiction,
    fiscalYear: calendarYearOf(d.now),
    decidedBy: d.decidedBy,
    reasons: d.reasons,
    inputs: d.inputs,
    provenance: provenance(d.params, d.ruleIds),
    track: basics.track,
  };
}

export function aidRefused(
  basics: Pick<CaseBasics, 'caseId' | 'applicationId'>,
  d: { appealBy: IsoDate; decidedBy: DecidedBy; reasons: string[]; inputs: Record<string, unknown>; params: TemporaryAidParams; ruleIds: string[] },
): AidRefused {
  return {
    caseId: basics.caseId,
    applicationId: basics.applicationId,
    department: 'temporary-aid',
    reasons: d.reasons,
    appealBy: d.appealBy,
    decidedBy: d.decidedBy,
    inputs: d.inputs,
    provenance: provenance(d.params, d.ruleIds),
  };
}

function provenance(params: TemporaryAidParams, ruleIds: string[]) {
  return { parameterSetId: params.parameterSetId, parameterSetVersion: params.parameterSetVersion, ruleIds };
}

/** The case the command names must be the case of this stream, opened. */
export function existingCase(state: TemporaryAidCaseState, caseId: string): Exclude<TemporaryAidCaseState, { status: 'none' } | { status: 'received' }> {
  if (state.status === 'none' || state.status === 'received') {
    throw new RuleViolation('caseMustExist', `temporary-aid case ${caseId} has not been opened`);
  }
  if (state.caseId !== caseId) {
    throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${caseId}`);
  }
  return state;
}

export function basicsOf(s: CaseBasics): CaseBasics {
  const { caseId, applicationId, caseFile, track, beneficiaryRef, jurisdiction, dueBy, openedAt } = s;
  return { caseId, applicationId, caseFile, track, beneficiaryRef, jurisdiction, dueBy, openedAt };
}
