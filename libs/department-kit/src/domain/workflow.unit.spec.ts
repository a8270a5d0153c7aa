import type { FundsDisbursed } from '@onedoor/contracts';
import { departmentCaseDecider as decider } from './departmentCase';
import type { DepartmentCaseEvent } from './events';
import { routedToHousing, housingCaseFile, NOW, provenance, rentalSubsidy, CASE } from './testing/fixtures';
import { defaultProgramme, fundingPays, ledgerEntryOf, markPaidFrom, openCaseFromRouting, ruleDecisions, type DepartmentRule } from './workflow';

const fold = (events: DepartmentCaseEvent[]) => events.reduce(decider.evolve, decider.initialState);

describe('workflow', () => {
  it('opens the case of the department the application was routed to, under <department>-<applicationId>', () => {
    const open = openCaseFromRouting(routedToHousing(), 'housing-aid', NOW)!;
    expect(open.data).toMatchObject({ caseId: CASE, beneficiaryRef: housingCaseFile.applicantRef, jurisdiction: '321323100', programmes: [rentalSubsidy, expect.anything()] });
    expect(openCaseFromRouting(routedToHousing(), 'employment-aid', NOW)).toBeUndefined();
  });

  it('gives a route written before the catalogue the department\u2019s own rule programme', () => {
    const routed = routedToHousing();
    const legacy = { ...routed, routes: routed.routes.map((r) => ({ ...r, programmes: undefined })) } as never;
    expect(openCaseFromRouting(legacy, 'housing-aid', NOW, 15)!.data.programmes).toEqual([defaultProgramme('housing-aid', 15)]);
  });

  it('lets a rule department decide every pending programme at once, as the system', () => {
    const opened = fold(decider.decide(openCaseFromRouting(routedToHousing(), 'housing-aid', NOW)!, decider.initialState));
    const rule: DepartmentRule = (_c, p) => (p.amount.kind === 'bounds' ? { grant: true, amountFen: p.amount.maxFen, reasons: ['the maximum'] } : { grant: false, reasons: ['none free'] });
    const commands = ruleDecisions(opened, rule, { now: NOW, appealWindowDays: 60, provenance });
    expect(commands.map((c) => [c.type, c.data.programmeId, c.data.decidedBy.level])).toEqual([
      ['GrantAid', 'housing-rental-subsidy', 'system'],
      ['RefuseAid', 'housing-public-rental', 'system'],
    ]);
    expect(ruleDecisions(decider.initialState, rule, { now: NOW, appealWindowDays: 60, provenance })).toEqual([]);
  });

  it('records a grant on the ledger before the case (ledger first)', () => {
    const granted = { caseId: CASE, grantId: 'g', beneficiaryRef: 'p1', amountFen: 500 } as never;
    expect(ledgerEntryOf(granted, { ledger: 'housing-aid', period: '2026', causes: ['housing'], limits: { capFen: 1000 } }, NOW)).toEqual({
      type: 'RecordEntry',
      data: { ledger: 'housing-aid', period: '2026', causes: ['housing'], limits: { capFen: 1000 }, personRef: 'p1', caseId: CASE, grantId: 'g', amountFen: 500, now: NOW },
    });
  });

  it('has funding pay grants with paidBy funding or none, and no others', () => {
    expect([fundingPays({}), fundingPays({ paidBy: 'funding' }), fundingPays({ paidBy: 'department' }), fundingPays({ paidBy: 'in_kind' })]).toEqual([true, true, false, false]);
  });

  it('turns FundsDisbursed into MarkPaid', () => {
    const paid: FundsDisbursed = { budgetId: 'b', grantId: 'g', caseId: CASE, applicationId: 'a', department: 'housing-aid', amountFen: 5 };
    expect(markPaidFrom(paid)).toEqual({ type: 'MarkPaid', data: { caseId: CASE, grantId: 'g', amountFen: 5, budgetId: 'b' } });
  });
});
