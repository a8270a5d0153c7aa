/**
 * Integer fen (1 yuan = 100 fen).
 * @asType integer
 */
export type Fen = number;
/** ISO 8601 date (YYYY-MM-DD) or date-time. */
export type IsoDate = string;
/** Chinese administrative division code: 6 digits county, 9 township, 12 village. */
export type DivisionCode = string;
/** Keyed HMAC of an ID number: stable per person, meaningless without the key. */
export type PersonRef = string;
export type HouseholdRef = string;

import type { Department, PartnerDepartment } from './services';
export type { Department, PartnerDepartment, Service } from './services';
import { DEPARTMENTS, PARTNER_DEPARTMENTS } from './services';

/** Any department a programme of the catalogue can name. */
export type AnyDepartment = Department | PartnerDepartment;
export const ALL_DEPARTMENTS: readonly AnyDepartment[] = [...DEPARTMENTS, ...PARTNER_DEPARTMENTS];
export const isPartnerDepartment = (d: string): d is PartnerDepartment => (PARTNER_DEPARTMENTS as readonly string[]).includes(d);

export type Tier = 'tekun' | 'dibao' | 'edge' | 'rigid' | 'none';
export type Cause = 'illness' | 'schooling' | 'fire' | 'accident' | 'disaster' | 'unemployment' | 'other';
export const CAUSES: readonly Cause[] = ['illness', 'schooling', 'fire', 'accident', 'disaster', 'unemployment', 'other'];
export type SchoolStage = 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'university';
export type Disability = 'none' | 'grade1' | 'grade2' | 'grade3' | 'grade4';
export type Relation = 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'other';

/**
 * The eight categories of the Interim Measures on Social Assistance (社会救助暂行办法): minimum living
 * allowance (低保), extreme-poverty support (特困供养), disaster-victim aid (受灾人员救助), medical,
 * education, housing and employment aid, and temporary aid (临时救助).
 */
export type AssistanceCategory = 'dibao' | 'tekun' | 'disaster' | 'medical' | 'education' | 'housing' | 'employment' | 'temporary';
export const ASSISTANCE_CATEGORIES: readonly AssistanceCategory[] = ['dibao', 'tekun', 'disaster', 'medical', 'education', 'housing', 'employment', 'temporary'];

/** Whose home the household lives in (policy-rules §11, housing aid). */
export type HousingTenure = 'owned' | 'rented' | 'none';
/** Rural housing safety rating: C needs repair, D rebuilding (农村危房 C/D 级). */
export type DilapidationGrade = 'A' | 'B' | 'C' | 'D';
/** The household's housing situation, the routing facts of housing aid (policy-rules §11). */
export interface HousingFacts {
  tenure: HousingTenure;
  /** Living floor area of the whole household, square metres (≥ 0). */
  floorAreaM2: number;
  /** Rating of the household's own rural home, when it was rated. */
  dilapidation?: DilapidationGrade;
}

/** A member's work situation, the routing fact of employment aid (policy-rules §11). */
export type EmploymentStatus = 'employed' | 'registered_unemployed' | 'unable_to_work' | 'not_in_labour_force';
export const EMPLOYMENT_STATUSES: readonly EmploymentStatus[] = ['employed', 'registered_unemployed', 'unable_to_work', 'not_in_labour_force'];

export type DisasterKind = 'flood' | 'earthquake' | 'typhoon' | 'landslide' | 'drought' | 'snowstorm' | 'other';
export const DISASTER_KINDS: readonly DisasterKind[] = ['flood', 'earthquake', 'typhoon', 'landslide', 'drought', 'snowstorm', 'other'];
/** Damage to the household's home; `collapsed` and `badly_damaged` open transitional living aid. */
export type HomeDamage = 'none' | 'damaged' | 'badly_damaged' | 'collapsed';
export const HOME_DAMAGES: readonly HomeDamage[] = ['none', 'damaged', 'badly_damaged', 'collapsed'];
/** A natural disaster that hit the household, the routing facts of disaster-victim aid (policy-rules §11). */
export interface DisasterFacts {
  kind: DisasterKind;
  homeDamage: HomeDamage;
}

/**
 * How a programme's amount is set (policy-rules §11): by a department service's rule (`rule`), within
 * bounds an officer or the department's system decides in (`bounds`, fen), in kind with no cash
 * (`in_kind`: a public rental home, a public-welfare job), or wholly by the department's own system
 * (`department_system`).
 */
export type ProgrammeAmount =
  | { kind: 'rule' }
  | { kind: 'bounds'; minFen: Fen; maxFen: Fen }
  | { kind: 'in_kind' }
  | { kind: 'department_system' };

/**
 * A programme of the catalogue that the application qualified for, as routed to its department:
 * the amount bounds for this household (fen, already scaled by household size and period), the
 * decision deadline and the budget programme funding pays it from.
 */
export interface RoutedProgramme {
  programmeId: string;
  category: AssistanceCategory;
  amount: ProgrammeAmount;
  /** Working days the department has to decide (policy-rules §8). */
  decisionWorkingDays: number;
  /** The budget programme funding charges when OneDoor pays. */
  budgetProgramme: AnyDepartment;
  reasons: string[];
  ruleIds: string[];
}
export type Role = 'applicant' | 'caseworker' | 'officer' | 'finance' | 'auditor' | 'admin';

/** What a decision relied on, so an auditor can re-run it. */
export interface Provenance {
  parameterSetId: string;
  parameterSetVersion: number;
  ruleIds: string[];
}
