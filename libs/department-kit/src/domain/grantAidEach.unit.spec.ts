import { given } from '@onedoor/testing';
import { caseStatusOf } from './caseStatus';
import type { DepartmentCaseCommand } from './commands';
import { departmentCaseDecider as decider } from './departmentCase';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import { CASE, NOW, officer, provenance, rentalSubsidy, routedToHousing } from './testing/fixtures';
import { openCaseFromRouting, ruleDecisions } from './workflow';

const open = openCaseFromRouting(routedToHousing([rentalSubsidy]), 'housing-aid', NOW)!;
const accept: DepartmentCaseCommand = { type: 'AcceptCase', data: { caseId: CASE, by: { sub: 'officer-li', role: 'officer' }, now: NOW } };
const each = (grants = [
  { beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['p-a rents alone'], inputs: { room: 'a' } },
  { beneficiaryRef: 'p-b', amountFen: 30_000, reasons: ['p-b rents alone'] },
]): DepartmentCaseCommand => ({ type: 'GrantAidEach', data: { caseId: CASE, programmeId: rentalSubsidy.programmeId, grants, decidedBy: officer, provenance, now: NOW } });
const paid = (beneficiaryRef: string, amountFen: number): DepartmentCaseCommand => ({
  type: 'MarkPaid',
  data: { caseId: CASE, grantId: `${CASE}:${beneficiaryRef}`, amountFen, budgetId: 'housing-aid:2026:321323' },
});

function history(...commands: DepartmentCaseCommand[]): DepartmentCaseEvent[] {
  const events: DepartmentCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const stateOf = (events: DepartmentCaseEvent[]) => events.reduce(decider.evolve, decider.initialState);
const violation = (rule: string) => (e: unknown) => {
  expect(e).toBeInstanceOf(RuleViolation);
  expect((e as RuleViolation).rule).toBe(rule);
};

describe('GrantAidEach: one programme granted to each of several beneficiaries', () => {
  it('grants each beneficiary under <caseId>:<beneficiaryRef>, with its own amount, reasons and inputs, paid by funding', () => {
    given(decider, history(open, accept))
      .when(each())
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['AidGranted', 'AidGranted']);
        expect(events[0].data).toMatchObject({
          grantId: `${CASE}:p-a`, beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['p-a rents alone'], fiscalYear: 2026,
          inputs: { room: 'a', amount: rentalSubsidy.amount }, programmeId: rentalSubsidy.programmeId, paidBy: 'funding', programme: 'housing-aid',
        });
        expect(events[1].data).toMatchObject({ grantId: `${CASE}:p-b`, beneficiaryRef: 'p-b', amountFen: 30_000, reasons: ['p-b rents alone'] });
      });
  });

  it('keeps every beneficiary’s grant; the case is paid once each grant is, and each payment is recorded once', () => {
    const granted = history(open, accept, each());
    const state = stateOf(granted);
    expect(state.status === 'opened' && state.decisions[rentalSubsidy.programmeId]).toEqual({
      status: 'granted_each',
      grants: [
        { grantId: `${CASE}:p-a`, beneficiaryRef: 'p-a', amountFen: 20_000, fiscalYear: 2026 },
        { grantId: `${CASE}:p-b`, beneficiaryRef: 'p-b', amountFen: 30_000, fiscalYear: 2026 },
      ],
    });
    given(decider, granted)
      .when(paid('p-a', 20_000))
      .then([{ type: 'CasePaid', data: expect.objectContaining({ grantId: `${CASE}:p-a`, amountFen: 20_000, budgetId: 'housing-aid:2026:321323', paidBy: 'funding' }) }]);
    const half = history(open, accept, each(), paid('p-a', 20_000));
    const halfState = stateOf(half);
    expect(halfState.status === 'opened' && caseStatusOf(halfState)).toBe('granted');
    given(decider, half).when(paid('p-a', 20_000)).then([]);
    const all = stateOf(history(open, accept, each(), paid('p-a', 20_000), paid('p-b', 30_000)));
    expect(all.status === 'opened' && caseStatusOf(all)).toBe('paid');
  });

  it('refuses a payment that matches no beneficiary’s grant, or another amount', () => {
    const granted = history(open, accept, each());
    violation('paymentMatchesGrant')(given(decider, granted).when(paid('p-c', 20_000)).thenFails());
    violation('paymentMatchesGrant')(given(decider, granted).when(paid('p-a', 1)).thenFails());
  });

  it('decides the programme once, for distinct beneficiaries, each with reasons and an amount within the bounds', () => {
    violation('programmeDecidedOnce')(given(decider, history(open, accept, each())).when(each()).thenFails());
    violation('validCommand')(given(decider, history(open, accept)).when(each([])).thenFails());
    violation('validCommand')(given(decider, history(open, accept)).when(each([{ beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['x'] }, { beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['y'] }])).thenFails());
    violation('decisionNeedsReasons')(given(decider, history(open, accept)).when(each([{ beneficiaryRef: 'p-a', amountFen: 20_000, reasons: [] }])).thenFails());
    violation('amountWithinBounds')(given(decider, history(open, accept)).when(each([{ beneficiaryRef: 'p-a', amountFen: 100_000, reasons: ['x'] }])).thenFails());
    violation('acceptedBeforeDecision')(given(decider, history(open)).when(each()).thenFails());
  });

  it('a rule outcome of a grant to each beneficiary becomes GrantAidEach', () => {
    const opened = stateOf(history(open));
    const commands = ruleDecisions(opened, () => ({ grant: 'each', grants: [{ beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['by the rule'] }] }), { now: NOW, appealWindowDays: 60, provenance });
    expect(commands).toEqual([
      { type: 'GrantAidEach', data: { caseId: CASE, programmeId: rentalSubsidy.programmeId, grants: [{ beneficiaryRef: 'p-a', amountFen: 20_000, reasons: ['by the rule'] }], decidedBy: { sub: 'housing-aid-rule', role: 'system', level: 'system' }, provenance, now: NOW } },
    ]);
  });
});
