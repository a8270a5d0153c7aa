import type { Fen, SchoolStage } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

export const SCHOOL_STAGES: readonly SchoolStage[] = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'university'];

/** Yearly amount of one school stage. */
export interface StageAmounts {
  /** Day pupil (走读). */
  dayFen: Fen;
  /** Boarding pupil (寄宿); equal to dayFen where the stage makes no difference. */
  boardingFen: Fen;
  /** When set, the amount for a student of an edge household, boarding or not (senior secondary: 2,000 yuan). */
  edgeHouseholdFen?: Fen;
}

/** The numbers education aid needs, from the jurisdiction's parameter set; passed in the Assess command. */
export interface EducationAidParams {
  amounts: Record<SchoolStage, StageAmounts>;
  parameterSetId: string;
  parameterSetVersion: number;
}

const isFen = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

export function assertValidParams(p: EducationAidParams): void {
  for (const stage of SCHOOL_STAGES) {
    const a = p.amounts?.[stage];
    if (!a || !isFen(a.dayFen) || !isFen(a.boardingFen) || (a.edgeHouseholdFen !== undefined && !isFen(a.edgeHouseholdFen))) {
      throw new RuleViolation('validParameters', `education-aid amounts for stage ${stage} are missing or invalid`);
    }
  }
  if (!p.parameterSetId) throw new RuleViolation('validParameters', 'parameterSetId is required');
}
