import type { Fen, PersonRef, Tier } from '@onedoor/contracts';
import { applyBasisPoints, type PolicyParams } from '@onedoor/policy';
import type { HouseholdFacts, MemberFacts } from './commands';
import { RuleViolation } from './rule-violation';
import { factor, percent, plural, yuan } from './wording';

/** Rule ids recorded in provenance, so an auditor can tell which rules a tier rests on. */
export const TIER_RULES = {
  highestOnce: 'tier.highestOnce',
  tekun: 'tier.tekun.noCapacityNoIncomeNoSupporter',
  dibaoIncome: 'tier.dibao.incomeBelowStandard',
  dibaoAssets: 'tier.dibao.assetsWithinLimit',
  edge: 'tier.edge.incomeBelowEdgeLine',
  edgeSinglePerson: 'tier.edge.singlePersonCoverage',
  rigidIncome: 'tier.rigid.incomeBelowDisposableIncome',
  rigidSpending: 'tier.rigid.spendingAboveShare',
  none: 'tier.none.noTierApplies',
  notAssessed: 'consent.economicCheckMissing.emergencyOnly',
} as const;

export interface HouseholdAssessment {
  tier: Tier;
  householdMonthlyIncomeFen: Fen;
  /** Rounded down to whole fen for display; every comparison is exact on the household total. */
  perCapitaIncomeFen: Fen;
  /** Why not each higher tier, and why this one. */
  reasons: string[];
  ruleIds: string[];
  /** Members of an edge household covered alone as dibao (单人保). */
  coveredAlone: PersonRef[];
}

const SEVERE_DISABILITY = new Set(['grade1', 'grade2']);

/** Why a person has no labour capacity (policy-rules §2), or null when they have it. */
function noLabourCapacity(m: MemberFacts, p: PolicyParams): string | null {
  if (m.ageYears >= p.elderlyAge) return `aged ${m.ageYears} (${p.elderlyAge} or over)`;
  if (m.ageYears < p.tekunAge) return `aged ${m.ageYears} (under ${p.tekunAge})`;
  if (SEVERE_DISABILITY.has(m.disability)) return `disability ${m.disability.replace('grade', 'grade ')}`;
  if (!m.laborCapacity) return 'assessed without labour capacity';
  return null;
}

/** 特困: no labour capacity, own income below the standard, and no supporter able to support. */
function tekunMembers(h: HouseholdFacts, p: PolicyParams): string[] {
  return h.members.flatMap((m) => {
    const incapacity = noLabourCapacity(m, p);
    if (!incapacity || m.monthlyIncomeFen >= p.dibaoStandardFen || m.hasSupporter) return [];
    return [
      `tekun: member ${m.personRef} has no labour capacity (${incapacity}), own income ${yuan(m.monthlyIncomeFen)} below the standard ` +
        `${yuan(p.dibaoStandardFen)} and no supporter able to support`,
    ];
  });
}

function assetsOverLimit(h: HouseholdFacts, p: PolicyParams): string[] {
  const n = h.members.length;
  const { depositsFen, vehicles, extraHomes } = h.assets;
  const over: string[] = [];
  if (depositsFen > p.assetLimitFen * n) {
    over.push(`deposits ${yuan(depositsFen)} above ${n} × ${yuan(p.assetLimitFen)} = ${yuan(p.assetLimitFen * n)}`);
  }
  if (vehicles > p.maxVehicles) over.push(`${plural(vehicles, 'vehicle')} (at most ${p.maxVehicles})`);
  if (extraHomes > p.maxExtraHomes) over.push(`${plural(extraHomes, 'extra home')} (at most ${p.maxExtraHomes})`);
  return over;
}

/** 单人保: a severely disabled or seriously ill member with own income under the standard. */
function coverableAlone(h: HouseholdFacts, p: PolicyParams): MemberFacts[] {
  return h.members.filter(
    (m) => (SEVERE_DISABILITY.has(m.disability) || m.seriousIllness) && m.monthlyIncomeFen < p.dibaoStandardFen,
  );
}

/**
 * The household's tier (policy-rules §2): tiers are tried from the highest and the first that holds
 * wins, counted once (就高不重复). Per-capita figures are compared as household totals
 * (income < standard × members) so that no rounding decides a case.
 *
 * Rigid expenditure compares yearly figures: medical + education spending of the last 12 months
 * against 12 × monthly household income.
 */
export function assessHousehold(h: HouseholdFacts, p: PolicyParams, medicalResidualFen: Fen = 0): HouseholdAssessment {
  const n = h.members.length;
  if (n === 0) throw new RuleViolation('household.atLeastOneMember', 'a household has at least one member', 'household.members');
  const total = h.members.reduce((sum, m) => sum + m.monthlyIncomeFen, 0);
  const perCapita = Math.floor(total / n);
  const std = p.dibaoStandardFen;
  const reasons: string[] = [];
  const ruleIds: string[] = [TIER_RULES.highestOnce];
  const result = (tier: Tier, coveredAlone: PersonRef[] = []): HouseholdAssessment => ({
    tier, householdMonthlyIncomeFen: total, perCapitaIncomeFen: perCapita, reasons, ruleIds, coveredAlone,
  });

  ruleIds.push(TIER_RULES.tekun);
  const tekun = tekunMembers(h, p);
  if (tekun.length > 0) {
    reasons.push(...tekun);
    return result('tekun');
  }
  reasons.push(`not tekun: no member combines no labour capacity, own income below the standard ${yuan(std)} and no supporter able to support`);

  ruleIds.push(TIER_RULES.dibaoIncome);
  const incomeBelowStandard = total < std * n;
  if (incomeBelowStandard) {
    ruleIds.push(TIER_RULES.dibaoAssets);
    const over = assetsOverLimit(h, p);
    if (over.length === 0) {
      reasons.push(`dibao: per-capita income ${yuan(perCapita)} below the standard ${yuan(std)}, assets within the limit`);
      return result('dibao');
    }
    reasons.push(`not dibao: per-capita income ${yuan(perCapita)} is below the standard ${yuan(std)}, but assets exceed the limit: ${over.join('; ')}`);
  } else {
    reasons.push(`not dibao: per-capita income ${yuan(perCapita)} is not below the standard ${yuan(std)}`);
  }

  ruleIds.push(TIER_RULES.edge);
  const edgeLine = `${factor(p.edgeMultiplierBp)} × standard = ${yuan(applyBasisPoints(std, p.edgeMultiplierBp))}`;
  if (total * 10000 < std * p.edgeMultiplierBp * n) {
    reasons.push(`edge: per-capita income ${yuan(perCapita)} below ${edgeLine}`);
    if (!p.edgeSinglePersonCoverage) return result('edge');
    ruleIds.push(TIER_RULES.edgeSinglePerson);
    const alone = coverableAlone(h, p);
    for (const m of alone) {
      const why = m.seriousIllness ? 'seriously ill' : `disability ${m.disability.replace('grade', 'grade ')}`;
      reasons.push(`member ${m.personRef} covered alone as dibao (单人保): ${why}, own income ${yuan(m.monthlyIncomeFen)} below the standard ${yuan(std)}`);
    }
    return result('edge', alone.map((m) => m.personRef));
  }
  reasons.push(`not edge: per-capita income ${yuan(perCapita)} is not below ${edgeLine}`);

  ruleIds.push(TIER_RULES.rigidIncome);
  const disposable = p.lastYearDisposableIncomeMonthlyFen;
  if (total < disposable * n) {
    ruleIds.push(TIER_RULES.rigidSpending);
    const spending = h.annualSpending ? h.annualSpending.medicalFen + h.annualSpending.educationFen : medicalResidualFen;
    const yearlyIncome = total * 12;
    const share = `${percent(p.rigidSpendingShareBp)} of household income ${yuan(yearlyIncome)} a year = ${yuan(applyBasisPoints(yearlyIncome, p.rigidSpendingShareBp))}`;
    if (spending * 10000 > yearlyIncome * p.rigidSpendingShareBp) {
      reasons.push(
        `rigid expenditure: per-capita income ${yuan(perCapita)} below last year's per-capita disposable income ${yuan(disposable)}, ` +
          `and medical and education spending ${yuan(spending)} a year above ${share}`,
      );
      return result('rigid');
    }
    reasons.push(`not rigid expenditure: medical and education spending ${yuan(spending)} a year is not above ${share}`);
  } else {
    reasons.push(`not rigid expenditure: per-capita income ${yuan(perCapita)} is not below last year's per-capita disposable income ${yuan(disposable)}`);
  }

  ruleIds.push(TIER_RULES.none);
  return result('none');
}

/**
 * Without the members' consent the household is not checked (policy-rules §3); only emergency aid,
 * which needs no economic check, remains possible.
 */
export function notAssessed(): HouseholdAssessment {
  return {
    tier: 'none',
    householdMonthlyIncomeFen: 0,
    perCapitaIncomeFen: 0,
    reasons: ['household not assessed: the economic check was not authorised, so only emergency aid without an economic check is possible'],
    ruleIds: [TIER_RULES.notAssessed],
    coveredAlone: [],
  };
}
