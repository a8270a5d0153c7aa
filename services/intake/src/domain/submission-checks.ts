import { CAUSES, DISASTER_KINDS, EMPLOYMENT_STATUSES, HOME_DAMAGES } from '@onedoor/contracts';
import { PROGRAMME_ID } from '@onedoor/policy';
import { chinaDateOf, isDivisionCode, isInForce, isIsoDate, isWithin } from '@onedoor/policy';
import type { SubmitApplication } from './commands';
import { handlingJurisdictionOf } from './routing';
import { RuleViolation } from './rule-violation';

type Submission = SubmitApplication['data'];

const nonNegativeInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function fen(value: unknown, field: string): void {
  if (!nonNegativeInteger(value)) throw new RuleViolation('money.integerFen', `${field}: amounts are non-negative integer fen, got ${JSON.stringify(value)}`, field);
}

function count(value: unknown, field: string): void {
  if (!nonNegativeInteger(value)) throw new RuleViolation('input.nonNegativeInteger', `${field}: expected a non-negative integer, got ${JSON.stringify(value)}`, field);
}

function divisionCode(value: unknown, field: string): void {
  if (!isDivisionCode(value)) throw new RuleViolation('jurisdiction.divisionCode', `${field}: not an administrative division code: ${JSON.stringify(value)}`, field);
}

/**
 * What a submission must satisfy before it is assessed. The shell validates the request shape; these
 * are the business rules, checked again here because the decider must not trust its caller.
 */
export function checkSubmission(s: Submission): void {
  if (!nonEmpty(s.applicationId)) throw new RuleViolation('application.idRequired', 'applicationId is required', 'applicationId');
  if (!nonEmpty(s.applicantRef)) throw new RuleViolation('application.applicantRequired', 'applicantRef is required', 'applicantRef');
  if (Number.isNaN(Date.parse(s.now))) throw new RuleViolation('clock.now', `now: not an ISO 8601 date-time: ${JSON.stringify(s.now)}`, 'now');
  const today = chinaDateOf(s.now);

  const { household, incident } = s;
  divisionCode(household.registeredJurisdiction, 'household.registeredJurisdiction');
  if (household.members.length === 0) throw new RuleViolation('household.atLeastOneMember', 'a household has at least one member', 'household.members');
  const refs = new Set<string>();
  household.members.forEach((m, i) => {
    const at = `household.members[${i}]`;
    if (!nonEmpty(m.personRef)) throw new RuleViolation('household.memberRef', `${at}.personRef is required`, `${at}.personRef`);
    if (refs.has(m.personRef)) throw new RuleViolation('household.memberOnce', `${at}: the same person is listed twice`, `${at}.personRef`);
    refs.add(m.personRef);
    if (!nonNegativeInteger(m.ageYears) || m.ageYears > 150) throw new RuleViolation('household.memberAge', `${at}.ageYears: expected 0…150, got ${m.ageYears}`, `${at}.ageYears`);
    fen(m.monthlyIncomeFen, `${at}.monthlyIncomeFen`);
    if (m.employment !== undefined && !EMPLOYMENT_STATUSES.includes(m.employment)) {
      throw new RuleViolation('household.memberEmployment', `${at}.employment: expected one of ${EMPLOYMENT_STATUSES.join(', ')}, got ${JSON.stringify(m.employment)}`, `${at}.employment`);
    }
  });
  if (household.housing) {
    const { tenure, floorAreaM2, dilapidation } = household.housing;
    if (!['owned', 'rented', 'none'].includes(tenure)) throw new RuleViolation('housing.tenure', `household.housing.tenure: expected owned, rented or none, got ${JSON.stringify(tenure)}`, 'household.housing.tenure');
    if (typeof floorAreaM2 !== 'number' || !Number.isFinite(floorAreaM2) || floorAreaM2 < 0) {
      throw new RuleViolation('housing.floorArea', `household.housing.floorAreaM2: expected a non-negative number of square metres, got ${JSON.stringify(floorAreaM2)}`, 'household.housing.floorAreaM2');
    }
    if (dilapidation !== undefined && !['A', 'B', 'C', 'D'].includes(dilapidation)) {
      throw new RuleViolation('housing.dilapidation', `household.housing.dilapidation: expected A, B, C or D, got ${JSON.stringify(dilapidation)}`, 'household.housing.dilapidation');
    }
  }
  fen(household.assets.depositsFen, 'household.assets.depositsFen');
  count(household.assets.vehicles, 'household.assets.vehicles');
  count(household.assets.extraHomes, 'household.assets.extraHomes');
  if (household.annualSpending) {
    fen(household.annualSpending.medicalFen, 'household.annualSpending.medicalFen');
    fen(household.annualSpending.educationFen, 'household.annualSpending.educationFen');
  }

  divisionCode(incident.jurisdiction, 'incident.jurisdiction');
  if (!isIsoDate(incident.occurredOn)) throw new RuleViolation('incident.occurredOn', `incident.occurredOn: not a date: ${JSON.stringify(incident.occurredOn)}`, 'incident.occurredOn');
  if (incident.occurredOn > today) throw new RuleViolation('incident.notInFuture', `incident.occurredOn ${incident.occurredOn} is after today ${today}`, 'incident.occurredOn');
  if (incident.causes.length === 0) throw new RuleViolation('incident.causeRequired', 'at least one cause is required', 'incident.causes');
  const unknown = incident.causes.find((c) => !CAUSES.includes(c));
  if (unknown !== undefined) throw new RuleViolation('incident.knownCause', `incident.causes: unknown cause ${JSON.stringify(unknown)}`, 'incident.causes');
  if (incident.medical) {
    if (!refs.has(incident.medical.patientRef)) {
      throw new RuleViolation('medical.patientIsMember', 'incident.medical.patientRef: the patient must be a member of the household', 'incident.medical.patientRef');
    }
    fen(incident.medical.residualCostFen, 'incident.medical.residualCostFen');
  }
  if (incident.disaster && (!DISASTER_KINDS.includes(incident.disaster.kind) || !HOME_DAMAGES.includes(incident.disaster.homeDamage))) {
    throw new RuleViolation('incident.disaster', `incident.disaster: kind one of ${DISASTER_KINDS.join(', ')}, homeDamage one of ${HOME_DAMAGES.join(', ')}; got ${JSON.stringify(incident.disaster)}`, 'incident.disaster');
  }
  const badRequest = (s.requestedProgrammes ?? []).find((id) => typeof id !== 'string' || !PROGRAMME_ID.test(id));
  if (badRequest !== undefined) throw new RuleViolation('programme.id', `requestedProgrammes: not a programme id: ${JSON.stringify(badRequest)}`, 'requestedProgrammes');
  (s.priorTemporaryAid ?? []).forEach((p, i) => count(p.year, `priorTemporaryAid[${i}].year`));

  const set = s.parameterSet;
  if (!isInForce(set, today)) {
    throw new RuleViolation('policy.parameterSetInForce', `parameter set ${set.id} v${set.version} is not in force on ${today}`, 'parameterSet');
  }
  const handledIn = handlingJurisdictionOf(incident, household.registeredJurisdiction);
  if (!isWithin(handledIn, set.jurisdiction)) {
    throw new RuleViolation(
      'policy.parameterSetJurisdiction',
      `parameter set ${set.id} is for ${set.jurisdiction}, but the application is handled in ${handledIn}`,
      'parameterSet',
    );
  }
}
