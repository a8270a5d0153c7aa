import { given } from '@onedoor/testing';
import type { DepartmentCaseCommand } from './commands';
import { decideInSequence, KIT_RECORD_FORMAT, recordedDecider, type CaseRecordFormat, type RecordedCaseEvent } from './recordFormat';
import { housingCaseFile, NOW, provenance, rentalSubsidy, APPLICATION, CASE, officer } from './testing/fixtures';

const programme = { ...rentalSubsidy, programmeId: '1', amount: { kind: 'rule' as const } };
const FORMAT: CaseRecordFormat = { streamId: (caseId) => `rule-case-${caseId}`, caseFileEvent: 'RuleCaseFileReceived', implicitProgramme: programme };
const decider = recordedDecider(FORMAT);

const open: DepartmentCaseCommand = {
  type: 'OpenCase',
  data: { caseId: CASE, department: 'medical-aid', applicationId: APPLICATION, caseFile: housingCaseFile, beneficiaryRef: 'p-applicant', jurisdiction: '321323100', programmes: [programme], now: NOW, dueBy: '2026-12-14' },
};
const grant: DepartmentCaseCommand = { type: 'GrantAid', data: { caseId: CASE, programmeId: '1', amountFen: 5_000, reasons: ['by the rule'], decidedBy: officer, inputs: { tier: 'dibao' }, provenance, now: NOW } };
const paid: DepartmentCaseCommand = { type: 'MarkPaid', data: { caseId: CASE, grantId: `${CASE}:1`, amountFen: 5_000, budgetId: 'b-1' } };

function history(...commands: DepartmentCaseCommand[]): RecordedCaseEvent[] {
  const events: RecordedCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}

describe('record format: a department keeps the records it always had', () => {
  it('records the case file under its own type and CaseOpened without the implicit programme, with the deadline given', () => {
    given(decider)
      .when(open)
      .then([
        { type: 'RuleCaseFileReceived', data: { caseId: CASE, caseFile: housingCaseFile, receivedAt: NOW } },
        { type: 'CaseOpened', data: { caseId: CASE, applicationId: APPLICATION, department: 'medical-aid', beneficiaryRef: 'p-applicant', jurisdiction: '321323100', dueBy: '2026-12-14' } },
      ]);
  });

  it('reads the records back as the kit\u2019s case, with the implicit programme', () => {
    const { state } = given(decider, history(open));
    expect(state).toMatchObject({ status: 'opened', caseFile: housingCaseFile, programmes: [programme] });
  });

  it('records a grant without programmeId, paidBy and the programme\u2019s amount, and its payment without paidBy', () => {
    given(decider, history(open))
      .when(grant)
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0].data).toMatchObject({ grantId: `${CASE}:1`, amountFen: 5_000, inputs: { tier: 'dibao' } });
        expect(Object.keys(events[0].data as object)).not.toEqual(expect.arrayContaining(['programmeId']));
        expect(events[0].data).not.toHaveProperty('paidBy');
        expect(events[0].data).not.toHaveProperty('inputs.amount');
      });
    given(decider, history(open, grant))
      .when(paid)
      .then([{ type: 'CasePaid', data: { caseId: CASE, applicationId: APPLICATION, department: 'medical-aid', grantId: `${CASE}:1`, amountFen: 5_000, budgetId: 'b-1' } }]);
    given(decider, history(open, grant, paid)).when(paid).then([]);
  });

  it('leaves the kit\u2019s own format as the kit writes it', () => {
    const kit = recordedDecider(KIT_RECORD_FORMAT);
    given(kit)
      .when({ ...open, data: { ...open.data, programmes: [rentalSubsidy] } } as DepartmentCaseCommand)
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['DepartmentCaseFileReceived', 'CaseOpened']);
        expect(events[1].data).toMatchObject({ programmes: [rentalSubsidy] });
      });
    expect(KIT_RECORD_FORMAT.streamId(CASE)).toBe(`case-${CASE}`);
  });
});

describe('decideInSequence: one department command that is several kit commands', () => {
  it('decides each command on the state the events before it left, and returns all their events in order', () => {
    expect(decideInSequence(decider, [open, grant, paid], decider.initialState)).toEqual(history(open, grant, paid));
  });

  it('throws what a later command\u2019s decision throws, so nothing of the sequence is appended', () => {
    expect(() => decideInSequence(decider, [open, paid], decider.initialState)).toThrow();
  });
});

