import type { SchoolStage, Tier } from '@onedoor/contracts';
import { educationAidAmount, educationAidTierCovered } from './educationAidAmount';
import { params } from './testing/fixtures';

describe('educationAidAmount', () => {
  it.each<[SchoolStage, boolean, Tier, number]>([
    ['preschool', false, 'dibao', 150_000],
    ['primary', true, 'dibao', 125_000],
    ['primary', false, 'dibao', 62_500],
    ['junior', true, 'tekun', 150_000],
    ['junior', false, 'edge', 75_000],
    ['senior', false, 'dibao', 250_000],
    ['senior', true, 'tekun', 250_000],
    ['senior', false, 'edge', 200_000],
    ['senior', true, 'edge', 200_000],
    ['vocational', true, 'edge', 200_000],
    ['university', false, 'dibao', 500_000],
  ])('%s (boarding %s) in a %s household: %i fen', (schoolStage, boarding, tier, fen) => {
    expect(educationAidAmount({ schoolStage, boarding }, tier, params).amountFen).toBe(fen);
  });

  it('covers tekun, dibao and edge households only', () => {
    expect(['tekun', 'dibao', 'edge', 'rigid', 'none'].map((t) => educationAidTierCovered(t as Tier))).toEqual([true, true, true, false, false]);
  });
});
