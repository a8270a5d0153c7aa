import type { AidGranted, TemporaryAidCaseFile } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import type { DecisionContext, TemporaryAidCaseCommand } from './commands';
import type { TemporaryAidCaseEvent } from './events';
import type { LedgerException, PersonYearLedgerState } from './personYearLedger';
import { RuleViolation } from './ruleViolation';
import { temporaryAidCaseDecider as decider } from './temporaryAidCase';
import { APPEAL_BY, caseFile, DUE_BY, NOW, params } from './testing/fixtures';

const EMPTY: PersonYearLedgerState = { status: 'empty' };
const ctx: DecisionContext = { now: NOW, params, ledger: EMPTY, appealBy: APPEAL_BY };

const open = (file: TemporaryAidCaseFile, caseId = 'ta-1', ledger: PersonYearLedgerState = EMPTY): TemporaryAidCaseCommand => ({
  type: 'OpenCase',
  data: { ...ctx, ledger, caseId, caseFile: file, dueBy: DUE_BY },
});
const grantAutomatically = (ledger: PersonYearLedgerState = EMPTY, caseId = 'ta-1'): TemporaryAidCaseCommand => ({
  type: 'GrantAutomatically',
  data: { ...ctx, ledger, caseId },
});
const decide = (d: Partial<Extract<TemporaryAidCaseCommand, { type: 'Decide' }>['data']>): TemporaryAidCaseCommand => ({
  type: 'Decide',
  data: {
    ...ctx,
    caseId: 'ta-1',
    officer: { sub: 'officer-li', role: 'officer', level: 'county' },
    decision: 'approve',
    reasons: [],
    ...d,
  },
});

/** The events a sequence of commands produces from the start: the history for `given`. */
function history(...commands: TemporaryAidCaseCommand[]): TemporaryAidCaseEvent[] {
  const events: TemporaryAidCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const grantOf = (events: TemporaryAidCaseEvent[]) => events.find((e) => e.type === 'AidGranted')!.data as AidGranted;

const ledgerWith = (causes: TemporaryAidCaseFile['causes'], exceptions: LedgerException[] = []): PersonYearLedgerState => ({
  status: 'active',
  personRef: 'person-wang',
  year: 2026,
  grants: [{ caseId: 'ta-0', grantId: 'ta-0:1', causes, amountFen: 80_000, recordedAt: '2026-03-02T10:00:00+08:00' }],
  exceptions,
});

describe('temporary-aid case: OpenCase', () => {
  it('opens an urgent case without tier on the small fast track, due in 3 days, where the emergency happened', () => {
    const file = caseFile({ jurisdiction: '321323100', registeredJurisdiction: '510105001001' });
    given(decider)
      .when(open(file))
      .then([
        { type: 'TemporaryAidCaseFileReceived', data: { caseId: 'ta-1', caseFile: file, receivedAt: NOW } },
        {
          type: 'CaseOpened',
          data: {
            caseId: 'ta-1',
            applicationId: 'app-1',
            department: 'temporary-aid',
            beneficiaryRef: 'person-wang',
            jurisdiction: '321323100',
            dueBy: DUE_BY.small_fast,
            track: 'small_fast',
          },
        },
      ]);
  });

  it('chooses advance aid for an urgent case of an edge household and ordinary aid otherwise', () => {
    given(decider)
      .when(open(caseFile({ tier: 'edge' })))
      .then((events) => expect(events[1]).toMatchObject({ type: 'CaseOpened', data: { track: 'advance', dueBy: DUE_BY.advance } }));
    given(decider)
      .when(open(caseFile({ urgent: false, causes: ['unemployment'] })))
      .then((events) => expect(events[1]).toMatchObject({ data: { track: 'ordinary', dueBy: DUE_BY.ordinary } }));
  });

  it('opening the same case again is a no-op; another case on the same stream is refused', () => {
    given(decider, history(open(caseFile()))).when(open(caseFile())).then([]);
    given(decider, history(open(caseFile()))).when(open(caseFile(), 'ta-2')).thenFails(RuleViolation);
  });

  it('rejects parameters without a standard', () => {
    given(decider)
      .when({ type: 'OpenCase', data: { ...ctx, params: { ...params, dibaoStandardFen: 0 }, caseId: 'ta-1', caseFile: caseFile(), dueBy: DUE_BY } })
      .thenFails(/dibaoStandardFen/);
  });
});

describe('temporary-aid case: GrantAutomatically', () => {
  it('worked example 1 — night fire, migrant worker: small fast aid of 800 yuan by the system, no economic check', () => {
    const file = caseFile({ registeredJurisdiction: '510105001001' });
    const [event] = given(decider, history(open(file)))
      .when({ type: 'GrantAutomatically', data: { ...ctx, caseId: 'ta-1', actor: { sub: 'caseworker-zhao', role: 'caseworker' } } })
      .then((events) => expect(events).toHaveLength(1));
    expect(event).toEqual({
      type: 'AidGranted',
      data: {
        caseId: 'ta-1',
        applicationId: 'app-1',
        department: 'temporary-aid',
        grantId: 'ta-1:1',
        beneficiaryRef: 'person-wang',
        amountFen: 80_000,
        programme: 'temporary-aid',
        jurisdiction: '321323100',
        fiscalYear: 2026,
        decidedBy: { sub: 'caseworker-zhao', role: 'caseworker', level: 'system' },
        reasons: expect.arrayContaining([expect.stringMatching(/small fast aid/)]),
        inputs: expect.objectContaining({ track: 'small_fast', dibaoStandardFen: 80_000, multiple: 1, caseworker: 'caseworker-zhao' }),
        provenance: { parameterSetId: 'ps-321323-2026', parameterSetVersion: 2, ruleIds: expect.arrayContaining(['approvalCap']) },
        track: 'small_fast',
      },
    });
  });

  it('worked example 2 — Siyang chain: township advance aid of 3 × 800 = 2,400 yuan at once', () => {
    const file = caseFile({ tier: 'edge', causes: ['illness', 'schooling'] });
    given(decider, history(open(file)))
      .when(grantAutomatically())
      .then((events) =>
        expect(grantOf(events)).toMatchObject({ amountFen: 240_000, track: 'advance', decidedBy: { level: 'township' }, grantId: 'ta-1:1' }),
      );
  });

  it('the fiscal year is the calendar year in Beijing time', () => {
    given(decider, history(open(caseFile())))
      .when({ type: 'GrantAutomatically', data: { ...ctx, caseId: 'ta-1', now: '2026-12-31T20:00:00Z', ledger: EMPTY } })
      .then((events) => expect(grantOf(events).fiscalYear).toBe(2027));
  });

  it('is a no-op on a case already decided (redelivery)', () => {
    given(decider, history(open(caseFile()), grantAutomatically())).when(grantAutomatically()).then([]);
  });

  it('ordinary aid is never granted automatically', () => {
    given(decider, history(open(caseFile({ urgent: false }))))
      .when(grantAutomatically())
      .thenFails(/officer decides/);
  });

  it('a case that was never opened cannot be granted', () => {
    given(decider).when(grantAutomatically()).thenFails(/has not been opened/);
  });
});

describe('temporary-aid case: once per person per cause per calendar year', () => {
  it('worked example 3 — a second request for the same fire in the same year is refused in writing', () => {
    given(decider)
      .when(open(caseFile(), 'ta-1', ledgerWith(['fire'])))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['TemporaryAidCaseFileReceived', 'CaseOpened', 'AidRefused']);
        expect(events[2].data).toMatchObject({
          caseId: 'ta-1',
          department: 'temporary-aid',
          appealBy: APPEAL_BY,
          decidedBy: { level: 'system' },
          reasons: [expect.stringMatching(/cause "fire" was already granted to this person in 2026 \(case ta-0, grant ta-0:1\)/)],
          provenance: { ruleIds: expect.arrayContaining(['temporaryAidOncePerCausePerYear']) },
        });
      });
  });

  it('a different cause in the same year is aided', () => {
    given(decider, history(open(caseFile(), 'ta-1', ledgerWith(['accident']))))
      .when(grantAutomatically(ledgerWith(['accident'])))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['AidGranted']));
  });

  it('a county exception allows one more grant for the cause', () => {
    const exception: LedgerException = { exceptionId: 'ex-1', cause: 'fire', reason: 'second fire, house destroyed', grantedBy: 'officer-county' };
    const ledger = ledgerWith(['fire'], [exception]);
    given(decider, history(open(caseFile(), 'ta-1', ledger)))
      .when(grantAutomatically(ledger))
      .then((events) => {
        expect(grantOf(events).reasons).toEqual(expect.arrayContaining([expect.stringMatching(/exception ex-1/)]));
        expect(grantOf(events).inputs).toMatchObject({ exceptionsUsed: ['ex-1'] });
      });
  });

  it('a grant recorded meanwhile refuses the automatic grant in writing', () => {
    given(decider, history(open(caseFile())))
      .when(grantAutomatically(ledgerWith(['fire'])))
      .then((events) => expect(events).toEqual([expect.objectContaining({ type: 'AidRefused' })]));
  });

  it('the case’s own grant in the ledger does not count against it (idempotent re-check)', () => {
    const own: PersonYearLedgerState = {
      status: 'active',
      personRef: 'person-wang',
      year: 2026,
      grants: [{ caseId: 'ta-1', grantId: 'ta-1:1', causes: ['fire'], amountFen: 80_000, recordedAt: NOW }],
      exceptions: [],
    };
    given(decider, history(open(caseFile())))
      .when(grantAutomatically(own))
      .then((events) => expect(events[0].type).toBe('AidGranted'));
  });

  it('an officer cannot approve a repeated cause', () => {
    given(decider, history(open(caseFile({ urgent: false }))))
      .when(decide({ amountFen: 100_000, ledger: ledgerWith(['fire']) }))
      .thenFails(/once per calendar year/);
  });

  it('a ledger of another person is refused', () => {
    given(decider)
      .when(open(caseFile({ applicantRef: 'person-li' }), 'ta-1', ledgerWith(['fire'])))
      .thenFails(/the ledger given is for person-wang/);
  });
});

describe('temporary-aid case: Decide (officer)', () => {
  const ordinary = () => history(open(caseFile({ urgent: false, tier: 'dibao', causes: ['unemployment'] })));

  it('a township officer approves up to the township cap', () => {
    const township = { sub: 'officer-zhou', role: 'officer', level: 'township' as const };
    given(decider, ordinary())
      .when(decide({ officer: township, amountFen: 240_000, reasons: ['household visited'] }))
      .then((events) =>
        expect(grantOf(events)).toMatchObject({
          amountFen: 240_000,
          decidedBy: { sub: 'officer-zhou', level: 'township' },
          reasons: expect.arrayContaining(['household visited']),
          track: 'ordinary',
        }),
      );
    given(decider, ordinary())
      .when(decide({ officer: township, amountFen: 240_001 }))
      .thenFails(/only an officer at county level may approve/);
  });

  it('a county officer approves up to 6 × standard, 12 × in special hardship', () => {
    given(decider, ordinary())
      .when(decide({ amountFen: 480_000 }))
      .then((events) => expect(grantOf(events)).toMatchObject({ amountFen: 480_000, decidedBy: { level: 'county' } }));
    given(decider, ordinary()).when(decide({ amountFen: 480_001 })).thenFails(RuleViolation);
    given(decider, ordinary())
      .when(decide({ amountFen: 960_000, specialHardship: true }))
      .then((events) => expect(grantOf(events).inputs).toMatchObject({ specialHardship: true, multiple: 12 }));
    given(decider, ordinary()).when(decide({ amountFen: 960_001, specialHardship: true })).thenFails(/exceeds the cap/);
  });

  it('the cap of the emergency tracks binds officers too', () => {
    given(decider, history(open(caseFile()))).when(decide({ amountFen: 80_001 })).thenFails(/small fast aid/);
  });

  it('an approval needs a positive whole amount of fen', () => {
    given(decider, ordinary()).when(decide({ amountFen: undefined })).thenFails(/amountFen/);
    given(decider, ordinary()).when(decide({ amountFen: 100.5 })).thenFails(/amountFen/);
    given(decider, ordinary()).when(decide({ amountFen: 0 })).thenFails(/amountFen/);
  });

  it('a refusal needs written reasons and states the appeal deadline', () => {
    given(decider, ordinary()).when(decide({ decision: 'refuse', reasons: ['  '] })).thenFails(/reasons/);
    given(decider, ordinary())
      .when(decide({ decision: 'refuse', reasons: ['income above the standard after the check'] }))
      .then([
        {
          type: 'AidRefused',
          data: {
            caseId: 'ta-1',
            applicationId: 'app-1',
            department: 'temporary-aid',
            reasons: ['income above the standard after the check'],
            appealBy: APPEAL_BY,
            decidedBy: { sub: 'officer-li', role: 'officer', level: 'county' },
            inputs: expect.objectContaining({ track: 'ordinary', officerLevel: 'county' }),
            provenance: { parameterSetId: 'ps-321323-2026', parameterSetVersion: 2, ruleIds: [] },
          },
        },
      ]);
  });

  it('only an open case can be decided', () => {
    given(decider, history(open(caseFile()), grantAutomatically())).when(decide({ amountFen: 1 })).thenFails(/only an open case/);
    given(decider, history(open(caseFile({ urgent: false })), decide({ decision: 'refuse', reasons: ['x'] })))
      .when(decide({ amountFen: 1 }))
      .thenFails(/refused/);
    given(decider).when(decide({ amountFen: 1 })).thenFails(/has not been opened/);
    given(decider, ordinary()).when(decide({ caseId: 'ta-9', amountFen: 1 })).thenFails(/not ta-9/);
  });
});

describe('temporary-aid case: IssueReferrals', () => {
  const siyang = caseFile({ tier: 'edge', causes: ['illness', 'schooling'] });

  it('after the grant, refers illness to medical-aid and schooling to education-aid, each with its own case file', () => {
    given(decider, history(open(siyang), grantAutomatically()))
      .when({ type: 'IssueReferrals', data: { caseId: 'ta-1' } })
      .then([
        {
          type: 'ReferralIssued',
          data: { caseId: 'ta-1', applicationId: 'app-1', fromDepartment: 'temporary-aid', toDepartment: 'medical-aid', cause: 'illness', caseFile: siyang.referrals!['medical-aid']! },
        },
        {
          type: 'ReferralIssued',
          data: { caseId: 'ta-1', applicationId: 'app-1', fromDepartment: 'temporary-aid', toDepartment: 'education-aid', cause: 'schooling', caseFile: siyang.referrals!['education-aid']! },
        },
      ]);
  });

  it('never refers twice, and has nothing to refer for a fire', () => {
    const referral = { type: 'IssueReferrals', data: { caseId: 'ta-1' } } as const;
    given(decider, history(open(siyang), grantAutomatically(), referral)).when(referral).then([]);
    given(decider, history(open(caseFile()), grantAutomatically())).when(referral).then([]);
  });

  it('refers only after a grant', () => {
    given(decider, history(open(siyang)))
      .when({ type: 'IssueReferrals', data: { caseId: 'ta-1' } })
      .thenFails(/referrals follow the emergency grant/);
  });
});

describe('temporary-aid case: MarkPaid', () => {
  const paid = { type: 'MarkPaid', data: { caseId: 'ta-1', grantId: 'ta-1:1', amountFen: 80_000, budgetId: 'temporary-aid:2026:321323100' } } as const;

  it('the disbursement of the grant marks the case paid, once', () => {
    given(decider, history(open(caseFile()), grantAutomatically()))
      .when(paid)
      .then([
        {
          type: 'CasePaid',
          data: { caseId: 'ta-1', applicationId: 'app-1', department: 'temporary-aid', grantId: 'ta-1:1', amountFen: 80_000, budgetId: 'temporary-aid:2026:321323100' },
        },
      ]);
    given(decider, history(open(caseFile()), grantAutomatically(), paid)).when(paid).then([]);
  });

  it('a payment must match the grant', () => {
    given(decider, history(open(caseFile())))
      .when(paid)
      .thenFails(/no grant to pay/);
    given(decider, history(open(caseFile()), grantAutomatically()))
      .when({ ...paid, data: { ...paid.data, grantId: 'ta-2:1' } })
      .thenFails(/does not match/);
    given(decider, history(open(caseFile()), grantAutomatically()))
      .when({ ...paid, data: { ...paid.data, amountFen: 1 } })
      .thenFails(/does not match/);
  });

  it('referrals can still be issued after payment', () => {
    const siyang = caseFile({ tier: 'dibao', causes: ['illness'] });
    given(decider, history(open(siyang), grantAutomatically(), { ...paid, data: { ...paid.data, amountFen: 240_000 } }))
      .when({ type: 'IssueReferrals', data: { caseId: 'ta-1' } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralIssued']));
  });
});

describe('temporary-aid case: evolve', () => {
  it('folds a full life into the paid state', () => {
    const events = history(
      open(caseFile({ tier: 'edge', causes: ['illness'] })),
      grantAutomatically(),
      { type: 'IssueReferrals', data: { caseId: 'ta-1' } },
      { type: 'MarkPaid', data: { caseId: 'ta-1', grantId: 'ta-1:1', amountFen: 240_000, budgetId: 'b' } },
    );
    expect(given(decider, events).state).toMatchObject({
      status: 'paid',
      track: 'advance',
      grant: { grantId: 'ta-1:1', amountFen: 240_000, level: 'township', fiscalYear: 2026 },
      referredTo: ['medical-aid'],
      budgetId: 'b',
    });
  });
});
