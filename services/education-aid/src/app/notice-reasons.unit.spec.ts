/**
 * Every reason education aid records for the worked example and the branches of policy-rules §6
 * (each stage, boarding or day, edge households, once per student per school year, tiers not
 * covered) is produced by a template of the notices catalogue and written in Chinese with the same
 * numbers.
 */
import type { SchoolStage, Tier } from '@onedoor/contracts';
import { unwrittenReasons } from '@onedoor/notices';
import { educationAidForHousehold } from '../domain/educationAidForHousehold';
import { member, params, siyangCaseFile } from '../domain/testing/fixtures';

const STAGES: SchoolStage[] = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'university'];
const context = (ledgers = {}) => ({ caseId: 'education-aid-app-siyang', schoolYear: '2026-2027', params, ledgers });
const reasonsOf = (a: ReturnType<typeof educationAidForHousehold>) => [...a.grants.flatMap((g) => g.reasons), ...a.refusalReasons, ...a.skipped.map((s) => s.reason)];
const household = (tier: Tier, boarding: boolean) =>
  educationAidForHousehold(siyangCaseFile({ tier, members: STAGES.map((stage, i) => member(`student-${i}`, { schoolStage: stage, boarding })) }), context());

const PRODUCED: [string, string[]][] = [
  ['worked example 2: the sibling in senior secondary, edge household', reasonsOf(educationAidForHousehold(siyangCaseFile(), context()))],
  ...(['tekun', 'dibao', 'edge'] as const).flatMap((tier) => [
    [`every stage, boarding, ${tier}`, reasonsOf(household(tier, true))] as [string, string[]],
    [`every stage, day pupils, ${tier}`, reasonsOf(household(tier, false))] as [string, string[]],
  ]),
  ['a tier education aid does not cover', reasonsOf(educationAidForHousehold(siyangCaseFile({ tier: 'rigid' }), context()))],
  [
    'the school year already aided',
    reasonsOf(educationAidForHousehold(siyangCaseFile(), context({
      'person-sibling': { status: 'granted', personRef: 'person-sibling', schoolYear: '2026-2027', caseId: 'education-aid-app-1', grantId: 'grant-1', amountFen: 200_000 },
    }))),
  ],
];

describe('reasons education aid records are written by catalogue templates', () => {
  it.each(PRODUCED)('%s', (_, produced) => {
    expect(produced.length).toBeGreaterThan(0);
    expect(unwrittenReasons(produced, 'zh-CN')).toEqual([]);
  });
});
