import type { EducationAidCaseFile, PersonRef } from '@onedoor/contracts';
import type { DepartmentRule } from '@onedoor/department-kit';
import { educationAidForHousehold } from './educationAidForHousehold';
import type { EducationAidParams } from './educationAidParams';
import type { StudentYearLedgerState } from './studentYearLedger';

/**
 * The education-aid table as the case's rule (policy-rules §6): per student per school year, once,
 * for tekun, dibao and edge households — a grant to each eligible student of the case file
 * (educationAidAmount by stage and boarding, fen), skipping a student another case already aided in
 * `schoolYear` (`ledgers`: each student's student-year ledger by personRef, missing ones empty);
 * or a refusal in writing when nobody is eligible. The inputs name the tier, the school year, the
 * stage, boarding and amounts used, and the students skipped with their reasons.
 */
export const educationAidRule =
  (params: EducationAidParams, ledgers: Record<PersonRef, StudentYearLedgerState>, schoolYear: string): DepartmentRule =>
  (c) => {
    const caseFile = c.caseFile as EducationAidCaseFile;
    const result = educationAidForHousehold(caseFile, { caseId: c.caseId, schoolYear, params, ledgers });
    const tier = caseFile.tier;
    if (result.grants.length === 0) return { grant: false, reasons: result.refusalReasons, inputs: { tier, schoolYear, skippedStudents: result.skipped } };
    return {
      grant: 'each',
      grants: result.grants.map(({ student, amountFen, reasons }) => ({
        beneficiaryRef: student.personRef,
        amountFen,
        reasons,
        inputs: { tier, schoolYear, schoolStage: student.schoolStage, boarding: student.boarding, amounts: params.amounts[student.schoolStage], skippedStudents: result.skipped },
      })),
    };
  };
