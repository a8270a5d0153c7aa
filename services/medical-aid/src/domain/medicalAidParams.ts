import type { Fen, Tier } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/** The tiers medical aid covers. */
export type MedicalAidTier = Exclude<Tier, 'none'>;
export const MEDICAL_AID_TIERS: readonly MedicalAidTier[] = ['tekun', 'dibao', 'edge', 'rigid'];

/** One row of the medical-aid table. */
export interface MedicalAidTerms {
  /** Paid by the household before medical aid starts (起付线). */
  deductibleFen: Fen;
  /** Share of the residual above the deductible, in basis points (60 % = 6000). */
  ratioBasisPoints: number;
  /** Annual cap per person, shared by all medical aid to that person in a calendar year. */
  annualCapFen: Fen;
}

/** The numbers medical aid needs, from the jurisdiction's parameter set; passed in the Assess command. */
export interface MedicalAidParams {
  table: Record<MedicalAidTier, MedicalAidTerms>;
  parameterSetId: string;
  parameterSetVersion: number;
}

const isFen = (n: number) => Number.isSafeInteger(n) && n >= 0;

export function assertValidParams(p: MedicalAidParams): void {
  for (const tier of MEDICAL_AID_TIERS) {
    const t = p.table?.[tier];
    if (!t || !isFen(t.deductibleFen) || !isFen(t.annualCapFen) || !Number.isInteger(t.ratioBasisPoints) || t.ratioBasisPoints < 0 || t.ratioBasisPoints > 10_000) {
      throw new RuleViolation('validParameters', `medical-aid terms for tier ${tier} are missing or invalid`);
    }
  }
  if (!p.parameterSetId) throw new RuleViolation('validParameters', 'parameterSetId is required');
}
