import { ALL_DEPARTMENTS, isPartnerDepartment } from '@onedoor/contracts';
import type {
  AnyDepartment, AssistanceCategory, Cause, Department, DilapidationGrade, Disability, DivisionCode, EmploymentStatus, Fen, HomeDamage, HousingTenure, IsoDate,
  SchoolStage, Tier,
} from '@onedoor/contracts';

/**
 * A condition on one member; a programme's `members` condition holds when at least one member meets
 * every part of it. Ages in whole years: `minAge` included, `underAge` excluded (16 to under 60).
 */
export interface MemberCondition {
  minAge?: number;
  underAge?: number;
  disabilities?: Disability[];
  schoolStages?: SchoolStage[];
  employment?: EmploymentStatus[];
}

/**
 * A housing difficulty (policy-rules §11): the household's tenure must be one of `tenures` when it
 * stated its housing, and at least one of the difficulties configured must hold — floor area per
 * person (m²) below the line, the home rated one of the dilapidation grades, or a disaster that left
 * the home in one of the damage states.
 */
export interface HousingCondition {
  tenures?: HousingTenure[];
  floorAreaPerPersonBelowM2?: number;
  dilapidation?: DilapidationGrade[];
  homeDamage?: HomeDamage[];
}

/**
 * Who a programme is for, as data. Every part that is present must hold. `rule` names a rule a
 * department service runs (intake's routing rules for temporary, medical and education aid): the
 * finding of that rule decides, the other parts are not read.
 */
export interface Eligibility {
  rule?: string;
  /** The household's tier must be one of these (and the economic check done). */
  tiers?: Tier[];
  /** Of `tiers`, those that count only for persons supported at home (分散供养), e.g. tekun for housing aid. */
  supportedAtHomeTiers?: Tier[];
  members?: MemberCondition;
  /** No member works (零就业家庭). */
  noMemberEmployed?: boolean;
  housing?: HousingCondition;
  /** A natural disaster left the home in one of these states. */
  disaster?: { homeDamage: HomeDamage[] };
}

/** The facts an application states that a programme routes on. */
export type RoutingFact = 'housing' | 'employment' | 'disaster';
export const ROUTING_FACTS: readonly RoutingFact[] = ['housing', 'employment', 'disaster'];

/**
 * When an application asks for a programme: one of `causes` is a cause of the application, or it
 * states one of `facts` (its housing, a member's employment, a disaster) — or it lists the programme
 * in `requestedProgrammes`. Programmes decided by a `rule` are asked for as that rule says. A
 * programme the household qualifies for without asking is an offer in its policy package.
 */
export interface AskedBy {
  causes?: Cause[];
  facts?: RoutingFact[];
}

/** Who the amount is counted for: the household once, each member, or each member meeting `members`. */
export type AmountPer = 'household' | 'person' | 'qualifying_member';
/** A per-period amount over a term: e.g. 20 yuan a day for 90 days, 300 yuan a month for 12 months. */
export interface AmountPeriod {
  unit: 'month' | 'day';
  count: number;
}

/** One row of an amount table: the bounds when the household's home matches `when` (fen). */
export interface AmountTableRow {
  when: { dilapidation?: DilapidationGrade; homeDamage?: HomeDamage };
  minFen: Fen;
  maxFen: Fen;
}

/**
 * How a programme's amount is set (policy-rules §11):
 * - `rule`: a rule of a department service computes it (temporary, medical, education aid);
 * - `bounds`: an officer or the department's system decides within `minFen`…`maxFen` (fen), scaled
 *   by `per` and `period`;
 * - `table`: bounds from the row matching the home (the highest matching row), scaled the same way;
 * - `in_kind`: a service, no cash (a public rental home, a public-welfare job);
 * - `department_system`: wholly the department's own system.
 */
export type AmountRule =
  | { kind: 'rule'; rule: string }
  | { kind: 'bounds'; minFen: Fen; maxFen: Fen; per?: AmountPer; period?: AmountPeriod }
  | { kind: 'table'; rows: AmountTableRow[]; per?: AmountPer; period?: AmountPeriod }
  | { kind: 'in_kind' }
  | { kind: 'department_system' };

/**
 * One programme of the catalogue (e.g. `housing-aid.rental-subsidy`): the department that runs it,
 * its category among the eight, its name, who it is for, when an application asks for it, how its
 * amount is set, the decision deadline (working days, policy-rules §8) and the budget programme
 * funding pays it from. One department may run several.
 */
export interface Programme {
  id: string;
  department: AnyDepartment;
  category: AssistanceCategory;
  name: { zh: string; en: string };
  eligibility: Eligibility;
  askedBy: AskedBy;
  amount: AmountRule;
  decisionWorkingDays: number;
  budgetProgramme: AnyDepartment;
}

/**
 * The programmes of a jurisdiction for a validity period, looked up like parameter sets: the most
 * specific level with a catalogue in force, there the one that started last; within one id the
 * highest version wins. `validTo` is inclusive, open-ended when absent.
 */
export interface ProgrammeCatalogue {
  id: string;
  version: number;
  jurisdiction: DivisionCode;
  validFrom: IsoDate;
  validTo?: IsoDate;
  source?: string;
  programmes: Programme[];
}

/** Whether the catalogue is in force on a (China local) date. */
export function isCatalogueInForce(c: ProgrammeCatalogue, onDate: IsoDate): boolean {
  return c.validFrom <= onDate && (c.validTo === undefined || onDate <= c.validTo);
}

/** Programme ids: lower-case words joined by '-', a department prefix and a dot, e.g. `housing-aid.rental-subsidy`. */
export const PROGRAMME_ID = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/**
 * The routing rules a programme may name as its eligibility (`eligibility.rule`): intake's rules for
 * the three departments OneDoor decides by rule (policy-rules §3), each with the department it
 * decides. Any other name, `constructor` or `toString` included, is refused when a catalogue is read.
 */
export const ROUTING_RULES = {
  temporaryAidOncePerCausePerYear: 'temporary-aid',
  medicalAidForIllnessInAssistedTier: 'medical-aid',
  educationAidForStudents: 'education-aid',
} as const satisfies Record<string, Department>;
export type RoutingRuleName = keyof typeof ROUTING_RULES;

/** Whether `name` is one of ROUTING_RULES (an own property: never a member every object has). */
export const isRoutingRule = (name: unknown): name is RoutingRuleName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(ROUTING_RULES, name);

/**
 * The amount rules a programme may name as `amount.rule` (`{ kind: 'rule', rule }`), each with the
 * one department whose service computes it (policy-rules §4–§6): temporary aid's amount
 * (§4), medical aid's residual-cost share (§5), education aid's per-stage amount (§6). Any other
 * name, or a rule of another department, is refused when a catalogue entry is written.
 */
export const AMOUNT_RULES = {
  temporaryAid: 'temporary-aid',
  medicalAid: 'medical-aid',
  educationAid: 'education-aid',
} as const satisfies Record<string, Department>;
export type AmountRuleName = keyof typeof AMOUNT_RULES;

/** Whether `name` is one of AMOUNT_RULES (an own property: never a member every object has). */
export const isAmountRule = (name: unknown): name is AmountRuleName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(AMOUNT_RULES, name);

/**
 * The amount rules of `department`: its AMOUNT_RULES; for any other department deciding by rule (a
 * service on the department kit, e.g. the dibao allowance), its one rule, named by its id; none for
 * a partner department, whose amounts are decided within bounds.
 */
export const amountRulesOf = (department: string): string[] => {
  if (isPartnerDepartment(department) || !(ALL_DEPARTMENTS as readonly string[]).includes(department)) return [];
  const named = (Object.keys(AMOUNT_RULES) as AmountRuleName[]).filter((r) => AMOUNT_RULES[r] === department);
  return named.length ? named : [department];
};

/**
 * The largest amount one decision may grant, in fen (1,000,000 yuan): the partner desk refuses a
 * grant above it (policy-rules §11), so a programme's bounds scaled to the largest household must
 * stay within it.
 */
export const DECISION_MAX_FEN = 100_000_000;

/** The most members a household of an application may list. */
export const HOUSEHOLD_MAX_MEMBERS = 30;

/** The highest amount bound a programme may state: 10,000,000 yuan, in fen (a bound per person, day or month too). */
export const PROGRAMME_MAX_FEN = 1_000_000_000;
/** Longest programme name, in each language (characters). */
export const PROGRAMME_NAME_MAX_LENGTH = 100;
/** Longest programme id, amount rule name and catalogue id (characters). */
export const PROGRAMME_ID_MAX_LENGTH = 100;
/** Longest catalogue `source` (characters). */
export const CATALOGUE_SOURCE_MAX_LENGTH = 500;
