/**
 * The education-aid case aggregate (one stream per application: `education-aid-${applicationId}`).
 * Pure: the clock, the parameters and the students' ledgers come in the commands.
 */
import { departmentCaseFileOf } from '@onedoor/contracts';
import { assess } from './assess';
import { basicsOf } from './caseOnRecord';
import type { EducationAidCaseCommand } from './commands';
import type { EducationAidCaseEvent } from './events';
import { markPaid } from './markPaid';
import { openCase } from './openCase';
import { EducationAidCaseState, initialEducationAidCaseState } from './state';

export function decideEducationAidCase(command: EducationAidCaseCommand, state: EducationAidCaseState): EducationAidCaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command.data, state);
    case 'Assess':
      return assess(command.data, state);
    case 'MarkPaid':
      return markPaid(command.data, state);
  }
}

export function evolveEducationAidCase(state: EducationAidCaseState, event: EducationAidCaseEvent): EducationAidCaseState {
  switch (event.type) {
    case 'EducationAidCaseFileReceived':
      if (state.status !== 'none') return state;
      // Case files stored from version 1 routing events are intake's full one: read as this department's.
      return { status: 'received', caseId: event.data.caseId, caseFile: departmentCaseFileOf('education-aid', event.data.caseFile), receivedAt: event.data.receivedAt };
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
    case 'AidGranted': {
      // Several grants (one per student) are appended together.
      if (state.status !== 'open' && state.status !== 'granted') return state;
      const grant = {
        grantId: event.data.grantId,
        studentRef: event.data.beneficiaryRef,
        amountFen: event.data.amountFen,
        fiscalYear: event.data.fiscalYear,
      };
      const grants = state.status === 'granted' ? [...state.grants, grant] : [grant];
      return { status: 'granted', ...basicsOf(state), grants };
    }
    case 'AidRefused':
      if (state.status !== 'open') return state;
      return { status: 'refused', ...basicsOf(state), reasons: event.data.reasons, appealBy: event.data.appealBy };
    case 'CasePaid': {
      if (state.status !== 'granted') return state;
      const grants = state.grants.map((g) => (g.grantId === event.data.grantId ? { ...g, budgetId: event.data.budgetId } : g));
      return { ...state, status: grants.every((g) => g.budgetId !== undefined) ? 'paid' : 'granted', grants };
    }
    default:
      return state;
  }
}

export const educationAidCaseDecider = {
  decide: decideEducationAidCase,
  evolve: evolveEducationAidCase,
  initialState: initialEducationAidCaseState,
};
