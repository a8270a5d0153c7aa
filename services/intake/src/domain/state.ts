import type { ApplicationRouted, CaseFile, Fen, IsoDate } from '@onedoor/contracts';
import type { IntakeEvent } from './events';

interface Known {
  applicationId: string;
  caseFile: CaseFile;
  submittedAt: IsoDate;
  /** `${deadline}:${caseId ?? '*'}` of every DeadlineMissed already recorded (flagged once). */
  missedDeadlines: string[];
}
export type Route = ApplicationRouted['routes'][number];

/** The application aggregate's state: what intake must know to decide the next command. */
export type ApplicationState =
  | { status: 'none' }
  | ({ status: 'submitted' } & Known)
  | ({ status: 'routed'; routes: Route[]; transferDueBy: IsoDate } & Known)
  | ({ status: 'refused'; appealBy: IsoDate } & Known)
  | ({ status: 'settled'; routes: Route[]; grantedFen: Fen; paidFen: Fen; settledAt: IsoDate } & Known);

export const initialState: ApplicationState = { status: 'none' };

export const missedDeadlineKey = (deadline: string, caseId?: string): string => `${deadline}:${caseId ?? '*'}`;

/** Events that do not fit the state are ignored: replay must never fail on history. */
export function evolve(state: ApplicationState, event: IntakeEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      if (state.status !== 'none') return state;
      const { applicationId, caseFile, submittedAt } = event.data;
      return { status: 'submitted', applicationId, caseFile, submittedAt, missedDeadlines: [] };
    }
    case 'ApplicationRouted':
      if (state.status !== 'submitted') return state;
      return { ...state, status: 'routed', routes: event.data.routes, transferDueBy: event.data.transferDueBy, caseFile: event.data.caseFile };
    case 'ApplicationRefused':
      if (state.status !== 'submitted') return state;
      return { ...state, status: 'refused', appealBy: event.data.appealBy };
    case 'ApplicationSettled':
      if (state.status !== 'routed') return state;
      return { ...state, status: 'settled', grantedFen: event.data.grantedFen, paidFen: event.data.paidFen, settledAt: event.data.settledAt };
    case 'DeadlineMissed': {
      if (state.status === 'none') return state;
      const key = missedDeadlineKey(event.data.deadline, event.data.caseId);
      return state.missedDeadlines.includes(key) ? state : { ...state, missedDeadlines: [...state.missedDeadlines, key] };
    }
    default:
      return state;
  }
}
