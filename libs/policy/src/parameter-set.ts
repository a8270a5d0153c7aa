import type { DivisionCode, Fen, IsoDate, SchoolStage, Tier } from '@onedoor/contracts';

/** Tiers that receive assistance (everything but 'none'). */
export type AssistedTier = Exclude<Tier, 'none'>;
export const ASSISTED_TIERS: readonly AssistedTier[] = ['tekun', 'dibao', 'edge', 'rigid'];
export const SCHOOL_STAGES: readonly SchoolStage[] = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'university'];

/**
 * Fractions are integer basis points (1 bp = 0.01 %; 10000 = 1, 15000 = 1.5) so that every rule is
 * exact integer arithmetic on fen — the `Bp` suffix says so wherever one appears.
 */
export type BasisPoints = number;

/** Medical aid on the residual in-policy cost, per tier (policy-rules §5). */
export interface MedicalTierParams {
  deductibleFen: Fen;
  ratioBp: BasisPoints;
  /** Per person per calendar year, shared by all medical aid to that person. */
  annualCapFen: Fen;
}

/** Education aid per student per school year (policy-rules §6). */
export interface EducationAmount {
  boardingFen: Fen;
  dayFen: Fen;
  /** Replaces the amount for edge households when set (senior secondary: 2,000 instead of 2,500 yuan). */
  edgeHouseholdFen?: Fen;
}

/** Deadlines of policy-rules §8. */
export interface DeadlineParams {
  transferWorkingDays: number;
  /** Calendar days, not working days: an emergency does not wait for Monday. */
  smallFastPaymentDays: number;
  townshipDecisionWorkingDays: number;
  ordinaryDecisionWorkingDays: number;
  writtenRefusalWorkingDays: number;
}

/** Every money figure and day count of the policy: data of a jurisdiction, never constants in code. */
export interface PolicyParams {
  /** Local monthly minimum-living standard per person (低保标准). */
  dibaoStandardFen: Fen;
  /** Under this age a person has no labour capacity: 16 [S] or 18 [L]. */
  tekunAge: number;
  /** From this age a person has no labour capacity: 60 [S]. */
  elderlyAge: number;
  /** Edge line = standard × this (1.5 [S] = 15000 bp). */
  edgeMultiplierBp: BasisPoints;
  /** Rigid expenditure: medical + education spending above this share of household income (50 % [D]). */
  rigidSpendingShareBp: BasisPoints;
  /** Last year's local per-capita disposable income, per month. */
  lastYearDisposableIncomeMonthlyFen: Fen;
  /**
   * Deposits limit PER HOUSEHOLD MEMBER: household deposits ÷ members must not exceed it. Per capita
   * because local rules express it as "N months of the standard per person", so larger households may
   * hold more.
   */
  assetLimitFen: Fen;
  /** Motor vehicles a dibao household may own (disability vehicles are not declared as vehicles). */
  maxVehicles: number;
  /** Homes beyond the one lived in that a dibao household may own. */
  maxExtraHomes: number;
  /** Small fast aid ≤ this × standard per person (1). */
  smallFastMaxMultiple: number;
  /** The township approves and pays at once up to this × standard (3). */
  townshipApprovalCapMultiple: number;
  /** Ordinary temporary aid ≤ this × standard per person per episode (6). */
  ordinaryMaxMultiple: number;
  /** …and up to this × standard in special hardship (12). */
  specialHardshipMaxMultiple: number;
  medical: Record<AssistedTier, MedicalTierParams>;
  education: Record<SchoolStage, EducationAmount>;
  deadlines: DeadlineParams;
  /** Administrative reconsideration window, calendar days (60 [S]). */
  appealWindowDays: number;
  /** Whether a severely disabled or seriously ill member of an edge household may be covered alone (单人保). */
  edgeSinglePersonCoverage: boolean;
}

/**
 * A jurisdiction's policy parameters for a validity period. Within one id, the highest version wins
 * (a correction); `validTo` is inclusive and open-ended when absent.
 */
export interface ParameterSet {
  id: string;
  version: number;
  jurisdiction: DivisionCode;
  validFrom: IsoDate;
  validTo?: IsoDate;
  /** Legal basis or note, for auditors. */
  source?: string;
  params: PolicyParams;
}

/** Whether the set is in force on a (China local) date. */
export function isInForce(set: ParameterSet, onDate: IsoDate): boolean {
  return set.validFrom <= onDate && (set.validTo === undefined || onDate <= set.validTo);
}

/** The education amount for a student of `stage` in a household of `tier`. */
export function educationAmountFen(params: PolicyParams, stage: SchoolStage, boarding: boolean, tier: Tier): Fen {
  const amount = params.education[stage];
  if (tier === 'edge' && amount.edgeHouseholdFen !== undefined) return amount.edgeHouseholdFen;
  return boarding ? amount.boardingFen : amount.dayFen;
}

/** `fen × bp / 10000`, rounded down to whole fen (aid never exceeds the exact share). */
export function applyBasisPoints(fen: Fen, bp: BasisPoints): Fen {
  return Math.floor((fen * bp) / 10000);
}
