import { basicsOf, existingCase } from './caseOnRecord';
import { calendarYearOf, schoolYearOf } from './calendar';
import { Assess, educationGrantId } from './commands';
import { assertValidParams } from './educationAidParams';
import { educationAidForHousehold } from './educationAidForHousehold';
import type { EducationAidCaseEvent } from './events';
import type { EducationAidCaseState } from './state';

const SYSTEM = { sub: 'system', role: 'system', level: 'system' as const };

/**
 * Decides the open case: one AidGranted per eligible student (grant `${caseId}:${personRef}`), or one
 * AidRefused with the reasons when nobody is eligible. A case already decided is left alone.
 */
export function assess(command: Assess['data'], state: EducationAidCaseState): EducationAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'open') return [];
  assertValidParams(command.params);
  const schoolYear = schoolYearOf(command.now);
  const fiscalYear = calendarYearOf(command.now);
  const result = educationAidForHousehold(c.caseFile, {
    caseId: c.caseId,
    schoolYear,
    params: command.params,
    ledgers: command.ledgers ?? {},
  });
  const provenance = {
    parameterSetId: command.params.parameterSetId,
    parameterSetVersion: command.params.parameterSetVersion,
    ruleIds: result.ruleIds,
  };
  if (result.grants.length === 0) {
    return [
      {
        type: 'AidRefused',
        data: {
          caseId: c.caseId,
          applicationId: c.applicationId,
          department: 'education-aid',
          reasons: result.refusalReasons,
          appealBy: command.appealBy,
          decidedBy: SYSTEM,
          inputs: { tier: c.caseFile.tier, schoolYear, skippedStudents: result.skipped },
          provenance,
        },
      },
    ];
  }
  const basics = basicsOf(c);
  return result.grants.map(({ student, amountFen, reasons }) => ({
    type: 'AidGranted' as const,
    data: {
      caseId: basics.caseId,
      applicationId: basics.applicationId,
      department: 'education-aid' as const,
      grantId: educationGrantId(basics.caseId, student.personRef),
      beneficiaryRef: student.personRef,
      amountFen,
      programme: 'education-aid' as const,
      jurisdiction: basics.jurisdiction,
      fiscalYear,
      decidedBy: SYSTEM,
      reasons,
      inputs: {
        tier: c.caseFile.tier,
        schoolYear,
        schoolStage: student.schoolStage,
        boarding: student.boarding,
        amounts: command.params.amounts[student.schoolStage],
        skippedStudents: result.skipped,
      },
      provenance,
    },
  }));
}
