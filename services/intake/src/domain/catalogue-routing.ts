import { ALL_DEPARTMENTS, type AnyDepartment, type DisasterFacts, type HousingFacts, type RoutedProgramme } from '@onedoor/contracts';
import { asksFor, PROGRAMME_RULES, qualify, type Programme, type ProgrammeCatalogue, type ProgrammeFacts, type Qualification, type RoutingRuleName, type RuleFinding } from '@onedoor/policy';
import { educationAidForStudents, medicalAidForIllnessInAssistedTier, temporaryAidOncePerCausePerYear, type DepartmentFinding, type RoutingInput } from './routing';

/**
 * The rules of intake that catalogue programmes may name as their eligibility (`eligibility.rule`),
 * by their function names: the three departments OneDoor decides by rule (policy-rules §3).
 */
export const NAMED_ROUTING_RULES: Readonly<Record<RoutingRuleName, (input: RoutingInput) => DepartmentFinding>> = {
  temporaryAidOncePerCausePerYear,
  medicalAidForIllnessInAssistedTier,
  educationAidForStudents,
};

/** What routing by the catalogue reads beyond RoutingInput: the partner programmes' facts (policy-rules §11). */
export interface CatalogueRoutingInput extends RoutingInput {
  housing?: HousingFacts;
  supportedAtHome?: boolean;
  disaster?: DisasterFacts;
  requestedProgrammes?: readonly string[];
}

/**
 * One programme of the catalogue as assessed for the application: whether it qualifies (reasons,
 * rule ids, the amount for the household in fen), whether the application asked for it, whether it
 * stated the facts the programme routes on, and whether it was routed (qualifies and asked).
 */
export interface ProgrammeAssessment extends Qualification {
  name: { zh: string; en: string };
  asked: boolean;
  stated: boolean;
  routed: boolean;
  decisionWorkingDays: number;
  budgetProgramme: AnyDepartment;
}

/** A department's finding with the programmes routed to it. */
export interface CatalogueFinding extends Omit<DepartmentFinding, 'department'> {
  department: AnyDepartment;
  programmes: RoutedProgramme[];
}

export interface CatalogueRouting {
  findings: CatalogueFinding[];
  /** Every programme of the catalogue, in catalogue order. */
  programmes: ProgrammeAssessment[];
}

function factsOf(input: CatalogueRoutingInput): ProgrammeFacts {
  const ruleFindings: Record<string, RuleFinding> = {};
  for (const [name, rule] of Object.entries(NAMED_ROUTING_RULES)) {
    const f = rule(input);
    ruleFindings[name] = { qualifies: f.routed, reasons: f.reasons, ruleIds: f.ruleIds };
  }
  return {
    tier: input.tier,
    economicCheckDone: input.economicCheckDone,
    causes: input.causes,
    members: input.members,
    ...(input.housing ? { housing: input.housing } : {}),
    ...(input.supportedAtHome !== undefined ? { supportedAtHome: input.supportedAtHome } : {}),
    ...(input.disaster ? { disaster: input.disaster } : {}),
    ...(input.requestedProgrammes ? { requestedProgrammes: input.requestedProgrammes } : {}),
    ruleFindings,
  };
}

const isNamedRule = (rule: string): boolean => Object.prototype.hasOwnProperty.call(NAMED_ROUTING_RULES, rule);

/**
 * The programmes of the catalogue that routing cannot evaluate, with why: a rule that is not one of
 * NAMED_ROUTING_RULES. Catalogues are checked when published, so this lists nothing unless one got
 * in before the check; routing treats such a programme as not qualified (pure, for the caller to log).
 */
export function unassessableProgrammes(catalogue: ProgrammeCatalogue): { programmeId: string; problem: string }[] {
  return catalogue.programmes
    .filter((p) => p.eligibility?.rule !== undefined && !isNamedRule(p.eligibility.rule))
    .map((p) => ({ programmeId: p.id, problem: `eligibility.rule ${JSON.stringify(p.eligibility.rule)} is not a routing rule of intake` }));
}

/** A programme routing could not evaluate: not qualified, not asked for, with the reason. */
function notAssessed(p: Programme, problem: string): ProgrammeAssessment {
  return {
    programmeId: p.id, department: p.department, category: p.category, qualifies: false, reasons: [`${p.name?.en ?? p.id}: not assessed: ${problem}`], ruleIds: [PROGRAMME_RULES.ruleNotRun],
    amount: { kind: 'department_system' }, name: p.name, asked: false, stated: false, routed: false, decisionWorkingDays: p.decisionWorkingDays, budgetProgramme: p.budgetProgramme,
  };
}

/**
 * Every programme of the catalogue assessed for the application (pure). Never throws on a catalogue
 * entry: one whose rule is unknown, or that cannot be evaluated, is not qualified, with the reason.
 */
export function assessProgrammes(input: CatalogueRoutingInput, catalogue: ProgrammeCatalogue): ProgrammeAssessment[] {
  const facts = factsOf(input);
  return catalogue.programmes.map((p: Programme) => {
    if (p.eligibility?.rule !== undefined && !isNamedRule(p.eligibility.rule)) return notAssessed(p, `its rule ${JSON.stringify(p.eligibility.rule)} is not a routing rule`);
    try {
      const q = qualify(p, facts);
      const a = asksFor(p, facts);
      return { ...q, name: p.name, asked: a.asked, stated: a.stated, routed: q.qualifies && a.asked, decisionWorkingDays: p.decisionWorkingDays, budgetProgramme: p.budgetProgramme };
    } catch (e) {
      return notAssessed(p, `it could not be evaluated (${e instanceof Error ? e.message : String(e)})`);
    }
  });
}

const routedProgramme = (a: ProgrammeAssessment): RoutedProgramme => ({
  programmeId: a.programmeId,
  category: a.category,
  amount: a.amount,
  decisionWorkingDays: a.decisionWorkingDays,
  budgetProgramme: a.budgetProgramme,
  reasons: a.reasons,
  ruleIds: a.ruleIds,
});

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/**
 * Routing by the catalogue in force (policy-rules §3, §11): a department gets the application when
 * at least one of its programmes qualifies and the application asks for it, with those programmes
 * on its route. The three rule departments keep their rules' findings word for word (their
 * programmes name the rules), and are told why not as before when none of theirs qualifies; a
 * partner department is named among those not routed only when the application stated the facts
 * one of its programmes routes on, or requested one. Departments in the contract's order (pure).
 */
export function routeByCatalogue(input: CatalogueRoutingInput, catalogue: ProgrammeCatalogue): CatalogueRouting {
  const programmes = assessProgrammes(input, catalogue);
  const findings: CatalogueFinding[] = [];
  for (const department of ALL_DEPARTMENTS) {
    const own = programmes.filter((p) => p.department === department);
    if (own.length === 0) continue;
    const routed = own.filter((p) => p.routed);
    if (routed.length > 0) {
      findings.push({
        department, routed: true, reasons: unique(routed.flatMap((p) => p.reasons)), ruleIds: unique(routed.flatMap((p) => p.ruleIds)), programmes: routed.map(routedProgramme),
      });
      continue;
    }
    const byRule = own.filter((p) => catalogue.programmes.find((c) => c.id === p.programmeId)?.eligibility.rule !== undefined);
    const told = byRule.length > 0 ? byRule : own.some((p) => p.stated) ? own.filter((p) => p.asked) : [];
    if (told.length > 0) {
      findings.push({ department, routed: false, reasons: unique(told.flatMap((p) => p.reasons)), ruleIds: unique(told.flatMap((p) => p.ruleIds)), programmes: [] });
    }
  }
  return { findings, programmes };
}
