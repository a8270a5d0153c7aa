import { given } from '@onedoor/testing';
import type { DepartmentCaseCommand } from './commands';
import { departmentCaseDecider as decider } from './departmentCase';
import { caseStatusOf } from './caseStatus';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import { APPLICATION, CASE, housingCaseFile, NOW, officer, provenance, publicRentalHome, rentalSubsidy } from './testing/fixtures';
import { openCaseFromRouting } from './workflow';
import { routedToHousing } from './testing/fixtures';

const open = openCaseFromRouting(routedToHousing(), 'housing-aid', NOW)!;
const accept: DepartmentCaseCommand = { type: 'AcceptCase', data: { caseId: CASE, by: { sub: 'officer-li', role: 'officer' }, now: NOW } };
const grant = (data: Partial<Extract<DepartmentCaseCommand, { type: 'GrantAid' }>['data']> = {}): DepartmentCaseCommand => ({
  type: 'GrantAid',
  data: { caseId: CASE, programmeId: rentalSubsidy.programmeId, amountFen: 60_000, reasons: ['renting 30 m² for 3 people'], decidedBy: officer, provenance, now: NOW, ...data },
});
const refuse = (programmeId?: string): DepartmentCaseCommand => ({
  type: 'RefuseAid',
  data: { caseId: CASE, ...(programmeId ? { programmeId } : {}), reasons: ['no public rental home is free'], decidedBy: officer, appealWindowDays: 60, provenance, now: NOW },
});
const GRANT_ID = `${CASE}:${rentalSubsidy.programmeId}`;

function history(...commands: DepartmentCaseCommand[]): DepartmentCaseEvent[] {
  const events: DepartmentCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const stateOf = (events: DepartmentCaseEvent[]) => events.reduce(decider.evolve, decider.initialState);
const violation = (rule: string, field?: string) => (e: unknown) => {
  expect(e).toBeInstanceOf(RuleViolation);
  expect((e as RuleViolation).rule).toBe(rule);
  if (field) expect((e as RuleViolation).field).toBe(field);
};

describe('OpenCase', () => {
  it('receives the case file privately and opens the case with its programmes, due by the shortest decision time in China working days', () => {
    given(decider).when(open).then([
      { type: 'DepartmentCaseFileReceived', data: { caseId: CASE, caseFile: housingCaseFile, receivedAt: NOW } },
      {
        type: 'CaseOpened',
        data: {
          caseId: CASE,
          applicationId: APPLICATION,
          department: 'housing-aid',
          beneficiaryRef: 'p-applicant',
          jurisdiction: '321323100',
          // Monday 2026-11-30 + 10 working days
          dueBy: '2026-12-14',
          programmes: [rentalSubsidy, publicRentalHome],
        },
      },
    ]);
  });
  it('is a no-op when the case is already open (a redelivered routing)', () => {
    given(decider, history(open)).when(open).then([]);
  });
  it('refuses another case on the same stream', () => {
    violation('caseIdMatches')(given(decider, history(open)).when({ ...open, data: { ...open.data, caseId: 'housing-aid-other' } }).thenFails());
  });
  it('refuses a case file of another application', () => {
    violation('validCommand')(given(decider).when({ ...open, data: { ...open.data, applicationId: 'other' } }).thenFails());
  });
  it('refuses a jurisdiction that is not a division code', () => {
    violation('validCommand')(given(decider).when({ ...open, data: { ...open.data, jurisdiction: 'x' } }).thenFails());
  });
  it('refuses a case with no programme', () => {
    violation('caseHasProgrammes')(given(decider).when({ ...open, data: { ...open.data, programmes: [] } }).thenFails());
  });
});

describe('AcceptCase', () => {
  it('records who took the case on', () => {
    given(decider, history(open)).when(accept).then([
      { type: 'CaseAccepted', data: { caseId: CASE, applicationId: APPLICATION, department: 'housing-aid', acceptedBy: { sub: 'officer-li', role: 'officer' }, acceptedAt: NOW } },
    ]);
    expect(caseStatusOf(stateOf(history(open, accept)) as never)).toBe('accepted');
  });
  it('is a no-op the second time', () => {
    given(decider, history(open, accept)).when(accept).then([]);
  });
  it('refuses an unknown case', () => {
    violation('caseMustExist')(given(decider).when(accept).thenFails());
  });
  it('is for partner departments only', () => {
    const ruleOpen = openCaseFromRouting({ ...routedToHousing(), routes: [{ department: 'medical-aid', caseId: 'm', reasons: [], caseFile: { ...housingCaseFile, causes: ['illness'], medical: { patientRef: 'p', residualCostFen: 1 } } as never }] }, 'medical-aid', NOW)!;
    const c: DepartmentCaseCommand = { type: 'AcceptCase', data: { ...accept.data, caseId: ruleOpen.data.caseId } as never };
    violation('acceptanceIsForPartners')(given(decider, history(ruleOpen)).when(c).thenFails());
  });
  it('refuses a decided case', () => {
    const refusedWithoutAccept = history(open, accept, refuse()).filter((e) => e.type !== 'CaseAccepted');
    violation('programmeDecidedOnce')(given(decider, refusedWithoutAccept).when(accept).thenFails());
  });
});

describe('GrantAid', () => {
  it('grants within the bounds, paid by funding by default, with reasons, provenance and who decided', () => {
    given(decider, history(open, accept)).when(grant()).then([
      {
        type: 'AidGranted',
        data: {
          caseId: CASE,
          applicationId: APPLICATION,
          department: 'housing-aid',
          grantId: GRANT_ID,
          beneficiaryRef: 'p-applicant',
          amountFen: 60_000,
          programme: 'housing-aid',
          jurisdiction: '321323100',
          fiscalYear: 2026,
          decidedBy: officer,
          reasons: ['renting 30 m² for 3 people'],
          inputs: { amount: rentalSubsidy.amount },
          provenance,
          programmeId: rentalSubsidy.programmeId,
          paidBy: 'funding',
        },
      },
    ]);
  });
  it('grants paid by the department system when asked', () => {
    given(decider, history(open, accept)).when(grant({ paidBy: 'department' })).then((events) => expect(events[0].data).toMatchObject({ paidBy: 'department' }));
  });
  it('grants the bounds themselves (inclusive)', () => {
    given(decider, history(open, accept)).when(grant({ amountFen: 90_000 })).then((events) => expect(events).toHaveLength(1));
    given(decider, history(open, accept)).when(grant({ amountFen: 10_000 })).then((events) => expect(events).toHaveLength(1));
  });
  it('grants in kind with amount 0, paid by nobody', () => {
    given(decider, history(open, accept))
      .when(grant({ programmeId: publicRentalHome.programmeId, amountFen: 0 }))
      .then((events) => expect(events[0].data).toMatchObject({ amountFen: 0, paidBy: 'in_kind', programmeId: publicRentalHome.programmeId }));
  });
  it('refuses an amount above the bounds (field amountFen)', () => {
    violation('amountWithinBounds', 'amountFen')(given(decider, history(open, accept)).when(grant({ amountFen: 90_001 })).thenFails());
  });
  it('refuses an amount below the bounds', () => {
    violation('amountWithinBounds', 'amountFen')(given(decider, history(open, accept)).when(grant({ amountFen: 9_999 })).thenFails());
  });
  it('refuses a fractional or negative amount', () => {
    violation('validCommand', 'amountFen')(given(decider, history(open, accept)).when(grant({ amountFen: 100.5 })).thenFails());
    violation('validCommand', 'amountFen')(given(decider, history(open, accept)).when(grant({ amountFen: -1 })).thenFails());
  });
  it('refuses an amount for an in-kind programme', () => {
    violation('inKindHasNoAmount', 'amountFen')(given(decider, history(open, accept)).when(grant({ programmeId: publicRentalHome.programmeId, amountFen: 100 })).thenFails());
  });
  it('refuses a payer that does not fit the programme', () => {
    violation('payerFitsProgramme', 'paidBy')(given(decider, history(open, accept)).when(grant({ paidBy: 'in_kind' })).thenFails());
    violation('payerFitsProgramme', 'paidBy')(given(decider, history(open, accept)).when(grant({ programmeId: publicRentalHome.programmeId, amountFen: 0, paidBy: 'funding' })).thenFails());
  });
  it('refuses a programme that is not on the case', () => {
    violation('programmeOnCase', 'programmeId')(given(decider, history(open, accept)).when(grant({ programmeId: 'employment-training' })).thenFails());
  });
  it('refuses to decide a partner case before it is accepted', () => {
    violation('acceptedBeforeDecision')(given(decider, history(open)).when(grant()).thenFails());
  });
  it('refuses to decide a programme twice', () => {
    violation('programmeDecidedOnce')(given(decider, history(open, accept, grant())).when(grant()).thenFails());
  });
  it('refuses a decision without written reasons', () => {
    violation('decisionNeedsReasons', 'reasons')(given(decider, history(open, accept)).when(grant({ reasons: ['  '] })).thenFails());
  });
  it('refuses an unknown case', () => {
    violation('caseMustExist')(given(decider).when(grant()).thenFails());
  });
});

describe('RefuseAid', () => {
  it('refuses one programme in writing with the appeal date (60 calendar days)', () => {
    given(decider, history(open, accept)).when(refuse(publicRentalHome.programmeId)).then([
      {
        type: 'AidRefused',
        data: {
          caseId: CASE,
          applicationId: APPLICATION,
          department: 'housing-aid',
          reasons: ['no public rental home is free'],
          appealBy: '2027-01-29',
          decidedBy: officer,
          inputs: {},
          provenance,
          programmeId: publicRentalHome.programmeId,
        },
      },
    ]);
  });
  it('refuses every pending programme without a programmeId: the case is refused', () => {
    const events = history(open, accept, refuse());
    expect(events.at(-1)).toMatchObject({ type: 'AidRefused', data: { appealBy: '2027-01-29' } });
    expect(caseStatusOf(stateOf(events) as never)).toBe('refused');
  });
  it('refuses to refuse a decided programme', () => {
    violation('programmeDecidedOnce')(given(decider, history(open, accept, grant())).when(refuse(rentalSubsidy.programmeId)).thenFails());
  });
  it('refuses to refuse a case with nothing left to decide', () => {
    violation('programmeDecidedOnce')(given(decider, history(open, accept, refuse())).when(refuse()).thenFails());
  });
  it('refuses a refusal without reasons', () => {
    const c = refuse();
    violation('decisionNeedsReasons')(given(decider, history(open, accept)).when({ ...c, data: { ...c.data, reasons: [] } } as DepartmentCaseCommand).thenFails());
  });
  it('refuses an appeal window that is not a positive number of days', () => {
    const c = refuse();
    violation('validCommand')(given(decider, history(open, accept)).when({ ...c, data: { ...c.data, appealWindowDays: 0 } } as DepartmentCaseCommand).thenFails());
  });
  it('refuses before acceptance', () => {
    violation('acceptedBeforeDecision')(given(decider, history(open)).when(refuse()).thenFails());
  });
});

describe('MarkPaid (funding paid)', () => {
  const paid: DepartmentCaseCommand = { type: 'MarkPaid', data: { caseId: CASE, grantId: GRANT_ID, amountFen: 60_000, budgetId: 'housing-aid:2026:321323' } };
  const inKind = grant({ programmeId: publicRentalHome.programmeId, amountFen: 0 });
  it('records CasePaid from the budget; the case is paid when every grant is', () => {
    given(decider, history(open, accept, grant(), inKind)).when(paid).then([
      { type: 'CasePaid', data: { caseId: CASE, applicationId: APPLICATION, department: 'housing-aid', grantId: GRANT_ID, amountFen: 60_000, budgetId: 'housing-aid:2026:321323', paidBy: 'funding' } },
    ]);
    expect(caseStatusOf(stateOf(history(open, accept, grant(), inKind, paid)) as never)).toBe('paid');
  });
  it('is a no-op when redelivered', () => {
    given(decider, history(open, accept, grant(), paid)).when(paid).then([]);
  });
  it('refuses a payment of another amount', () => {
    violation('paymentMatchesGrant')(given(decider, history(open, accept, grant())).when({ ...paid, data: { ...paid.data, amountFen: 1 } } as DepartmentCaseCommand).thenFails());
  });
  it('refuses an unknown grant', () => {
    violation('paymentMatchesGrant')(given(decider, history(open, accept)).when(paid).thenFails());
  });
  it('refuses to mark paid by funding a grant the department pays', () => {
    violation('paymentMatchesGrant')(given(decider, history(open, accept, grant({ paidBy: 'department' }))).when(paid).thenFails());
  });
});

describe('ReportPayment (the department system paid)', () => {
  const report = (data: Partial<Extract<DepartmentCaseCommand, { type: 'ReportPayment' }>['data']> = {}): DepartmentCaseCommand => ({
    type: 'ReportPayment',
    data: { caseId: CASE, programmeId: rentalSubsidy.programmeId, amountFen: 60_000, paymentReference: 'HZ-2026-0001', reportedBy: { sub: 'housing-system', role: 'officer' }, now: NOW, ...data },
  });
  const byDepartment = grant({ paidBy: 'department' });
  it('records CasePaid with the reference and the department as payer', () => {
    given(decider, history(open, accept, byDepartment)).when(report()).then([
      {
        type: 'CasePaid',
        data: {
          caseId: CASE,
          applicationId: APPLICATION,
          department: 'housing-aid',
          grantId: GRANT_ID,
          amountFen: 60_000,
          budgetId: 'department:housing-aid',
          paidBy: 'department',
          paymentReference: 'HZ-2026-0001',
        },
      },
    ]);
  });
  it('is a no-op for the same report again', () => {
    given(decider, history(open, accept, byDepartment, report())).when(report()).then([]);
  });
  it('refuses a second payment under another reference', () => {
    violation('paidOnce')(given(decider, history(open, accept, byDepartment, report())).when(report({ paymentReference: 'HZ-2' })).thenFails());
  });
  it('refuses an amount other than the grant (field amountFen)', () => {
    violation('paymentMatchesGrant', 'amountFen')(given(decider, history(open, accept, byDepartment)).when(report({ amountFen: 59_999 })).thenFails());
  });
  it('refuses a report without a reference', () => {
    violation('paymentReferenceRequired', 'paymentReference')(given(decider, history(open, accept, byDepartment)).when(report({ paymentReference: ' ' })).thenFails());
  });
  it('refuses a report for a grant funding pays', () => {
    violation('paymentMatchesGrant', 'paidBy')(given(decider, history(open, accept, grant())).when(report()).thenFails());
  });
  it('without programmeId, pays the only grant paid by the department', () => {
    given(decider, history(open, accept, byDepartment)).when(report({ programmeId: undefined })).then((events) => expect(events[0]).toMatchObject({ type: 'CasePaid', data: { grantId: GRANT_ID } }));
  });
  it('without programmeId, a second report of the only grant paid by the department, already paid, is refused as paid once', () => {
    violation('paidOnce')(given(decider, history(open, accept, byDepartment, report())).when(report({ programmeId: undefined, paymentReference: 'HZ-2' })).thenFails());
    given(decider, history(open, accept, byDepartment, report())).when(report({ programmeId: undefined })).then([]);
  });
  it('without programmeId, a case with no grant paid by the department has no payment to report', () => {
    violation('paymentMatchesGrant')(given(decider, history(open, accept, grant())).when(report({ programmeId: undefined })).thenFails());
  });
  it('refuses a report for an undecided programme', () => {
    violation('paymentMatchesGrant')(given(decider, history(open, accept)).when(report()).thenFails());
  });
});

describe('FlagMissedDeadline', () => {
  const flag = (now: string): DepartmentCaseCommand => ({ type: 'FlagMissedDeadline', data: { caseId: CASE, service: 'partners', now } });
  it('escalates an undecided case past its due date to the level above, once', () => {
    given(decider, history(open, accept)).when(flag('2026-12-15T01:00:00.000Z')).then([
      { type: 'DeadlineMissed', data: { applicationId: APPLICATION, caseId: CASE, service: 'partners', deadline: 'ordinary_decision', dueBy: '2026-12-14', escalatedTo: '321323' } },
    ]);
    given(decider, history(open, accept, flag('2026-12-15T01:00:00.000Z'))).when(flag('2026-12-16T01:00:00.000Z')).then([]);
  });
  it('counts the due date in China time: 23:30 on the due date in China is still in time', () => {
    violation('deadlinePassed')(given(decider, history(open)).when(flag('2026-12-14T15:30:00.000Z')).thenFails());
  });
  it('has nothing to escalate once every programme is decided', () => {
    given(decider, history(open, accept, refuse())).when(flag('2027-01-15T01:00:00.000Z')).then([]);
  });
  it('refuses an unknown case', () => {
    violation('caseMustExist')(given(decider).when(flag(NOW)).thenFails());
  });
});
