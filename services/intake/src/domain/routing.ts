import type { Cause, Department, DivisionCode, Tier } from '@onedoor/contracts';
import type { IncidentFacts, MemberFacts, PriorTemporaryAid } from './commands';
import { householdOfTier } from './wording';

/** Rule ids of routing (policy-rules §3), recorded in provenance. */
export const ROUTING_RULES = {
  temporaryAidUrgentCause: 'route.temporaryAid.urgentCause',
  temporaryAidOncePerCausePerYear: 'route.temporaryAid.oncePerCausePerYear',
  temporaryAidCountyException: 'route.temporaryAid.countyException',
  medicalAidIllnessInAssistedTier: 'route.medicalAid.illnessInAssistedTier',
  educationAidSchoolingCause: 'route.educationAid.schoolingCause',
  educationAidStudentInAssistedHousehold: 'route.educationAid.studentInAssistedHousehold',
  economicCheckMissing: 'consent.economicCheckMissing.emergencyOnly',
} as const;

/** Causes that are emergencies whatever the applicant ticks; illness is one only when urgent. */
const EMERGENCY_CAUSES: readonly Cause[] = ['fire', 'accident', 'disaster'];
const MEDICAL_AID_TIERS: readonly Tier[] = ['tekun', 'dibao', 'edge', 'rigid'];
const EDUCATION_AID_TIERS: readonly Tier[] = ['tekun', 'dibao', 'edge'];

/** The urgent causes of an incident: fire, accident, disaster, and sudden (urgent) illness. */
export function urgentCausesOf(incident: Pick<IncidentFacts, 'causes' | 'urgent'>): Cause[] {
  return incident.causes.filter((c) => EMERGENCY_CAUSES.includes(c) || (c === 'illness' && incident.urgent));
}

/**
 * Where the application is handled, and so whose parameters apply: emergencies where they happened,
 * with no registration limit; everything else where the household is registered (户籍地).
 */
export function handlingJurisdictionOf(incident: Pick<IncidentFacts, 'causes' | 'urgent' | 'jurisdiction'>, registeredJurisdiction: DivisionCode): DivisionCode {
  return urgentCausesOf(incident).length > 0 ? incident.jurisdiction : registeredJurisdiction;
}

export interface RoutingInput {
  causes: Cause[];
  urgent: boolean;
  tier: Tier;
  members: MemberFacts[];
  /** False when the members did not authorise the economic check: only emergency aid is open. */
  economicCheckDone: boolean;
  priorTemporaryAid: PriorTemporaryAid[];
  temporaryAidExceptionGranted: boolean;
  /** Calendar year of the application (for once per cause per year). */
  year: number;
}

export interface DepartmentFinding {
  department: Department;
  routed: boolean;
  reasons: string[];
  ruleIds: string[];
}

const routed = (department: Department, reasons: string[], ruleIds: string[]): DepartmentFinding => ({ department, routed: true, reasons, ruleIds });
const notRouted = (department: Department, reason: string, ruleIds: string[]): DepartmentFinding => ({ department, routed: false, reasons: [reason], ruleIds });

/**
 * Temporary aid for urgent causes; the same person at most once per cause per calendar year unless
 * the county grants an exception.
 */
export function temporaryAidOncePerCausePerYear(input: RoutingInput): DepartmentFinding {
  const urgent = urgentCausesOf(input);
  if (urgent.length === 0) {
    return notRouted('temporary-aid', 'temporary aid: no fire, accident, disaster or sudden (urgent) illness', [ROUTING_RULES.temporaryAidUrgentCause]);
  }
  const ruleIds: string[] = [ROUTING_RULES.temporaryAidUrgentCause, ROUTING_RULES.temporaryAidOncePerCausePerYear];
  const alreadyAided = urgent.filter((c) => input.priorTemporaryAid.some((p) => p.cause === c && p.year === input.year));
  const open = input.temporaryAidExceptionGranted ? urgent : urgent.filter((c) => !alreadyAided.includes(c));
  if (open.length === 0) {
    return notRouted(
      'temporary-aid',
      `temporary aid: already received in ${input.year} for ${alreadyAided.join(', ')}; ` +
        'the same person receives it once per cause per calendar year unless the county grants an exception',
      ruleIds,
    );
  }
  const reasons = [`temporary aid: urgent cause ${open.join(', ')}`];
  if (!input.economicCheckDone) {
    ruleIds.push(ROUTING_RULES.economicCheckMissing);
    reasons.push('emergency aid only: the economic check was not authorised, so small fast aid (小额快救), which needs none');
  }
  if (alreadyAided.length > 0 && input.temporaryAidExceptionGranted) {
    ruleIds.push(ROUTING_RULES.temporaryAidCountyException);
    reasons.push(`county exception: aid again in ${input.year} for ${alreadyAided.join(', ')}`);
  } else if (alreadyAided.length > 0) {
    reasons.push(`not for ${alreadyAided.join(', ')}: already received in ${input.year}`);
  }
  return routed('temporary-aid', reasons, ruleIds);
}

/** Medical aid for illness in a tekun, dibao, edge or rigid-expenditure household. */
export function medicalAidForIllnessInAssistedTier(input: RoutingInput): DepartmentFinding {
  const rule = [ROUTING_RULES.medicalAidIllnessInAssistedTier];
  if (!input.causes.includes('illness')) return notRouted('medical-aid', 'medical aid: no illness or medical costs stated', rule);
  if (!input.economicCheckDone) {
    return notRouted('medical-aid', 'medical aid: needs the household economic check, which was not authorised', [ROUTING_RULES.economicCheckMissing]);
  }
  if (!MEDICAL_AID_TIERS.includes(input.tier)) {
    return notRouted('medical-aid', `medical aid: only for tekun, dibao, edge or rigid-expenditure households; this household's tier is ${input.tier}`, rule);
  }
  return routed('medical-aid', [`medical aid: illness in ${householdOfTier(input.tier)}`], rule);
}

/** Education aid for cause "schooling", or a member in school in a tekun, dibao or edge household. */
export function educationAidForStudents(input: RoutingInput): DepartmentFinding {
  if (!input.economicCheckDone && (input.causes.includes('schooling') || input.members.some((m) => m.schoolStage))) {
    return notRouted('education-aid', 'education aid: needs the household economic check, which was not authorised', [ROUTING_RULES.economicCheckMissing]);
  }
  if (input.causes.includes('schooling')) {
    return routed('education-aid', ['education aid: schooling is a cause of the application'], [ROUTING_RULES.educationAidSchoolingCause]);
  }
  const rule = [ROUTING_RULES.educationAidStudentInAssistedHousehold];
  const students = input.members.filter((m) => m.schoolStage !== null);
  if (students.length === 0) return notRouted('education-aid', 'education aid: no member in school and schooling is not a cause', rule);
  if (!EDUCATION_AID_TIERS.includes(input.tier)) {
    return notRouted('education-aid', `education aid: students are aided in tekun, dibao or edge households; this household's tier is ${input.tier}`, rule);
  }
  return routed(
    'education-aid',
    students.map((m) => `education aid: member ${m.personRef} in ${m.schoolStage} school in ${householdOfTier(input.tier)}`),
    rule,
  );
}

/** Every department's finding, in the contract's department order. */
export function routeApplication(input: RoutingInput): DepartmentFinding[] {
  return [temporaryAidOncePerCausePerYear(input), medicalAidForIllnessInAssistedTier(input), educationAidForStudents(input)];
}
