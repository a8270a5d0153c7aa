import type { Fen, MemberSummary, SchoolStage, Tier } from '@onedoor/contracts';
import type { EducationAidParams } from './educationAidParams';

export const EDUCATION_AID_AMOUNT_RULE = 'educationAidAmount';
export const EDUCATION_AID_TIERS: readonly Tier[] = ['tekun', 'dibao', 'edge'];

const STAGE_NAMES: Record<SchoolStage, string> = {
  preschool: 'preschool',
  primary: 'primary school',
  junior: 'junior secondary school',
  senior: 'senior secondary school',
  vocational: 'vocational secondary school',
  university: 'university',
};

/** Is the household's tier one education aid covers (tekun, dibao, edge)? */
export function educationAidTierCovered(tier: Tier): boolean {
  return EDUCATION_AID_TIERS.includes(tier);
}

/**
 * The yearly amount for one student by stage and boarding; a stage with an edge-household amount
 * (senior secondary: 2,000 instead of 2,500 yuan) uses it for students of edge households.
 */
export function educationAidAmount(
  student: Pick<MemberSummary, 'schoolStage' | 'boarding'> & { schoolStage: SchoolStage },
  tier: Tier,
  params: EducationAidParams,
): { amountFen: Fen; reason: string } {
  const row = params.amounts[student.schoolStage];
  const stage = STAGE_NAMES[student.schoolStage];
  if (tier === 'edge' && row.edgeHouseholdFen !== undefined) {
    return { amountFen: row.edgeHouseholdFen, reason: `${stage}, edge household: ${row.edgeHouseholdFen} fen a school year` };
  }
  const amountFen = student.boarding ? row.boardingFen : row.dayFen;
  const mode = row.boardingFen === row.dayFen ? '' : student.boarding ? ', boarding' : ', day pupil';
  return { amountFen, reason: `${stage}${mode}, ${tier} household: ${amountFen} fen a school year` };
}
