import type { IntakeCommand } from './commands';
import type { IntakeEvent } from './events';
import { flagMissedDeadline } from './flag-missed-deadline';
import { recordDepartmentOutcomes } from './settle-application';
import { evolve, initialState, type ApplicationState } from './state';
import { submitApplication } from './submit-application';

/** The application aggregate as a pure decider: no I/O, the clock arrives in each command as `now`. */
export function decide(command: IntakeCommand, state: ApplicationState): IntakeEvent[] {
  switch (command.type) {
    case 'SubmitApplication':
      return submitApplication(command.data, state);
    case 'RecordDepartmentOutcomes':
      return recordDepartmentOutcomes(command.data, state);
    case 'FlagMissedDeadline':
      return flagMissedDeadline(command.data, state);
  }
}

/**
 * The decider over the events it decides (IntakeEvent). Its `evolve` also folds what the store
 * holds (RecordedIntakeEvent: a sealed HouseholdAssessed contributes its clear structure).
 */
export const applicationDecider: {
  decide: typeof decide;
  evolve: (state: ApplicationState, event: IntakeEvent) => ApplicationState;
  initialState: ApplicationState;
} = { decide, evolve, initialState };
