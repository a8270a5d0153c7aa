import type { MedicalAidCaseFile } from '@onedoor/contracts';
import type { DepartmentRule } from '@onedoor/department-kit';
import { medicalAidAmount } from './medicalAidAmount';
import type { MedicalAidParams } from './medicalAidParams';
import { RuleViolation } from './ruleViolation';

/**
 * The medical-aid table as the case's rule (policy-rules §5): the patient's residual in-policy cost
 * (fen) from the case file, `alreadyGrantedThisYearFen` from the patient's person-year ledger of
 * `calendarYear`. A grant of medicalAidAmount, or a refusal in writing (tier none, nothing to pay, no
 * residual cost stated); the inputs name the patient and the year.
 * @throws RuleViolation validCommand (a residual cost that is not a whole number of fen ≥ 0).
 */
export const medicalAidRule =
  (params: MedicalAidParams, alreadyGrantedThisYearFen: number, calendarYear: number): DepartmentRule =>
  (c) => {
    const file = c.caseFile as MedicalAidCaseFile;
    const residualCostFen = file.medical?.residualCostFen ?? 0;
    if (!Number.isSafeInteger(residualCostFen) || residualCostFen < 0) {
      throw new RuleViolation('validCommand', `residualCostFen must be a non-negative integer, got ${residualCostFen}`);
    }
    const result = medicalAidAmount({ tier: file.tier, residualCostFen, alreadyGrantedThisYearFen }, params);
    const inputs = { ...result.inputs, calendarYear, patientRef: c.beneficiaryRef };
    if (result.eligible) return { grant: true, amountFen: result.amountFen, reasons: result.reasons, inputs };
    return { grant: false, reasons: file.medical ? result.reasons : ['no in-policy residual medical cost was stated in the application', ...result.reasons], inputs };
  };
