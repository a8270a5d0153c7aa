/**
 * Every reason temporary aid records (track, approval cap, once per cause per year) for the worked
 * examples and the branches of policy-rules §4 is produced by a template of the notices catalogue
 * and written in Chinese with the same numbers.
 */
import { unwrittenReasons } from '@onedoor/notices';
import { approvalCap } from '../domain/approvalCap';
import type { PersonYearLedgerState } from '../domain/personYearLedger';
import { temporaryAidOncePerCausePerYear } from '../domain/temporaryAidOncePerCausePerYear';
import { temporaryAidTrack } from '../domain/temporaryAidTrack';
import { caseFile, params } from '../domain/testing/fixtures';

const subject = { personRef: 'person-wang', year: 2026, causes: ['fire' as const], caseId: 'temporary-aid-app-2' };
const ledger = (exceptions: { exceptionId: string; cause: 'fire'; reason: string; grantedBy: string }[]): PersonYearLedgerState => ({
  status: 'active',
  personRef: 'person-wang',
  year: 2026,
  grants: [{ caseId: 'temporary-aid-app-1', grantId: 'grant-1', causes: ['fire'], amountFen: 80_000, recordedAt: '2026-03-02' }],
  exceptions,
});

const PRODUCED: [string, string[]][] = [
  ['worked example 1: night fire, no tier', temporaryAidTrack(caseFile()).reasons],
  ['worked example 2: advance aid in an edge household', temporaryAidTrack(caseFile({ tier: 'edge', causes: ['illness'] })).reasons],
  ['no consent to the economic check', temporaryAidTrack(caseFile({ economicCheck: false } as never)).reasons],
  ['not urgent', temporaryAidTrack(caseFile({ urgent: false, tier: 'dibao' })).reasons],
  ['no cause stated', temporaryAidTrack(caseFile({ urgent: false, causes: [] })).reasons],
  ['every approval cap', (['small_fast', 'advance', 'ordinary'] as const).flatMap((track) =>
    (['system', 'township', 'county'] as const).flatMap((level) => [approvalCap(track, level, params).reason, approvalCap(track, level, params, true).reason]))],
  ['worked example 3: the same fire twice in a year', temporaryAidOncePerCausePerYear(ledger([]), subject).reasons],
  ['the county exception', temporaryAidOncePerCausePerYear(ledger([{ exceptionId: 'ex-1', cause: 'fire', reason: '县民政局批准：住所再次失火', grantedBy: 'officer-county' }]), subject).reasons],
];

describe('reasons temporary aid records are written by catalogue templates', () => {
  it.each(PRODUCED)('%s', (_, reasons) => {
    expect(reasons.length).toBeGreaterThan(0);
    expect(unwrittenReasons(reasons, 'zh-CN')).toEqual([]);
  });
});
