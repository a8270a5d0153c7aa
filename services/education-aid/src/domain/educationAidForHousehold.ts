import type { EducationAidCaseFile, Fen, PersonRef, StudentSummary } from '@onedoor/contracts';
import { EDUCATION_AID_AMOUNT_RULE, educationAidAmount, educationAidTierCovered } from './educationAidAmount';
import type { EducationAidParams } from './educationAidParams';
import { ONCE_PER_STUDENT_RULE, priorEducationAid, StudentYearLedgerState } from './studentYearLedger';

export interface StudentGrant {
  student: StudentSummary;
  amountFen: Fen;
  reasons: string[];
}
export interface SkippedStudent {
  personRef: PersonRef;
  reason: string;
}
export interface HouseholdAssessment {
  grants: StudentGrant[];
  skipped: SkippedStudent[];
  /** Set when nobody gets a grant: the reasons of the written refusal. */
  refusalReasons: string[];
  ruleIds: string[];
}

/**
 * Per student per school year, once, for tekun, dibao and edge households: each member in school gets
 * the amount of the stage, unless another case already granted that student aid this school year.
 * Ledgers missing from `ledgers` are taken as empty (the student-year ledger re-checks on record).
 */
export function educationAidForHousehold(
  caseFile: EducationAidCaseFile,
  context: { caseId: string; schoolYear: string; params: EducationAidParams; ledgers: Record<PersonRef, StudentYearLedgerState> },
): HouseholdAssessment {
  const ruleIds = [EDUCATION_AID_AMOUNT_RULE, ONCE_PER_STUDENT_RULE];
  const students = caseFile.students;
  if (!educationAidTierCovered(caseFile.tier)) {
    const refusalReasons = [
      `education aid is for tekun, dibao and edge households; this household's tier is ${caseFile.tier}`,
    ];
    return { grants: [], skipped: students.map((s) => ({ personRef: s.personRef, reason: refusalReasons[0] })), refusalReasons, ruleIds };
  }
  if (students.length === 0) {
    return { grants: [], skipped: [], refusalReasons: ['no member of the household is in school (preschool to university)'], ruleIds };
  }
  const grants: StudentGrant[] = [];
  const skipped: SkippedStudent[] = [];
  for (const student of students) {
    const prior = priorEducationAid(context.ledgers[student.personRef] ?? { status: 'empty' }, {
      personRef: student.personRef,
      schoolYear: context.schoolYear,
      caseId: context.caseId,
    });
    if (prior) {
      skipped.push({
        personRef: student.personRef,
        reason: `student ${student.personRef} already received education aid for school year ${context.schoolYear} (case ${prior.caseId}, grant ${prior.grantId}): once per student per school year`,
      });
      continue;
    }
    const { amountFen, reason } = educationAidAmount(student, caseFile.tier, context.params);
    if (amountFen <= 0) {
      skipped.push({ personRef: student.personRef, reason: `no education-aid amount is set for ${reason}` });
      continue;
    }
    grants.push({ student, amountFen, reasons: [`student ${student.personRef}, school year ${context.schoolYear}: ${reason}`] });
  }
  return { grants, skipped, refusalReasons: grants.length ? [] : skipped.map((s) => s.reason), ruleIds };
}
