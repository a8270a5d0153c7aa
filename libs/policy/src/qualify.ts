import type { AnyDepartment, AssistanceCategory, ProgrammeAmount } from '@onedoor/contracts';
import { resolveAmount } from './programme-amount';
import { memberMeets, type ProgrammeFacts, type RuleFinding } from './programme-facts';
import type { Eligibility, HousingCondition, MemberCondition, Programme, RoutingFact } from './programme';

/** Whether a household qualifies for a programme, why (sentences that read as rules), and its amount for them. */
export interface Qualification {
  programmeId: string;
  department: AnyDepartment;
  category: AssistanceCategory;
  qualifies: boolean;
  reasons: string[];
  ruleIds: string[];
  /** Resolved for this household: bounds in fen scaled by its size and the programme's term. */
  amount: ProgrammeAmount;
}

/** Rule ids of the catalogue's declarative conditions (policy-rules §11), recorded in provenance. */
export const PROGRAMME_RULES = {
  tier: 'programme.tierEligible',
  supportedAtHome: 'programme.supportedAtHome',
  member: 'programme.memberEligible',
  noMemberEmployed: 'programme.noMemberEmployed',
  housing: 'programme.housingDifficulty',
  disaster: 'programme.disasterHomeDamage',
  economicCheckMissing: 'consent.economicCheckMissing.emergencyOnly',
  ruleNotRun: 'programme.ruleNotRun',
} as const;

interface Check {
  ok: boolean;
  reason: string;
  ruleId: string;
}

const words = (s: string) => s.replace(/_/g, ' ');
const either = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function tierCheck(e: Eligibility, f: ProgrammeFacts): Check[] {
  if (!e.tiers) return [];
  if (!f.economicCheckDone) return [{ ok: false, reason: 'needs the household economic check, which was not authorised', ruleId: PROGRAMME_RULES.economicCheckMissing }];
  if (!e.tiers.includes(f.tier)) {
    return [{ ok: false, reason: `only for ${either(e.tiers)} households; this household's tier is ${f.tier}`, ruleId: PROGRAMME_RULES.tier }];
  }
  if (e.supportedAtHomeTiers?.includes(f.tier)) {
    return f.supportedAtHome
      ? [{ ok: true, reason: `a ${f.tier} person supported at home (分散供养)`, ruleId: PROGRAMME_RULES.supportedAtHome }]
      : [{ ok: false, reason: `${f.tier} persons qualify only when supported at home (分散供养), not in an institution`, ruleId: PROGRAMME_RULES.supportedAtHome }];
  }
  return [{ ok: true, reason: `a ${f.tier} household`, ruleId: PROGRAMME_RULES.tier }];
}

/** "aged 16 to under 60, registered unemployed" */
export function describeMemberCondition(c: MemberCondition): string {
  const parts: string[] = [];
  if (c.minAge !== undefined && c.underAge !== undefined) parts.push(`aged ${c.minAge} to under ${c.underAge}`);
  else if (c.minAge !== undefined) parts.push(`aged ${c.minAge} or over`);
  else if (c.underAge !== undefined) parts.push(`aged under ${c.underAge}`);
  if (c.disabilities) parts.push(`with disability ${either(c.disabilities)}`);
  if (c.schoolStages) parts.push(`in ${either(c.schoolStages)} school`);
  if (c.employment) parts.push(either(c.employment.map(words)));
  return parts.join(', ');
}

function memberCheck(e: Eligibility, f: ProgrammeFacts): Check[] {
  if (!e.members) return [];
  const what = describeMemberCondition(e.members);
  if (e.members.employment && !f.members.some((m) => m.employment !== undefined)) {
    return [{ ok: false, reason: `needs a member ${what}; the members' employment is not stated`, ruleId: PROGRAMME_RULES.member }];
  }
  const n = f.members.filter((m) => memberMeets(m, e.members as MemberCondition)).length;
  return n > 0
    ? [{ ok: true, reason: `${n === 1 ? 'a member' : plural(n, 'member')} ${what}`, ruleId: PROGRAMME_RULES.member }]
    : [{ ok: false, reason: `no member ${what}`, ruleId: PROGRAMME_RULES.member }];
}

function noMemberEmployedCheck(e: Eligibility, f: ProgrammeFacts): Check[] {
  if (!e.noMemberEmployed) return [];
  const ruleId = PROGRAMME_RULES.noMemberEmployed;
  if (!f.members.some((m) => m.employment !== undefined)) return [{ ok: false, reason: "for households in which no member works; the members' employment is not stated", ruleId }];
  return f.members.some((m) => m.employment === 'employed')
    ? [{ ok: false, reason: 'for households in which no member works (零就业家庭); a member of this household works', ruleId }]
    : [{ ok: true, reason: 'no member of the household works (零就业家庭)', ruleId }];
}

/** The housing difficulties that hold for the household, as reasons; [] when none. */
function housingDifficulties(c: HousingCondition, f: ProgrammeFacts): string[] {
  const found: string[] = [];
  const n = f.members.length;
  if (c.floorAreaPerPersonBelowM2 !== undefined && f.housing && f.housing.floorAreaM2 < c.floorAreaPerPersonBelowM2 * n) {
    const perPerson = Math.floor((f.housing.floorAreaM2 * 10) / n) / 10;
    found.push(`living floor area ${perPerson} m² per person below the line of ${c.floorAreaPerPersonBelowM2} m²`);
  }
  if (c.dilapidation && f.housing?.dilapidation && c.dilapidation.includes(f.housing.dilapidation)) {
    found.push(`the home is rated dilapidated grade ${f.housing.dilapidation}`);
  }
  if (c.homeDamage && f.disaster && c.homeDamage.includes(f.disaster.homeDamage)) {
    found.push(`a ${f.disaster.kind} left the home ${words(f.disaster.homeDamage)}`);
  }
  return found;
}

function describeDifficulty(c: HousingCondition): string {
  const parts: string[] = [];
  if (c.floorAreaPerPersonBelowM2 !== undefined) parts.push(`living floor area per person below ${c.floorAreaPerPersonBelowM2} m²`);
  if (c.dilapidation) parts.push(`a home rated dilapidated grade ${either(c.dilapidation)}`);
  if (c.homeDamage) parts.push(`a home ${either(c.homeDamage.map(words))} by a disaster`);
  return either(parts);
}

function housingCheck(e: Eligibility, f: ProgrammeFacts): Check[] {
  const c = e.housing;
  if (!c) return [];
  const ruleId = PROGRAMME_RULES.housing;
  if (c.tenures && f.housing && !c.tenures.includes(f.housing.tenure)) {
    return [{ ok: false, reason: `for households whose home is ${either(c.tenures.map((t) => (t === 'none' ? 'none of their own' : t)))}; this household's is ${f.housing.tenure === 'none' ? 'none' : f.housing.tenure}`, ruleId }];
  }
  const found = housingDifficulties(c, f);
  if (found.length > 0) return [{ ok: true, reason: found.join('; '), ruleId }];
  if (!f.housing && !f.disaster) return [{ ok: false, reason: `needs a housing difficulty (${describeDifficulty(c)}); the housing situation is not stated`, ruleId }];
  return [{ ok: false, reason: `no housing difficulty: needs ${describeDifficulty(c)}`, ruleId }];
}

function disasterCheck(e: Eligibility, f: ProgrammeFacts): Check[] {
  if (!e.disaster) return [];
  const ruleId = PROGRAMME_RULES.disaster;
  if (!f.disaster) return [{ ok: false, reason: 'for households hit by a natural disaster; none is stated', ruleId }];
  const damage = words(f.disaster.homeDamage);
  return e.disaster.homeDamage.includes(f.disaster.homeDamage)
    ? [{ ok: true, reason: `a ${f.disaster.kind} left the home ${damage}`, ruleId }]
    : [{ ok: false, reason: `for homes ${either(e.disaster.homeDamage.map(words))} by the disaster; this home: ${damage}`, ruleId }];
}

const isFinding = (f: unknown): f is RuleFinding =>
  typeof f === 'object' && f !== null && typeof (f as RuleFinding).qualifies === 'boolean' && Array.isArray((f as RuleFinding).reasons) && Array.isArray((f as RuleFinding).ruleIds);

/**
 * Whether the household qualifies for the programme (policy-rules §11), with the reasons and rule
 * ids, and the programme's amount resolved for the household (fen). Every condition the programme
 * declares must hold; the reasons are those of the conditions that hold when it qualifies, else of
 * those that fail, each prefixed with the programme's English name. A programme decided by a `rule`
 * takes that rule's finding from `facts.ruleFindings` (not qualified when the rule was not run).
 * Pure.
 */
export function qualify(programme: Programme, facts: ProgrammeFacts): Qualification {
  const base = { programmeId: programme.id, department: programme.department, category: programme.category, amount: resolveAmount(programme, facts) };
  const e = programme.eligibility;
  if (e.rule !== undefined) {
    // Own findings only: a rule named like a member of every object (`constructor`) was not run.
    const findings = facts.ruleFindings;
    const finding = findings && Object.prototype.hasOwnProperty.call(findings, e.rule) ? findings[e.rule] : undefined;
    if (!isFinding(finding)) return { ...base, qualifies: false, reasons: [`${programme.name.en}: decided by rule ${String(e.rule)}, which was not run`], ruleIds: [PROGRAMME_RULES.ruleNotRun] };
    return { ...base, qualifies: finding.qualifies, reasons: [...finding.reasons], ruleIds: [...finding.ruleIds] };
  }
  const checks = [...tierCheck(e, facts), ...memberCheck(e, facts), ...noMemberEmployedCheck(e, facts), ...housingCheck(e, facts), ...disasterCheck(e, facts)];
  const qualifies = checks.every((c) => c.ok);
  const shown = qualifies ? checks : checks.filter((c) => !c.ok);
  return {
    ...base,
    qualifies,
    reasons: shown.length ? [`${programme.name.en}: ${shown.map((c) => c.reason).join('; ')}`] : [`${programme.name.en}: open to every household`],
    ruleIds: [...new Set(checks.map((c) => c.ruleId))],
  };
}

/** Whether the application asks for the programme, and whether it stated the facts the programme routes on. */
export interface Asking {
  asked: boolean;
  /** The application stated the facts the programme's eligibility reads, or requested it: a refusal is worth telling. */
  stated: boolean;
}

/** The routing facts a programme's eligibility reads: its housing, a member's employment, a disaster. */
export function factsRead(e: Eligibility): RoutingFact[] {
  const read = new Set<RoutingFact>();
  if (e.housing) read.add('housing');
  if (e.housing?.homeDamage || e.disaster) read.add('disaster');
  if (e.members?.employment || e.noMemberEmployed) read.add('employment');
  return [...read];
}

const isStated = (fact: RoutingFact, facts: ProgrammeFacts) =>
  fact === 'housing' ? facts.housing !== undefined : fact === 'disaster' ? facts.disaster !== undefined : facts.members.some((m) => m.employment !== undefined);

/**
 * Whether an application asks for a programme (see AskedBy): it requested it by id, a cause of the
 * application answers it, or it states a fact that asks for it (a housing situation asks for
 * housing aid). A programme it qualifies for but did not ask for is an offer for the caseworker.
 * `stated`: it gave the facts the programme reads (factsRead) or requested it. Programmes decided
 * by a rule are asked for as their rule says (always asked here). Pure.
 */
export function asksFor(programme: Programme, facts: ProgrammeFacts): Asking {
  if (programme.eligibility.rule !== undefined) return { asked: true, stated: true };
  const requested = facts.requestedProgrammes?.includes(programme.id) ?? false;
  const askingFact = (programme.askedBy.facts ?? []).some((k) => isStated(k, facts));
  const byCause = (programme.askedBy.causes ?? []).some((c) => facts.causes.includes(c));
  return { asked: requested || askingFact || byCause, stated: requested || factsRead(programme.eligibility).some((k) => isStated(k, facts)) };
}
