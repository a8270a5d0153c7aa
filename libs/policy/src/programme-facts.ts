import type { Cause, DisasterFacts, Disability, EmploymentStatus, HousingFacts, SchoolStage, Tier } from '@onedoor/contracts';
import type { MemberCondition } from './programme';

/** The finding of a rule a department service runs (e.g. intake's `temporaryAidOncePerCausePerYear`). */
export interface RuleFinding {
  qualifies: boolean;
  reasons: string[];
  ruleIds: string[];
}

/** A member as the catalogue sees them: age in whole years, disability, school stage, work situation. */
export interface ProgrammeMemberFacts {
  ageYears: number;
  disability: Disability;
  schoolStage: SchoolStage | null;
  employment?: EmploymentStatus;
}

/**
 * What `qualify` reads of an application: the household's tier (policy-rules §2), the causes, the
 * members, the stated housing, disaster and supported-at-home facts (§11), the programmes the
 * applicant asked for by id, and the findings of the department rules programmes may name (by rule).
 */
export interface ProgrammeFacts {
  tier: Tier;
  economicCheckDone: boolean;
  causes: readonly Cause[];
  members: readonly ProgrammeMemberFacts[];
  housing?: HousingFacts;
  supportedAtHome?: boolean;
  disaster?: DisasterFacts;
  requestedProgrammes?: readonly string[];
  ruleFindings?: Readonly<Record<string, RuleFinding>>;
}

/** Whether a member meets every part of the condition. */
export function memberMeets(m: ProgrammeMemberFacts, c: MemberCondition): boolean {
  return (
    (c.minAge === undefined || m.ageYears >= c.minAge) &&
    (c.underAge === undefined || m.ageYears < c.underAge) &&
    (c.disabilities === undefined || c.disabilities.includes(m.disability)) &&
    (c.schoolStages === undefined || (m.schoolStage !== null && c.schoolStages.includes(m.schoolStage))) &&
    (c.employment === undefined || (m.employment !== undefined && c.employment.includes(m.employment)))
  );
}

