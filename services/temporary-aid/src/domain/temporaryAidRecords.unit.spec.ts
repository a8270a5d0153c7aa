import { departmentCaseFileOf, type CaseFile } from '@onedoor/contracts';
import type { TemporaryAidCaseCommand } from './commands';
import type { TemporaryAidCaseEvent } from './events';
import { temporaryAidCaseDecider as decider } from './temporaryAidCase';
import { temporaryAidCaseStreamId, TEMPORARY_AID_RECORDS } from './temporaryAidRecords';
import { APPEAL_BY, caseFile, DUE_BY, NOW, params } from './testing/fixtures';

const ctx = { now: NOW, params, ledger: { status: 'empty' } as const, appealBy: APPEAL_BY };
const file = caseFile({ tier: 'edge', causes: ['illness'] });

/** The events of a whole case as the store has always held them, byte for byte (key order included). */
const STORED = [
  '{"type":"TemporaryAidCaseFileReceived","data":{"caseId":"ta-1","caseFile":{"applicationId":"app-1","applicantRef":"person-wang","jurisdiction":"321323100","causes":["illness"],"urgent":true,"tier":"edge","referrals":{"medical-aid":{"applicationId":"app-1","applicantRef":"person-wang","registeredJurisdiction":"321323100201","causes":["illness"],"tier":"edge"}}},"receivedAt":"2026-11-20T09:00:00+08:00"}}',
  '{"type":"CaseOpened","data":{"caseId":"ta-1","applicationId":"app-1","department":"temporary-aid","beneficiaryRef":"person-wang","jurisdiction":"321323100","dueBy":"2026-12-04","track":"advance"}}',
  '{"type":"AidGranted","data":{"caseId":"ta-1","applicationId":"app-1","department":"temporary-aid","grantId":"ta-1:1","beneficiaryRef":"person-wang","amountFen":240000,"programme":"temporary-aid","jurisdiction":"321323100","fiscalYear":2026,"decidedBy":{"sub":"system","role":"system","level":"township"},"reasons":["confirmed emergency (causes: illness) in a edge household: advance aid (先行救助) approved at once by the township from its reserve fund","advance aid (township approval cap): at most 3 × dibao standard 80000 fen = 240000 fen"],"inputs":{"track":"advance","tier":"edge","urgent":true,"causes":["illness"],"dibaoStandardFen":80000,"multiple":3,"calendarYear":2026,"exceptionsUsed":[]},"provenance":{"parameterSetId":"ps-321323-2026","parameterSetVersion":2,"ruleIds":["temporaryAidTrack","approvalCap","temporaryAidOncePerCausePerYear"]},"track":"advance"}}',
  '{"type":"ReferralIssued","data":{"caseId":"ta-1","applicationId":"app-1","fromDepartment":"temporary-aid","toDepartment":"medical-aid","cause":"illness","caseFile":{"applicationId":"app-1","applicantRef":"person-wang","registeredJurisdiction":"321323100201","causes":["illness"],"tier":"edge"}}}',
  '{"type":"CasePaid","data":{"caseId":"ta-1","applicationId":"app-1","department":"temporary-aid","grantId":"ta-1:1","amountFen":240000,"budgetId":"b"}}',
];
const LIFE: TemporaryAidCaseCommand[] = [
  { type: 'OpenCase', data: { ...ctx, caseId: 'ta-1', caseFile: file, dueBy: DUE_BY } },
  { type: 'GrantAutomatically', data: { ...ctx, caseId: 'ta-1' } },
  { type: 'IssueReferrals', data: { caseId: 'ta-1' } },
  { type: 'MarkPaid', data: { caseId: 'ta-1', grantId: 'ta-1:1', amountFen: 240_000, budgetId: 'b' } },
];
const fold = (events: TemporaryAidCaseEvent[]) => events.reduce(decider.evolve, decider.initialState);

describe('temporary-aid records: the department kit in the format the store has always held', () => {
  it('records the kit’s events on `temporary-aid-case-<caseId>` in the stored shapes, byte for byte', () => {
    expect(TEMPORARY_AID_RECORDS.streamId('temporary-aid-app-1')).toBe(temporaryAidCaseStreamId('temporary-aid-app-1'));
    expect(temporaryAidCaseStreamId('temporary-aid-app-1')).toBe('temporary-aid-case-temporary-aid-app-1');
    const written: string[] = [];
    let state = decider.initialState;
    for (const command of LIFE) {
      const events = decider.decide(command, state);
      written.push(...events.map((e) => JSON.stringify(e)));
      state = events.reduce(decider.evolve, state);
    }
    expect(written).toEqual(STORED);
  });

  it('reads the stored events back into the same case', () => {
    const state = fold(STORED.map((e) => JSON.parse(e)));
    expect(state).toMatchObject({
      status: 'paid',
      track: 'advance',
      grant: { grantId: 'ta-1:1', amountFen: 240_000, level: 'township', fiscalYear: 2026 },
      referredTo: ['medical-aid'],
      budgetId: 'b',
      record: { status: 'opened', caseId: 'ta-1', beneficiaryRef: 'person-wang', jurisdiction: '321323100', dueBy: '2026-12-04', openedAt: NOW, caseFile: file },
    });
    // Nothing more to decide on a paid case read back from the store.
    expect(decider.decide(LIFE[1], state)).toEqual([]);
    expect(decider.decide(LIFE[2], state)).toEqual([]);
    expect(decider.decide(LIFE[3], state)).toEqual([]);
  });

  it('reads a case file of a version-1 routing (intake’s full file) as the department’s, and a case opened without a track as ordinary', () => {
    const full = { ...file, householdRef: 'household-wang', members: [] } as unknown as CaseFile;
    const state = fold([
      { type: 'TemporaryAidCaseFileReceived', data: { caseId: 'ta-1', caseFile: full as never, receivedAt: NOW } },
      { type: 'CaseOpened', data: { caseId: 'ta-1', applicationId: 'app-1', department: 'temporary-aid', beneficiaryRef: 'person-wang', jurisdiction: '321323100', dueBy: '2026-12-11' } },
    ]);
    expect(state).toMatchObject({ status: 'open', track: 'ordinary', record: { caseFile: departmentCaseFileOf('temporary-aid', full) } });
  });
});
