/**
 * The temporary-aid case aggregate (one stream per case): decide(command, state) → events,
 * evolve(state, event) → state. Pure: the clock, the parameters and the person-year ledger come in the
 * commands.
 */
import { departmentCaseFileOf } from '@onedoor/contracts';
import type { TemporaryAidCaseCommand } from './commands';
import type { TemporaryAidCaseEvent } from './events';
import { grantAutomatically } from './grantAutomatically';
import { issueReferrals } from './issueReferrals';
import { markPaid } from './markPaid';
import { officerDecision } from './officerDecision';
import { openCase } from './openCase';
import { CaseBasics, initialTemporaryAidCaseState, TemporaryAidCaseState } from './state';
import { basicsOf } from './decisionRecords';

export function decideTemporaryAidCase(command: TemporaryAidCaseCommand, state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command.data, state);
    case 'GrantAutomatically':
      return grantAutomatically(command.data, state);
    case 'Decide':
      return officerDecision(command.data, state);
    case 'IssueReferrals':
      return issueReferrals(command.data, state);
    case 'MarkPaid':
      return markPaid(command.data, state);
  }
}

export function evolveTemporaryAidCase(state: TemporaryAidCaseState, event: TemporaryAidCaseEvent): TemporaryAidCaseState {
  switch (event.type) {
    case 'TemporaryAidCaseFileReceived':
      if (state.status !== 'none') return state;
      // Case files stored from version 1 routing events are intake's full one: read as this department's.
      return { status: 'received', caseId: event.data.caseId, caseFile: departmentCaseFileOf('temporary-aid', event.data.caseFile), receivedAt: event.data.receivedAt };
    case 'CaseOpened': {
      if (state.status !== 'received') return state;
      const d = event.data;
      const basics: CaseBasics = {
        caseId: d.caseId,
        applicationId: d.applicationId,
        caseFile: state.caseFile,
        track: d.track ?? 'ordinary',
        beneficiaryRef: d.beneficiaryRef,
        jurisdiction: d.jurisdiction,
        dueBy: d.dueBy,
        openedAt: state.receivedAt,
      };
      return { status: 'open', ...basics };
    }
    case 'AidGranted':
      if (state.status !== 'open') return state;
      return {
        status: 'granted',
        ...basicsOf(state),
        grant: {
          grantId: event.data.grantId,
          amountFen: event.data.amountFen,
          level: event.data.decidedBy.level,
          fiscalYear: event.data.fiscalYear,
        },
        referredTo: [],
      };
    case 'AidRefused':
      if (state.status !== 'open') return state;
      return { status: 'refused', ...basicsOf(state), reasons: event.data.reasons, appealBy: event.data.appealBy };
    case 'ReferralIssued':
      if (state.status !== 'granted' && state.status !== 'paid') return state;
      return { ...state, referredTo: [...state.referredTo, event.data.toDepartment] };
    case 'CasePaid':
      if (state.status !== 'granted') return state;
      return { ...state, status: 'paid', budgetId: event.data.budgetId };
    default:
      return state;
  }
}

export const temporaryAidCaseDecider = {
  decide: decideTemporaryAidCase,
  evolve: evolveTemporaryAidCase,
  initialState: initialTemporaryAidCaseState,
};
