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

export type Department = 'temporary-aid' | 'medical-aid' | 'education-aid';
export const DEPARTMENTS: readonly Department[] = ['temporary-aid', 'medical-aid', 'education-aid'];
export type Service = 'intake' | Department | 'funding';
export const SERVICES: readonly Service[] = ['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding'];

export type Tier = 'tekun' | 'dibao' | 'edge' | 'rigid' | 'none';
export type Cause = 'illness' | 'schooling' | 'fire' | 'accident' | 'disaster' | 'unemployment' | 'other';
export const CAUSES: readonly Cause[] = ['illness', 'schooling', 'fire', 'accident', 'disaster', 'unemployment', 'other'];
export type SchoolStage = 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'university';
export type Disability = 'none' | 'grade1' | 'grade2' | 'grade3' | 'grade4';
export type Relation = 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'other';
export type Role = 'applicant' | 'caseworker' | 'officer' | 'finance' | 'auditor' | 'admin';

/** What a decision relied on, so an auditor can re-run it. */
export interface Provenance {
  parameterSetId: string;
  parameterSetVersion: number;
  ruleIds: string[];
}
