/**
 * Education-aid cases run on the department kit but are recorded exactly as before: the same stream
 * id, event types, fields and field order (stores, replays and the audit chain read them unchanged).
 */
import type { ApplicationRouted } from '@onedoor/contracts';
import { openCaseFromRouting, type EducationAidCaseCommand } from './commands';
import { educationAidCaseDecider as decider } from './educationAidCase';
import { educationAidCaseStreamId } from './educationAidRecords';
import type { EducationAidCaseEvent } from './events';
import { APPEAL_BY, DUE_BY, member, NOW, params, siyangCaseFile } from './testing/fixtures';

const CASE = 'education-aid-app-siyang';
const routed = (caseFile = siyangCaseFile()): ApplicationRouted => ({
  applicationId: 'app-siyang',
  routes: [{ department: 'education-aid', caseId: CASE, reasons: ['a member is in school'], caseFile }],
  transferDueBy: '2026-11-24',
  provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: [] },
});
const assess: EducationAidCaseCommand = { type: 'Assess', data: { caseId: CASE, now: NOW, params, ledgers: {}, appealBy: APPEAL_BY } };
const paid: EducationAidCaseCommand = { type: 'MarkPaid', data: { caseId: CASE, grantId: `${CASE}:person-sibling`, amountFen: 200_000, budgetId: 'b-1' } };

function history(...commands: EducationAidCaseCommand[]): EducationAidCaseEvent[] {
  const events: EducationAidCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const keysOf = (e: EducationAidCaseEvent) => [e.type, Object.keys(e.data)];

describe('education-aid records: the kit\u2019s lifecycle in the format the store has always held', () => {
  it('keeps the stream id', () => {
    expect(educationAidCaseStreamId(CASE)).toBe('education-aid-case-education-aid-app-siyang');
  });

  it('records the case file, the opening, each student\u2019s grant and its payment with the same fields in the same order', () => {
    const events = history(openCaseFromRouting(routed(), { now: NOW, dueBy: DUE_BY }), assess, paid);
    expect(events.map(keysOf)).toEqual([
      ['EducationAidCaseFileReceived', ['caseId', 'caseFile', 'receivedAt']],
      ['CaseOpened', ['caseId', 'applicationId', 'department', 'beneficiaryRef', 'jurisdiction', 'dueBy']],
      ['AidGranted', ['caseId', 'applicationId', 'department', 'grantId', 'beneficiaryRef', 'amountFen', 'programme', 'jurisdiction', 'fiscalYear', 'decidedBy', 'reasons', 'inputs', 'provenance']],
      ['CasePaid', ['caseId', 'applicationId', 'department', 'grantId', 'amountFen', 'budgetId']],
    ]);
    expect(Object.keys((events[2].data as { inputs: object }).inputs)).toEqual(['tier', 'schoolYear', 'schoolStage', 'boarding', 'amounts', 'skippedStudents']);
  });

  it('records a refusal with the same fields in the same order', () => {
    const events = history(openCaseFromRouting(routed(siyangCaseFile({ members: [member('person-mother', { relation: 'self' })] })), { now: NOW, dueBy: DUE_BY }), assess);
    expect(keysOf(events[2])).toEqual(['AidRefused', ['caseId', 'applicationId', 'department', 'reasons', 'appealBy', 'decidedBy', 'inputs', 'provenance']]);
    expect(events[2].data).toMatchObject({ appealBy: APPEAL_BY, inputs: { tier: 'edge', schoolYear: '2026-2027', skippedStudents: [] } });
    expect(Object.keys((events[2].data as { inputs: object }).inputs)).toEqual(['tier', 'schoolYear', 'skippedStudents']);
  });
});
