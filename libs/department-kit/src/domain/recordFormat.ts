/**
 * How a department's case events are recorded in its store. The kit's own format
 * (`KIT_RECORD_FORMAT`): stream `case-<caseId>`, DepartmentCaseFileReceived, the programmes on
 * CaseOpened, programmeId and paidBy on decisions. A department whose cases were recorded before the
 * programme catalogue keeps its records exactly as they are (stores, replays and the audit chain
 * read them unchanged): its own stream prefix and case-file event type, and one implicit programme
 * its events never name — CaseOpened without programmes, AidGranted without programmeId, paidBy and
 * the programme's amount in its inputs, CasePaid without paidBy. The kit's deciders work on the
 * kit's events; `recordedDecider` writes and reads them in the department's format.
 */
import type { DepartmentCaseFile, RoutedProgramme } from '@onedoor/contracts';
import type { DepartmentCaseCommand } from './commands';
import { departmentCaseDecider } from './departmentCase';
import type { DepartmentCaseEvent } from './events';
import { departmentCaseStreamId, type DepartmentCaseState } from './state';

export interface CaseRecordFormat {
  /** The case's stream in the hosting service's store. */
  streamId: (caseId: string) => string;
  /** The type the private case-file event is recorded under. */
  caseFileEvent: string;
  /** The one programme of every case, never written on its events; absent: the programmes are recorded. */
  implicitProgramme?: RoutedProgramme;
  /** Reads a recorded case file as the department's (e.g. intake's full file of version-1 routings). */
  readCaseFile?: (caseFile: DepartmentCaseFile) => DepartmentCaseFile;
}

/** An event as the department records it: a kit event, renamed or with fields left out by the format. */
export type RecordedCaseEvent = { type: string; data: unknown };

export const KIT_RECORD_FORMAT: CaseRecordFormat = { streamId: departmentCaseStreamId, caseFileEvent: 'DepartmentCaseFileReceived' };

const without = <T extends object>(data: T, ...keys: string[]): T => Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k))) as T;

/** The kit's event as the department records it. */
export function recordCaseEvent(format: CaseRecordFormat, event: DepartmentCaseEvent): RecordedCaseEvent {
  if (event.type === 'DepartmentCaseFileReceived') return { type: format.caseFileEvent, data: event.data };
  if (!format.implicitProgramme) return event;
  switch (event.type) {
    case 'CaseOpened':
      return { type: event.type, data: without(event.data, 'programmes') };
    case 'AidGranted': {
      const { amount: _amount, ...inputs } = event.data.inputs as Record<string, unknown>;
      return { type: event.type, data: { ...without(event.data, 'programmeId', 'paidBy'), inputs } };
    }
    case 'AidRefused':
      return { type: event.type, data: without(event.data, 'programmeId') };
    case 'CasePaid':
      return { type: event.type, data: without(event.data, 'paidBy') };
    default:
      return event;
  }
}

/** A recorded event read back as the kit's (the implicit programme on CaseOpened, the case file read as the department's). */
export function readCaseEvent(format: CaseRecordFormat, event: RecordedCaseEvent): DepartmentCaseEvent {
  if (event.type === format.caseFileEvent) {
    const data = event.data as Extract<DepartmentCaseEvent, { type: 'DepartmentCaseFileReceived' }>['data'];
    return { type: 'DepartmentCaseFileReceived', data: format.readCaseFile ? { ...data, caseFile: format.readCaseFile(data.caseFile) } : data };
  }
  const e = event as DepartmentCaseEvent;
  if (e.type === 'CaseOpened' && format.implicitProgramme && !e.data.programmes) return { type: e.type, data: { ...e.data, programmes: [format.implicitProgramme] } };
  return e;
}

/** The kit's case decider writing and reading the department's format (for load / execute on its streams). */
export function recordedDecider(format: CaseRecordFormat) {
  return {
    decide: (command: DepartmentCaseCommand, state: DepartmentCaseState): RecordedCaseEvent[] =>
      departmentCaseDecider.decide(command, state).map((e) => recordCaseEvent(format, e)),
    evolve: (state: DepartmentCaseState, event: RecordedCaseEvent): DepartmentCaseState => departmentCaseDecider.evolve(state, readCaseEvent(format, event)),
    initialState: departmentCaseDecider.initialState,
  };
}

/**
 * Decides `commands` one after another, each on the state the events before it left, and returns
 * all their events in order: a department's own command that is several kit commands (open, then
 * decide by its rule). Pure; throws what the decider throws (RuleViolation), appending nothing.
 */
export function decideInSequence<S, E>(
  decider: { decide(command: DepartmentCaseCommand, state: S): readonly E[]; evolve(state: S, event: E): S },
  commands: Iterable<DepartmentCaseCommand>,
  state: S,
): E[] {
  const events: E[] = [];
  let current = state;
  for (const command of commands) {
    for (const e of decider.decide(command, current)) {
      events.push(e);
      current = decider.evolve(current, e);
    }
  }
  return events;
}
