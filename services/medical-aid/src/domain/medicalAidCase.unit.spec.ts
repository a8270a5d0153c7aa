import type { ApplicationRouted, ReferralIssued } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import { MedicalAidCaseCommand, openCaseFromReferral, openCaseFromRouting } from './commands';
import type { MedicalAidCaseEvent } from './events';
import { medicalAidCaseDecider as decider } from './medicalAidCase';
import type { PersonYearLedgerState } from './personYearLedger';
import { APPEAL_BY, DUE_BY, NOW, params, siyangCaseFile } from './testing/fixtures';

const CASE = 'medical-aid-app-siyang';
const file = siyangCaseFile();
const routed: ApplicationRouted = {
  applicationId: 'app-siyang',
  routes: [{ department: 'medical-aid', caseId: CASE, reasons: ['illness'], caseFile: file }],
  transferDueBy: '2026-11-24',
  provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: [] },
};
const referral: ReferralIssued = {
  caseId: 'ta-1',
  applicationId: 'app-siyang',
  fromDepartment: 'temporary-aid',
  toDepartment: 'medical-aid',
  cause: 'illness',
  caseFile: file,
};
const when = { now: NOW, dueBy: DUE_BY };
const EMPTY: PersonYearLedgerState = { status: 'empty' };
const assess = (ledger: PersonYearLedgerState = EMPTY): MedicalAidCaseCommand => ({
  type: 'Assess',
  data: { caseId: CASE, now: NOW, params, ledger, appealBy: APPEAL_BY },
});
const paid = { type: 'MarkPaid', data: { caseId: CASE, grantId: `${CASE}:1`, amountFen: 2_220_000, budgetId: 'medical-aid:2026:321323' } } as const;

function history(...commands: MedicalAidCaseCommand[]): MedicalAidCaseEvent[] {
  const events: MedicalAidCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const routedWith = (caseFile: typeof file): ApplicationRouted => ({ ...routed, routes: [{ department: 'medical-aid', caseId: CASE, reasons: ['illness'], caseFile }] });
const openedFrom = (caseFile = file) => history(openCaseFromRouting(routedWith(caseFile), when));

describe('medical-aid case: OpenCase', () => {
  it('opens from ApplicationRouted for the patient, where the household is registered', () => {
    given(decider)
      .when(openCaseFromRouting(routed, when))
      .then([
        { type: 'MedicalAidCaseFileReceived', data: { caseId: CASE, caseFile: file, receivedAt: NOW } },
        {
          type: 'CaseOpened',
          data: {
            caseId: CASE,
            applicationId: 'app-siyang',
            department: 'medical-aid',
            beneficiaryRef: 'person-child',
            jurisdiction: '321323100201',
            dueBy: DUE_BY,
          },
        },
      ]);
  });

  it('opens from ReferralIssued, naming the referring department', () => {
    given(decider)
      .when(openCaseFromReferral(referral, when))
      .then((events) => expect(events[1]).toMatchObject({ type: 'CaseOpened', data: { caseId: CASE, referredBy: 'temporary-aid' } }));
  });

  it('whichever comes second is a no-op', () => {
    given(decider, history(openCaseFromRouting(routed, when))).when(openCaseFromReferral(referral, when)).then([]);
    given(decider, history(openCaseFromReferral(referral, when))).when(openCaseFromRouting(routed, when)).then([]);
    given(decider, history(openCaseFromReferral(referral, when), assess())).when(openCaseFromRouting(routed, when)).then([]);
  });

  it('without a named patient the applicant is the beneficiary', () => {
    given(decider)
      .when(openCaseFromRouting(routedWith(siyangCaseFile({ medical: undefined })), when))
      .then((events) => expect(events[1].data).toMatchObject({ beneficiaryRef: 'person-mother' }));
  });

  it('refuses a case file of another application', () => {
    given(decider)
      .when({ type: 'OpenCase', data: { applicationId: 'app-other', caseFile: file, ...when } })
      .thenFails(/belong to the application/);
  });
});

describe('medical-aid case: Assess', () => {
  it('worked example 2: the edge household’s child gets (40,000 − 3,000) × 60 % = 22,200 yuan', () => {
    given(decider, openedFrom())
      .when(assess())
      .then([
        {
          type: 'AidGranted',
          data: {
            caseId: CASE,
            applicationId: 'app-siyang',
            department: 'medical-aid',
            grantId: `${CASE}:1`,
            beneficiaryRef: 'person-child',
            amountFen: 2_220_000,
            programme: 'medical-aid',
            jurisdiction: '321323100201',
            fiscalYear: 2026,
            decidedBy: { sub: 'system', role: 'system', level: 'system' },
            reasons: expect.arrayContaining([expect.stringMatching(/residual 4000000 − deductible 300000\) × 60 % = 2220000 fen/)]),
            inputs: expect.objectContaining({ tier: 'edge', residualCostFen: 4_000_000, ratioBasisPoints: 6000, patientRef: 'person-child' }),
            provenance: { parameterSetId: 'ps-321323-2026', parameterSetVersion: 2, ruleIds: ['medicalAidAmount'] },
          },
        },
      ]);
  });

  it('counts what other cases granted to the patient this year against the annual cap', () => {
    const ledger: PersonYearLedgerState = {
      status: 'active',
      personRef: 'person-child',
      year: 2026,
      grants: [{ caseId: 'medical-aid-app-earlier', grantId: 'medical-aid-app-earlier:1', amountFen: 4_000_000 }],
      totalFen: 4_000_000,
    };
    given(decider, openedFrom())
      .when(assess(ledger))
      .then((events) => expect(events[0]).toMatchObject({ type: 'AidGranted', data: { amountFen: 1_000_000 } }));
  });

  it('tier none is refused in writing with the appeal deadline', () => {
    given(decider, openedFrom(siyangCaseFile({ tier: 'none' })))
      .when(assess())
      .then([
        {
          type: 'AidRefused',
          data: {
            caseId: CASE,
            applicationId: 'app-siyang',
            department: 'medical-aid',
            reasons: [expect.stringMatching(/no assistance tier/)],
            appealBy: APPEAL_BY,
            decidedBy: { sub: 'system', role: 'system', level: 'system' },
            inputs: expect.objectContaining({ tier: 'none' }),
            provenance: expect.objectContaining({ ruleIds: ['medicalAidAmount'] }),
          },
        },
      ]);
  });

  it('nothing to pay is refused with the reason', () => {
    given(decider, openedFrom(siyangCaseFile({ medical: { patientRef: 'person-child', residualCostFen: 200_000 } })))
      .when(assess())
      .then((events) => {
        expect(events[0].type).toBe('AidRefused');
        expect((events[0].data as { reasons: string[] }).reasons.at(-1)).toMatch(/nothing to pay/);
      });
    given(decider, openedFrom(siyangCaseFile({ medical: undefined })))
      .when(assess())
      .then((events) => expect((events[0].data as { reasons: string[] }).reasons[0]).toMatch(/no in-policy residual medical cost/));
  });

  it('is a no-op once decided, and needs an opened case', () => {
    given(decider, history(...[openCaseFromRouting(routed, when), assess()])).when(assess()).then([]);
    given(decider).when(assess()).thenFails(/has not been opened/);
  });

  it('refuses invalid parameters', () => {
    const bad = { ...params, table: { ...params.table, edge: { ...params.table.edge, ratioBasisPoints: 0.6 } } };
    given(decider, openedFrom())
      .when({ type: 'Assess', data: { caseId: CASE, now: NOW, params: bad, ledger: EMPTY, appealBy: APPEAL_BY } })
      .thenFails(/tier edge/);
  });
});

describe('medical-aid case: MarkPaid', () => {
  it('marks the case paid once', () => {
    given(decider, history(openCaseFromRouting(routed, when), assess()))
      .when(paid)
      .then([
        {
          type: 'CasePaid',
          data: { caseId: CASE, applicationId: 'app-siyang', department: 'medical-aid', grantId: `${CASE}:1`, amountFen: 2_220_000, budgetId: 'medical-aid:2026:321323' },
        },
      ]);
    const done = history(openCaseFromRouting(routed, when), assess(), paid);
    given(decider, done).when(paid).then([]);
    expect(given(decider, done).state).toMatchObject({ status: 'paid', budgetId: 'medical-aid:2026:321323' });
  });

  it('a payment must match the grant', () => {
    given(decider, openedFrom()).when(paid).thenFails(/no grant to pay/);
    given(decider, history(openCaseFromRouting(routed, when), assess()))
      .when({ ...paid, data: { ...paid.data, amountFen: 1 } })
      .thenFails(/does not match/);
  });
});
