import type { Fen, Tier } from '@onedoor/contracts';
import type { MedicalAidParams, MedicalAidTerms } from './medicalAidParams';

export const MEDICAL_AID_AMOUNT_RULE = 'medicalAidAmount';

export type MedicalAidAssessment =
  | { eligible: false; amountFen: 0; reasons: string[]; inputs: Record<string, unknown> }
  | { eligible: true; amountFen: Fen; reasons: string[]; inputs: Record<string, unknown> };

const percent = (bp: number) => `${bp / 100} %`;

/**
 * aid = min(cap − alreadyGrantedThisYear, max(0, residual − deductible) × ratio), rounded down to whole
 * fen (integer arithmetic: the ratio is in basis points). Tier none is not covered; an amount of 0 is
 * nothing to pay. Both are refusals with written reasons.
 */
export function medicalAidAmount(
  subject: { tier: Tier; residualCostFen: Fen; alreadyGrantedThisYearFen: Fen },
  params: MedicalAidParams,
): MedicalAidAssessment {
  const { tier, residualCostFen, alreadyGrantedThisYearFen } = subject;
  if (tier === 'none') {
    return {
      eligible: false,
      amountFen: 0,
      reasons: ['the household has no assistance tier: medical aid covers tekun, dibao, edge and rigid-expenditure households'],
      inputs: { tier, residualCostFen },
    };
  }
  const terms: MedicalAidTerms = params.table[tier];
  const aboveDeductible = Math.max(0, residualCostFen - terms.deductibleFen);
  const byRatio = Number((BigInt(aboveDeductible) * BigInt(terms.ratioBasisPoints)) / 10_000n);
  const capLeft = Math.max(0, terms.annualCapFen - alreadyGrantedThisYearFen);
  const amountFen = Math.min(capLeft, byRatio);
  const inputs = {
    tier,
    residualCostFen,
    deductibleFen: terms.deductibleFen,
    ratioBasisPoints: terms.ratioBasisPoints,
    annualCapFen: terms.annualCapFen,
    alreadyGrantedThisYearFen,
    byRatioFen: byRatio,
    capLeftFen: capLeft,
  };
  const reasons = [
    `${tier} household: max(0, residual ${residualCostFen} − deductible ${terms.deductibleFen}) × ${percent(terms.ratioBasisPoints)} = ${byRatio} fen`,
    `annual cap ${terms.annualCapFen} fen per person, ${alreadyGrantedThisYearFen} fen already granted this calendar year: ${capLeft} fen left`,
  ];
  if (amountFen > 0) {
    return { eligible: true, amountFen, reasons: [...reasons, `medical aid: ${amountFen} fen`], inputs };
  }
  const why =
    aboveDeductible === 0
      ? `nothing to pay: the residual cost ${residualCostFen} fen does not exceed the deductible ${terms.deductibleFen} fen`
      : byRatio === 0
        ? `nothing to pay: ${percent(terms.ratioBasisPoints)} of ${aboveDeductible} fen is less than one fen`
        : `nothing to pay: the annual cap of ${terms.annualCapFen} fen for this person is used up`;
  return { eligible: false, amountFen: 0, reasons: [...reasons, why], inputs };
}
