/**
 * Every reason medical aid records for the worked example and the branches of policy-rules §5
 * (each tier, the deductible, the shared annual cap) is produced by a template of the notices
 * catalogue and written in Chinese with the same numbers.
 */
import type { Tier } from '@onedoor/contracts';
import { unwrittenReasons } from '@onedoor/notices';
import { medicalAidAmount } from '../domain/medicalAidAmount';
import { params } from '../domain/testing/fixtures';

const reasons = (tier: Tier, residualCostFen: number, alreadyGrantedThisYearFen = 0) => medicalAidAmount({ tier, residualCostFen, alreadyGrantedThisYearFen }, params).reasons;

const PRODUCED: [string, string[]][] = [
  ['worked example 2: edge, residual 40,000 yuan', reasons('edge', 4_000_000)],
  ['tekun, dibao and rigid households', [...reasons('tekun', 1_000_000), ...reasons('dibao', 1_000_000), ...reasons('rigid', 1_000_000)]],
  ['no tier', reasons('none', 1_000_000)],
  ['below the deductible', reasons('edge', 200_000)],
  ['less than one fen', reasons('edge', 300_001)],
  ['the annual cap used up', reasons('dibao', 1_000_000, 5_000_000)],
  ['the annual cap partly used', reasons('dibao', 10_000_000, 4_000_000)],
  ['no residual cost', reasons('edge', 0)],
];

describe('reasons medical aid records are written by catalogue templates', () => {
  it.each(PRODUCED)('%s', (_, produced) => {
    expect(produced.length).toBeGreaterThan(0);
    expect(unwrittenReasons(produced, 'zh-CN')).toEqual([]);
  });
});
