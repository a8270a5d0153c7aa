import type { MedicalAidCaseFile } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import type { DepartmentCaseCommand } from './commands';
import { departmentCaseDecider as decider } from './departmentCase';
import type { DepartmentCaseEvent } from './events';
import { recordedDecider } from './recordFormat';
import { RuleViolation } from './ruleViolation';
import { CASE, NOW, officer, provenance, rentalSubsidy, routedToHousing } from './testing/fixtures';
import { openCaseFromRouting } from './workflow';

const routed = openCaseFromRouting(routedToHousing(), 'housing-aid', NOW)!;
const open = (details?: Record<string, unknown>): DepartmentCaseCommand => ({ ...routed, data: { ...routed.data, ...(details ? { details } : {}) } } as DepartmentCaseCommand);
const accept: DepartmentCaseCommand = { type: 'AcceptCase', data: { caseId: CASE, by: { sub: 'officer-li', role: 'officer' }, now: NOW } };
const grant = (details?: Record<string, unknown>): DepartmentCaseCommand => ({
  type: 'GrantAid',
  data: { caseId: CASE, programmeId: rentalSubsidy.programmeId, amountFen: 60_000, reasons: ['renting 30 m² for 3 people'], decidedBy: officer, provenance, now: NOW, ...(details ? { details } : {}) },
});
const medicalFile = { applicationId: 'app-housing-1', applicantRef: 'p-applicant' } as unknown as MedicalAidCaseFile;
const refer = (toDepartment: 'medical-aid' | 'education-aid' = 'medical-aid'): DepartmentCaseCommand => ({
  type: 'ReferCase',
  data: { caseId: CASE, toDepartment, cause: 'illness', caseFile: medicalFile },
});

function history(...commands: DepartmentCaseCommand[]): DepartmentCaseEvent[] {
  const events: DepartmentCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}

describe("a department's own fields on CaseOpened and AidGranted", () => {
  it('follow the kit’s fields on CaseOpened and are read back as the case’s details', () => {
    const events = history(open({ track: 'ordinary', priority: 2 }));
    const opened = events.find((e) => e.type === 'CaseOpened')!;
    expect(Object.keys(opened.data).slice(-3)).toEqual(['programmes', 'track', 'priority']);
    expect(given(decider, events).state).toMatchObject({ status: 'opened', details: { track: 'ordinary', priority: 2 } });
  });

  it('a case opened without details has none on record', () => {
    expect(given(decider, history(open())).state).not.toHaveProperty('details');
  });

  it('follow the kit’s fields on AidGranted', () => {
    given(decider, history(open(), accept))
      .when(grant({ track: 'ordinary' }))
      .then((events) => expect(Object.keys(events[0].data).slice(-3)).toEqual(['programmeId', 'paidBy', 'track']));
  });

  it('may not name a field of the kit’s event', () => {
    const e = given(decider).when(open({ dueBy: '2030-01-01' })).thenFails(/details may not name the kit's fields: dueBy/);
    expect((e as RuleViolation).field).toBe('details');
    given(decider, history(open(), accept)).when(grant({ amountFen: 1 })).thenFails(RuleViolation);
  });
});

describe('ReferCase', () => {
  it('refers the case on with the cause and the receiving department’s case file, each department once', () => {
    given(decider, history(open()))
      .when(refer())
      .then([
        {
          type: 'ReferralIssued',
          data: { caseId: CASE, applicationId: 'app-housing-1', fromDepartment: 'housing-aid' as never, toDepartment: 'medical-aid', cause: 'illness', caseFile: medicalFile },
        },
      ]);
    given(decider, history(open(), refer())).when(refer()).then([]);
    given(decider, history(open(), refer()))
      .when(refer('education-aid'))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralIssued']));
    expect(given(decider, history(open(), refer(), refer('education-aid'))).state).toMatchObject({ referredTo: ['medical-aid', 'education-aid'] });
  });

  it('needs an opened case, and never refers a case to its own department', () => {
    given(decider).when(refer()).thenFails(/has not been opened/);
    const self: DepartmentCaseCommand = { type: 'ReferCase', data: { caseId: CASE, toDepartment: 'housing-aid' as never, cause: 'illness', caseFile: medicalFile } };
    given(decider, history(open())).when(self).thenFails(/not referred to itself/);
  });

  it('is recorded unchanged in a department’s own format', () => {
    const kit = recordedDecider({ streamId: (id) => `x-case-${id}`, caseFileEvent: 'XCaseFileReceived', implicitProgramme: rentalSubsidy });
    const state = history(open()).reduce(decider.evolve, decider.initialState);
    const recorded = kit.decide(refer(), state);
    expect(recorded).toEqual(decider.decide(refer(), state));
    expect(kit.evolve(state, recorded[0])).toMatchObject({ referredTo: ['medical-aid'] });
  });
});
