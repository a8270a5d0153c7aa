/**
 * The medical-aid case aggregate (one stream per application: `medical-aid-${applicationId}`).
 * Pure: the clock, the parameters and the patient's person-year ledger come in the commands.
 */
import { departmentCaseFileOf } from '@onedoor/contracts';
import { assess } from './assess';
import { basicsOf } from './caseOnRecord';
import type { MedicalAidCaseCommand } from './commands';
import type { MedicalAidCaseEvent } from './events';
import { markPaid } from './markPaid';
import { openCase } from './openCase';
import { initialMedicalAidCaseState, MedicalAidCaseState } from './state';

export function decideMedicalAidCase(command: MedicalAidCaseCommand, state: MedicalAidCaseState): MedicalAidCaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command.data, state);
    case 'Assess':
      return assess(command.data, state);
    case 'MarkPaid':
      return markPaid(command.data, state);
  }
}

export function evolveMedicalAidCase(state: MedicalAidCaseState, event: MedicalAidCaseEvent): MedicalAidCaseState {
  switch (event.type) {
    case 'MedicalAidCaseFileReceived':
      if (state.status !== 'none') return state;
      // Case files stored from version 1 routing events are intake's full one: read as this department's.
      return { status: 'received', caseId: event.data.caseId, caseFile: departmentCaseFileOf('medical-aid', event.data.caseFile), receivedAt: event.data.receivedAt };
    case 'CaseOpened': {
      if (state.status !== 'received') return state;
      const d = event.data;
      return {
        status: 'open',
        caseId: d.caseId,
        applicationId: d.applicationId,
        caseFile: state.caseFile,
        beneficiaryRef: d.beneficiaryRef,
        jurisdiction: d.jurisdiction,
        dueBy: d.dueBy,
        openedAt: state.receivedAt,
        ...(d.referredBy ? { referredBy: d.referredBy } : {}),
      };
    }
    case 'AidGranted':
      if (state.status !== 'open') return state;
      return {
        status: 'granted',
        ...basicsOf(state),
        grant: { grantId: event.data.grantId, amountFen: event.data.amountFen, fiscalYear: event.data.fiscalYear },
      };
    case 'AidRefused':
      if (state.status !== 'open') return state;
      return { status: 'refused', ...basicsOf(state), reasons: event.data.reasons, appealBy: event.data.appealBy };
    case 'CasePaid':
      if (state.status !== 'granted') return state;
      return { ...state, status: 'paid', budgetId: event.data.budgetId };
    default:
      return state;
  }
}

export const medicalAidCaseDecider = {
  decide: decideMedicalAidCase,
  evolve: evolveMedicalAidCase,
  initialState: initialMedicalAidCaseState,
};
