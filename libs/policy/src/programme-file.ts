import {
  ALL_DEPARTMENTS, ASSISTANCE_CATEGORIES, CAUSES, EMPLOYMENT_STATUSES, HOME_DAMAGES, isPartnerDepartment, type AnyDepartment, type AssistanceCategory, type Cause,
  type DilapidationGrade, type Disability, type EmploymentStatus, type HomeDamage, type HousingTenure, type SchoolStage, type Tier,
} from '@onedoor/contracts';
import { date, integer, object, onlyKnown, ParameterSetError, show, text, type Json } from './json-fields';
import { isDivisionCode } from './jurisdiction';
import { SCHOOL_STAGES } from './parameter-set';
import {
  amountRulesOf, CATALOGUE_SOURCE_MAX_LENGTH, DECISION_MAX_FEN, HOUSEHOLD_MAX_MEMBERS, isRoutingRule, PROGRAMME_ID, PROGRAMME_ID_MAX_LENGTH, PROGRAMME_MAX_FEN, PROGRAMME_NAME_MAX_LENGTH, ROUTING_FACTS, ROUTING_RULES, type AmountPer, type AmountPeriod, type AmountRule, type AmountTableRow, type AskedBy, type Eligibility, type HousingCondition,
  type MemberCondition, type Programme, type ProgrammeCatalogue, type RoutingFact,
} from './programme';

/** One problem of a catalogue document: the path of the offending value and what is wrong with it. */
export interface CatalogueProblem {
  field: string;
  problem: string;
}

/**
 * A catalogue document that does not hold; `field` is the path of the (first) offending value (e.g.
 * `programmes[3].amount.maxFen`), `problems` every problem found, that one first.
 */
export class ProgrammeCatalogueError extends ParameterSetError {
  readonly problems: readonly CatalogueProblem[];

  constructor(field: string, problem: string, more: readonly CatalogueProblem[] = []) {
    super(field, problem);
    this.problems = [{ field, problem }, ...more];
    if (more.length) this.message = this.problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    this.name = 'ProgrammeCatalogueError';
  }

  /** Throws every problem of `problems` at once (nothing when it is empty). */
  static throwAll(problems: readonly CatalogueProblem[]): void {
    if (problems.length) throw new ProgrammeCatalogueError(problems[0].field, problems[0].problem, problems.slice(1));
  }
}

/**
 * How strictly a programme is read: `new` (a catalogue file, the admin API, the defaults) applies
 * every rule; `stored` (a ProgrammeCataloguePublished already on record) only the rules a catalogue
 * was always published under, so a catalogue recorded before a rule was added stays readable as
 * it was stored.
 */
export type ProgrammeChecks = 'new' | 'stored';

const TIERS: readonly Tier[] = ['tekun', 'dibao', 'edge', 'rigid', 'none'];
const DISABILITIES: readonly Disability[] = ['none', 'grade1', 'grade2', 'grade3', 'grade4'];
const TENURES: readonly HousingTenure[] = ['owned', 'rented', 'none'];
const GRADES: readonly DilapidationGrade[] = ['A', 'B', 'C', 'D'];
const FEN = 'fen';

/** Rethrows a field error of the shared checks as a catalogue error. */
function checked<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ParameterSetError && !(e instanceof ProgrammeCatalogueError)) throw new ProgrammeCatalogueError(e.field, e.problem);
    throw e;
  }
}

/** A non-empty string of at most `max` characters (code points). */
function boundedText(o: Json, key: string, path: string, max: number): string {
  const v = text(o, key, path);
  const length = [...v].length;
  if (length > max) throw new ProgrammeCatalogueError(`${path}.${key}`, `expected at most ${max} characters, got ${length}`);
  return v;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new ProgrammeCatalogueError(path, `expected one of ${allowed.join(', ')}, got ${show(value)}`);
  return value as T;
}

function listOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0) throw new ProgrammeCatalogueError(`${path}.${key}`, `expected a non-empty array, got ${show(v)}`);
  return [...new Set(v.map((x, i) => oneOf(x, `${path}.${key}[${i}]`, allowed)))];
}

function optionalInteger(o: Json, key: string, path: string, unit: string, min = 0, max?: number): number | undefined {
  return o[key] === undefined ? undefined : integer(o, key, path, unit, min, max);
}

function memberCondition(value: unknown, path: string): MemberCondition {
  const o = object(value, path);
  onlyKnown(o, path, ['minAge', 'underAge', 'disabilities', 'schoolStages', 'employment']);
  const c: MemberCondition = {};
  const minAge = optionalInteger(o, 'minAge', path, 'years', 0, 150);
  const underAge = optionalInteger(o, 'underAge', path, 'years', 1, 151);
  if (minAge !== undefined) c.minAge = minAge;
  if (underAge !== undefined) c.underAge = underAge;
  if (minAge !== undefined && underAge !== undefined && underAge <= minAge) throw new ProgrammeCatalogueError(`${path}.underAge`, `must be above minAge ${minAge}, got ${underAge}`);
  const disabilities = listOf(o, 'disabilities', path, DISABILITIES);
  const schoolStages = listOf<SchoolStage>(o, 'schoolStages', path, SCHOOL_STAGES);
  const employment = listOf<EmploymentStatus>(o, 'employment', path, EMPLOYMENT_STATUSES);
  if (disabilities) c.disabilities = disabilities;
  if (schoolStages) c.schoolStages = schoolStages;
  if (employment) c.employment = employment;
  if (Object.keys(c).length === 0) throw new ProgrammeCatalogueError(path, 'a member condition needs at least one part');
  return c;
}

function housingCondition(value: unknown, path: string): HousingCondition {
  const o = object(value, path);
  onlyKnown(o, path, ['tenures', 'floorAreaPerPersonBelowM2', 'dilapidation', 'homeDamage']);
  const c: HousingCondition = {};
  const tenures = listOf(o, 'tenures', path, TENURES);
  const floor = optionalInteger(o, 'floorAreaPerPersonBelowM2', path, 'square metres', 1, 1000);
  const dilapidation = listOf(o, 'dilapidation', path, GRADES);
  const homeDamage = listOf<HomeDamage>(o, 'homeDamage', path, HOME_DAMAGES);
  if (tenures) c.tenures = tenures;
  if (floor !== undefined) c.floorAreaPerPersonBelowM2 = floor;
  if (dilapidation) c.dilapidation = dilapidation;
  if (homeDamage) c.homeDamage = homeDamage;
  if (floor === undefined && !dilapidation && !homeDamage) {
    throw new ProgrammeCatalogueError(path, 'a housing condition names at least one difficulty: floorAreaPerPersonBelowM2, dilapidation or homeDamage');
  }
  return c;
}

function eligibility(value: unknown, path: string): Eligibility {
  const o = object(value, path);
  onlyKnown(o, path, ['rule', 'tiers', 'supportedAtHomeTiers', 'members', 'noMemberEmployed', 'housing', 'disaster']);
  const e: Eligibility = {};
  if (o.rule !== undefined) {
    // An own property of ROUTING_RULES only: `constructor`, `toString` … name no rule.
    if (!isRoutingRule(o.rule)) throw new ProgrammeCatalogueError(`${path}.rule`, `expected one of ${Object.keys(ROUTING_RULES).join(', ')}, got ${show(o.rule)}`);
    e.rule = o.rule;
  }
  const tiers = listOf(o, 'tiers', path, TIERS);
  const atHome = listOf(o, 'supportedAtHomeTiers', path, TIERS);
  if (tiers) e.tiers = tiers;
  if (atHome) {
    const stray = atHome.find((t) => !tiers?.includes(t));
    if (stray) throw new ProgrammeCatalogueError(`${path}.supportedAtHomeTiers`, `${stray} is not one of tiers`);
    e.supportedAtHomeTiers = atHome;
  }
  if (o.members !== undefined) e.members = memberCondition(o.members, `${path}.members`);
  if (o.noMemberEmployed !== undefined) {
    if (o.noMemberEmployed !== true) throw new ProgrammeCatalogueError(`${path}.noMemberEmployed`, `expected true or absent, got ${show(o.noMemberEmployed)}`);
    e.noMemberEmployed = true;
  }
  if (o.housing !== undefined) e.housing = housingCondition(o.housing, `${path}.housing`);
  if (o.disaster !== undefined) {
    const d = object(o.disaster, `${path}.disaster`);
    onlyKnown(d, `${path}.disaster`, ['homeDamage']);
    const homeDamage = listOf<HomeDamage>(d, 'homeDamage', `${path}.disaster`, HOME_DAMAGES);
    if (!homeDamage) throw new ProgrammeCatalogueError(`${path}.disaster.homeDamage`, 'expected a non-empty array, got nothing');
    e.disaster = { homeDamage };
  }
  if (e.rule !== undefined && Object.keys(e).length > 1) throw new ProgrammeCatalogueError(path, 'a programme decided by a rule declares no other condition');
  return e;
}

function askedBy(value: unknown, path: string): AskedBy {
  const o = object(value, path);
  onlyKnown(o, path, ['causes', 'facts']);
  const a: AskedBy = {};
  const causes = listOf<Cause>(o, 'causes', path, CAUSES);
  const facts = listOf<RoutingFact>(o, 'facts', path, ROUTING_FACTS);
  if (causes) a.causes = causes;
  if (facts) a.facts = facts;
  return a;
}

function scaling(o: Json, path: string): { per?: AmountPer; period?: AmountPeriod } {
  const out: { per?: AmountPer; period?: AmountPeriod } = {};
  if (o.per !== undefined) out.per = oneOf(o.per, `${path}.per`, ['household', 'person', 'qualifying_member'] as const);
  if (o.period !== undefined) {
    const p = object(o.period, `${path}.period`);
    onlyKnown(p, `${path}.period`, ['unit', 'count']);
    out.period = { unit: oneOf(p.unit, `${path}.period.unit`, ['month', 'day'] as const), count: integer(p, 'count', `${path}.period`, 'months or days', 1, 3660) };
  }
  return out;
}

function bounds(o: Json, path: string): { minFen: number; maxFen: number } {
  const minFen = integer(o, 'minFen', path, FEN, 0, PROGRAMME_MAX_FEN);
  const maxFen = integer(o, 'maxFen', path, FEN, 0, PROGRAMME_MAX_FEN);
  if (maxFen < minFen) throw new ProgrammeCatalogueError(`${path}.maxFen`, `must not be below minFen ${minFen}, got ${maxFen}`);
  return { minFen, maxFen };
}

function amount(value: unknown, path: string): AmountRule {
  const o = object(value, path);
  const kind = oneOf(o.kind, `${path}.kind`, ['rule', 'bounds', 'table', 'in_kind', 'department_system'] as const);
  switch (kind) {
    case 'rule':
      onlyKnown(o, path, ['kind', 'rule']);
      return { kind, rule: boundedText(o, 'rule', path, PROGRAMME_ID_MAX_LENGTH) };
    case 'bounds':
      onlyKnown(o, path, ['kind', 'minFen', 'maxFen', 'per', 'period']);
      return { kind, ...bounds(o, path), ...scaling(o, path) };
    case 'table': {
      onlyKnown(o, path, ['kind', 'rows', 'per', 'period']);
      if (!Array.isArray(o.rows) || o.rows.length === 0) throw new ProgrammeCatalogueError(`${path}.rows`, `expected a non-empty array of rows, got ${show(o.rows)}`);
      const rows = o.rows.map((r, i): AmountTableRow => {
        const at = `${path}.rows[${i}]`;
        const row = object(r, at);
        onlyKnown(row, at, ['when', 'minFen', 'maxFen']);
        const when = object(row.when, `${at}.when`);
        onlyKnown(when, `${at}.when`, ['dilapidation', 'homeDamage']);
        const w: AmountTableRow['when'] = {};
        if (when.dilapidation !== undefined) w.dilapidation = oneOf(when.dilapidation, `${at}.when.dilapidation`, GRADES);
        if (when.homeDamage !== undefined) w.homeDamage = oneOf<HomeDamage>(when.homeDamage, `${at}.when.homeDamage`, HOME_DAMAGES);
        if (Object.keys(w).length === 0) throw new ProgrammeCatalogueError(`${at}.when`, 'names dilapidation or homeDamage');
        return { when: w, ...bounds(row, at) };
      });
      return { kind, rows, ...scaling(o, path) };
    }
    default:
      onlyKnown(o, path, ['kind']);
      return { kind };
  }
}

/**
 * The amount `amount` may reach for the largest household (HOUSEHOLD_MAX_MEMBERS members, every one
 * qualifying) over its whole term, in fen: a bounds' maxFen, a table's highest row, scaled by `per`
 * and `period.count` as resolveAmount scales them. 0 for amounts not given within bounds.
 */
export function largestAmountFen(amount: AmountRule): number {
  if (amount.kind !== 'bounds' && amount.kind !== 'table') return 0;
  const max = amount.kind === 'bounds' ? amount.maxFen : Math.max(0, ...amount.rows.map((r) => r.maxFen));
  const heads = (amount.per ?? 'household') === 'household' ? 1 : HOUSEHOLD_MAX_MEMBERS;
  return max * heads * (amount.period?.count ?? 1);
}

/** The consistency rules of a programme read field by field: every one that fails, in a fixed order. */
function consistencyProblems(programme: Programme, raw: Json, path: string, checks: ProgrammeChecks): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const fail = (field: string, problem: string) => problems.push({ field: `${path}.${field}`, problem });
  const { id, department, amount } = programme;
  const prefix = id.slice(0, id.indexOf('.'));
  if (department !== prefix) fail('department', `must be ${prefix}, the department its id ${id} names; got ${department}`);
  if (programme.budgetProgramme !== department) {
    fail('budgetProgramme', `must be ${department}: a programme is paid from its own department's budget; got ${programme.budgetProgramme}`);
  }
  const rule = programme.eligibility.rule;
  if (rule !== undefined && isRoutingRule(rule) && ROUTING_RULES[rule] !== department) fail('eligibility.rule', `${rule} decides ${ROUTING_RULES[rule]}, not ${department}`);
  // OneDoor's rule computes the amounts of temporary, medical and education aid (policy-rules §3–§6).
  if (!isPartnerDepartment(department) && amount.kind !== 'rule') fail('amount.kind', `a ${department} programme's amount is set by its rule: expected rule, got ${amount.kind}`);
  // A partner department has no rule to compute an amount; a department deciding by rule (on the
  // department kit, e.g. the dibao allowance) computes it whoever decided the eligibility.
  if (rule === undefined && amount.kind === 'rule' && isPartnerDepartment(department)) fail('amount.kind', 'an amount set by a rule needs eligibility decided by a rule');
  if (checks === 'stored') return problems;
  // Rules added later: a catalogue already on record is read as stored (ProgrammeChecks).
  if (Object.keys(programme.eligibility).length === 0) {
    fail('eligibility', 'a programme must say who it is for: name at least one condition (tiers, members, noMemberEmployed, housing, disaster) or a rule');
  }
  if (amount.kind === 'rule' && !isPartnerDepartment(department) && !amountRulesOf(department).includes(amount.rule)) {
    fail('amount.rule', `${amount.rule} is not an amount rule of ${department}: expected ${amountRulesOf(department).join(', ')}`);
  }
  const largest = largestAmountFen(amount);
  if (largest > DECISION_MAX_FEN) {
    fail('amount', `reaches ${largest} fen for a household of ${HOUSEHOLD_MAX_MEMBERS}, above the ${DECISION_MAX_FEN} fen one decision may grant`);
  }
  if (raw.askedBy === null) fail('askedBy', 'expected an object or absent, got null');
  return problems;
}

/**
 * Checks an untrusted programme (parsed JSON, an API body) and returns it as a typed, fresh copy
 * (amounts in fen). Field by field, then every consistency rule at once (policy-rules §11): a
 * programme's department is its id's prefix and pays it; a rule department's amount is its own
 * amount rule (AMOUNT_RULES); eligibility names at least one condition; a bounds or table amount
 * scaled to the largest household (HOUSEHOLD_MAX_MEMBERS) stays within DECISION_MAX_FEN; no field is
 * null. `checks: 'stored'` reads a catalogue already on record (ProgrammeChecks).
 * @throws ProgrammeCatalogueError naming the field, or every consistency problem found.
 */
export function validateProgramme(value: unknown, path = 'programme', checks: ProgrammeChecks = 'new'): Programme {
  return checked(() => {
    const o = object(value, path);
    onlyKnown(o, path, ['id', 'department', 'category', 'name', 'eligibility', 'askedBy', 'amount', 'decisionWorkingDays', 'budgetProgramme']);
    const id = boundedText(o, 'id', path, PROGRAMME_ID_MAX_LENGTH);
    if (!PROGRAMME_ID.test(id)) throw new ProgrammeCatalogueError(`${path}.id`, `expected lower-case words like housing-aid.rental-subsidy, got ${show(id)}`);
    const name = object(o.name, `${path}.name`);
    onlyKnown(name, `${path}.name`, ['zh', 'en']);
    const programme: Programme = {
      id,
      department: oneOf<AnyDepartment>(o.department, `${path}.department`, ALL_DEPARTMENTS),
      category: oneOf<AssistanceCategory>(o.category, `${path}.category`, ASSISTANCE_CATEGORIES),
      name: { zh: boundedText(name, 'zh', `${path}.name`, PROGRAMME_NAME_MAX_LENGTH), en: boundedText(name, 'en', `${path}.name`, PROGRAMME_NAME_MAX_LENGTH) },
      eligibility: eligibility(o.eligibility, `${path}.eligibility`),
      askedBy: askedBy(o.askedBy === undefined || o.askedBy === null ? {} : o.askedBy, `${path}.askedBy`),
      amount: amount(o.amount, `${path}.amount`),
      decisionWorkingDays: integer(o, 'decisionWorkingDays', path, 'working days', 1, 366),
      budgetProgramme: oneOf<AnyDepartment>(o.budgetProgramme, `${path}.budgetProgramme`, ALL_DEPARTMENTS),
    };
    ProgrammeCatalogueError.throwAll(consistencyProblems(programme, o, path, checks));
    return programme;
  });
}

/**
 * Checks an untrusted catalogue and returns it as a typed, fresh copy; programme ids are unique
 * within it. Every programme's problems are reported at once (ProgrammeCatalogueError.problems).
 * `checks: 'stored'` reads a catalogue already on record (ProgrammeChecks).
 */
export function validateProgrammeCatalogue(value: unknown, path = 'catalogue', checks: ProgrammeChecks = 'new'): ProgrammeCatalogue {
  return checked(() => {
    const o = object(value, path);
    onlyKnown(o, path, ['id', 'version', 'jurisdiction', 'validFrom', 'validTo', 'source', 'programmes']);
    if (!isDivisionCode(o.jurisdiction)) throw new ProgrammeCatalogueError(`${path}.jurisdiction`, `expected a division code of 6, 9 or 12 digits, got ${show(o.jurisdiction)}`);
    if (!Array.isArray(o.programmes)) throw new ProgrammeCatalogueError(`${path}.programmes`, `expected an array of programmes, got ${show(o.programmes)}`);
    const problems: CatalogueProblem[] = [];
    const programmes = o.programmes.flatMap((p, i) => {
      try {
        return [validateProgramme(p, `${path}.programmes[${i}]`, checks)];
      } catch (e) {
        if (!(e instanceof ProgrammeCatalogueError)) throw e;
        problems.push(...e.problems);
        return [];
      }
    });
    const catalogue: ProgrammeCatalogue = {
      id: boundedText(o, 'id', path, PROGRAMME_ID_MAX_LENGTH),
      version: integer(o, 'version', path, 'version number', 1),
      jurisdiction: o.jurisdiction,
      validFrom: date(o, 'validFrom', path),
      programmes,
    };
    if (o.validTo !== undefined) {
      catalogue.validTo = date(o, 'validTo', path);
      if (catalogue.validTo < catalogue.validFrom) throw new ProgrammeCatalogueError(`${path}.validTo`, `ends before validFrom ${catalogue.validFrom}: ${catalogue.validTo}`);
    }
    if (o.source !== undefined) catalogue.source = boundedText(o, 'source', path, CATALOGUE_SOURCE_MAX_LENGTH);
    const seen = new Set<string>();
    o.programmes.forEach((p, i) => {
      const id = (p as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      if (seen.has(id)) problems.push({ field: `${path}.programmes[${i}].id`, problem: `programme ${id} is listed twice` });
      seen.add(id);
    });
    ProgrammeCatalogueError.throwAll(problems);
    return catalogue;
  });
}

/**
 * The catalogues of a catalogue file: `{ "catalogues": [ … ] }` or a bare array. Parsing the text
 * is included; reading the file is the caller's business. Every rule applies (checks `new`).
 * @throws ProgrammeCatalogueError with every problem of every catalogue.
 */
export function parseCatalogueFile(textOfFile: string): ProgrammeCatalogue[] {
  let json: unknown;
  try {
    json = JSON.parse(textOfFile);
  } catch (e) {
    throw new ProgrammeCatalogueError('(document)', `not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(json) ? json : checked(() => object(json, '(document)')).catalogues;
  if (!Array.isArray(list)) throw new ProgrammeCatalogueError('catalogues', `expected an array of catalogues, got ${show(list)}`);
  if (!Array.isArray(json)) checked(() => onlyKnown(json as Json, '(document)', ['catalogues']));
  const root = Array.isArray(json) ? '' : 'catalogues';
  const problems: CatalogueProblem[] = [];
  const catalogues = list.flatMap((item, i) => {
    try {
      return [validateProgrammeCatalogue(item, `${root}[${i}]`)];
    } catch (e) {
      if (!(e instanceof ProgrammeCatalogueError)) throw e;
      problems.push(...e.problems);
      return [];
    }
  });
  ProgrammeCatalogueError.throwAll(problems);
  return catalogues;
}
