import { medicalAidAmount } from './medicalAidAmount';
import { params } from './testing/fixtures';

const amount = (tier: 'tekun' | 'dibao' | 'edge' | 'rigid' | 'none', residualCostFen: number, alreadyGrantedThisYearFen = 0) =>
  medicalAidAmount({ tier, residualCostFen, alreadyGrantedThisYearFen }, params);

describe('medicalAidAmount', () => {
  it('worked example: edge, residual 40,000 yuan, deductible 3,000, 60 % → 22,200 yuan', () => {
    expect(amount('edge', 4_000_000)).toMatchObject({ eligible: true, amountFen: 2_220_000 });
  });

  it('applies each tier’s deductible and ratio', () => {
    expect(amount('tekun', 1_000_000).amountFen).toBe(800_000);
    expect(amount('dibao', 1_000_000).amountFen).toBe(750_000);
    expect(amount('rigid', 1_000_000).amountFen).toBe(350_000);
  });

  it('rounds down to whole fen with integer arithmetic', () => {
    expect(amount('dibao', 333).amountFen).toBe(249); // 249.75
    expect(amount('edge', 300_001).amountFen).toBe(0); // 0.6 fen → nothing
    expect(amount('tekun', 9_007_199_254_740).amountFen).toBe(5_000_000);
  });

  it('never passes the annual cap left for the person', () => {
    expect(amount('tekun', 10_000_000).amountFen).toBe(5_000_000);
    expect(amount('edge', 4_000_000, 4_000_000)).toMatchObject({ eligible: true, amountFen: 1_000_000 });
  });

  it('nothing to pay is a refusal with the reason', () => {
    const below = amount('edge', 250_000);
    expect(below).toMatchObject({ eligible: false, amountFen: 0 });
    expect(below.reasons.at(-1)).toMatch(/does not exceed the deductible/);
    expect(amount('dibao', 100_000, 5_000_000).reasons.at(-1)).toMatch(/annual cap .* used up/);
  });

  it('tier none is not covered', () => {
    const r = amount('none', 4_000_000);
    expect(r).toMatchObject({ eligible: false, amountFen: 0 });
    expect(r.reasons[0]).toMatch(/no assistance tier/);
  });

  it('states its inputs so the decision can be re-checked', () => {
    expect(amount('edge', 4_000_000).inputs).toEqual({
      tier: 'edge',
      residualCostFen: 4_000_000,
      deductibleFen: 300_000,
      ratioBasisPoints: 6000,
      annualCapFen: 5_000_000,
      alreadyGrantedThisYearFen: 0,
      byRatioFen: 2_220_000,
      capLeftFen: 5_000_000,
    });
  });
});
