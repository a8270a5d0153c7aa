import { basicsOf, existingCase } from './caseOnRecord';
import { calendarYearOf } from './calendarYear';
import type { Assess } from './commands';
import type { MedicalAidCaseEvent } from './events';
import { MEDICAL_AID_AMOUNT_RULE, medicalAidAmount } from './medicalAidAmount';
import { assertValidParams } from './medicalAidParams';
import { alreadyGrantedThisYear } from './personYearLedger';
import { RuleViolation } from './ruleViolation';
import type { MedicalAidCaseState } from './state';

const SYSTEM = { sub: 'system', role: 'system', level: 'system' as const };

/**
 * Decides the open case by the medical-aid table: AidGranted (grant `${caseId}:1`) or AidRefused with
 * reasons (tier none, nothing to pay). A case already decided is left alone (redelivery).
 */
export function assess(command: Assess['data'], state: MedicalAidCaseState): MedicalAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'open') return [];
  assertValidParams(command.params);
  const year = calendarYearOf(command.now);
  const medical = c.caseFile.medical;
  const residualCostFen = medical?.residualCostFen ?? 0;
  if (!Number.isSafeInteger(residualCostFen) || residualCostFen < 0) {
    throw new RuleViolation('validCommand', `residualCostFen must be a non-negative integer, got ${residualCostFen}`);
  }
  const already = alreadyGrantedThisYear(command.ledger, { personRef: c.beneficiaryRef, year, caseId: c.caseId });
  const result = medicalAidAmount({ tier: c.caseFile.tier, residualCostFen, alreadyGrantedThisYearFen: already }, command.params);
  const provenance = {
    parameterSetId: command.params.parameterSetId,
    parameterSetVersion: command.params.parameterSetVersion,
    ruleIds: [MEDICAL_AID_AMOUNT_RULE],
  };
  const inputs = { ...result.inputs, calendarYear: year, patientRef: c.beneficiaryRef };
  if (!result.eligible) {
    const reasons = medical ? result.reasons : ['no in-policy residual medical cost was stated in the application', ...result.reasons];
    return [
      {
        type: 'AidRefused',
        data: {
          caseId: c.caseId,
          applicationId: c.applicationId,
          department: 'medical-aid',
          reasons,
          appealBy: command.appealBy,
          decidedBy: SYSTEM,
          inputs,
          provenance,
        },
      },
    ];
  }
  const basics = basicsOf(c);
  return [
    {
      type: 'AidGranted',
      data: {
        caseId: basics.caseId,
        applicationId: basics.applicationId,
        department: 'medical-aid',
        grantId: `${basics.caseId}:1`,
        beneficiaryRef: basics.beneficiaryRef,
        amountFen: result.amountFen,
        programme: 'medical-aid',
        jurisdiction: basics.jurisdiction,
        fiscalYear: year,
        decidedBy: SYSTEM,
        reasons: result.reasons,
        inputs,
        provenance,
      },
    },
  ];
}
