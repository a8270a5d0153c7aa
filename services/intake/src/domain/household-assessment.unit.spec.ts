import { assessHousehold, notAssessed, TIER_RULES } from './household-assessment';
import { RuleViolation } from './rule-violation';
import { BINZHOU, household, member, SIYANG, withParams } from './testing/fixtures';

const p = SIYANG.params; // standard 800 yuan, edge line 1,200, disposable income 2,500 a month

/** n members sharing `totalFen` of monthly income (first member earns it all). */
const earning = (totalFen: number, n = 1) =>
  household(Array.from({ length: n }, (_, i) => member(`p-${i}`, { monthlyIncomeFen: i === 0 ? totalFen : 0 })));

describe('household assessment', () => {
  describe('tekun (特困)', () => {
    it('an elderly person without income or supporter', () => {
      const a = assessHousehold(household([member('p-old', { ageYears: 72, hasSupporter: false })]), p);
      expect(a.tier).toBe('tekun');
      expect(a.reasons).toEqual([
        'tekun: member p-old has no labour capacity (aged 72 (60 or over)), own income 0.00 yuan below the standard 800.00 yuan and no supporter able to support',
      ]);
      expect(a.ruleIds).toEqual([TIER_RULES.highestOnce, TIER_RULES.tekun]);
    });

    it('a minor under tekunAge, a grade 1–2 disability, or an assessed incapacity', () => {
      const alone = (facts: Parameters<typeof member>[1]) => assessHousehold(household([member('p', { hasSupporter: false, ...facts })]), p).tier;
      expect(alone({ ageYears: 15 })).toBe('tekun');
      expect(alone({ disability: 'grade2' })).toBe('tekun');
      expect(alone({ laborCapacity: false })).toBe('tekun');
      expect(alone({ disability: 'grade3' })).not.toBe('tekun');
    });

    it('uses the jurisdiction’s tekunAge: 17 is a minor in Binzhou (18) but not in Siyang (16)', () => {
      const h = household([member('p-17', { ageYears: 17, hasSupporter: false })], { registeredJurisdiction: '371602001' });
      expect(assessHousehold(h, p).tier).toBe('dibao');
      expect(assessHousehold(h, BINZHOU.params).tier).toBe('tekun');
    });

    it('not with a supporter able to support, nor with own income at the standard', () => {
      expect(assessHousehold(household([member('p', { ageYears: 72, hasSupporter: true })]), p).tier).toBe('dibao');
      expect(assessHousehold(household([member('p', { ageYears: 72, hasSupporter: false, monthlyIncomeFen: 80000 })]), p).tier).toBe('edge');
    });
  });

  describe('dibao (低保)', () => {
    it('per-capita income below the standard with assets within the limit', () => {
      const a = assessHousehold(earning(210000, 3), p); // 700 yuan per capita
      expect(a.tier).toBe('dibao');
      expect(a.perCapitaIncomeFen).toBe(70000);
      expect(a.reasons).toContain('dibao: per-capita income 700.00 yuan below the standard 800.00 yuan, assets within the limit');
      expect(a.ruleIds).toEqual(expect.arrayContaining([TIER_RULES.dibaoIncome, TIER_RULES.dibaoAssets]));
    });

    it('compares exactly, not the rounded per-capita figure', () => {
      expect(assessHousehold(earning(239999, 3), p).tier).toBe('dibao'); // 799.99666… per capita
      const a = assessHousehold(earning(240001, 3), p); // 800.00333… shows as 800.00 but is not below
      expect(a.perCapitaIncomeFen).toBe(80000);
      expect(a.tier).toBe('edge');
    });

    it('not when income equals the standard', () => {
      expect(assessHousehold(earning(80000), p).reasons).toContain('not dibao: per-capita income 800.00 yuan is not below the standard 800.00 yuan');
    });

    it('not with deposits above the per-capita limit × members, a vehicle or an extra home', () => {
      const rich = (assets: Partial<{ depositsFen: number; vehicles: number; extraHomes: number }>) =>
        assessHousehold({ ...earning(0, 2), assets: { depositsFen: 0, vehicles: 0, extraHomes: 0, ...assets } }, p);
      expect(rich({ depositsFen: 2 * p.assetLimitFen }).tier).toBe('dibao');
      const a = rich({ depositsFen: 2 * p.assetLimitFen + 1 });
      expect(a.tier).toBe('edge');
      expect(a.reasons).toContain(
        'not dibao: per-capita income 0.00 yuan is below the standard 800.00 yuan, but assets exceed the limit: deposits 38400.01 yuan above 2 × 19200.00 yuan = 38400.00 yuan',
      );
      expect(rich({ vehicles: 1 }).reasons[1]).toMatch(/1 vehicle \(at most 0\)/);
      expect(rich({ extraHomes: 2 }).reasons[1]).toMatch(/2 extra homes \(at most 0\)/);
    });
  });

  describe('edge (低保边缘)', () => {
    it('worked example 2: 2,400 yuan for 3 people is 800 per capita → not dibao, < 1,200 → edge', () => {
      const a = assessHousehold(earning(240000, 3), p);
      expect(a.tier).toBe('edge');
      expect(a.reasons).toEqual([
        'not tekun: no member combines no labour capacity, own income below the standard 800.00 yuan and no supporter able to support',
        'not dibao: per-capita income 800.00 yuan is not below the standard 800.00 yuan',
        'edge: per-capita income 800.00 yuan below 1.5 × standard = 1200.00 yuan',
      ]);
      expect(a.ruleIds).toEqual([TIER_RULES.highestOnce, TIER_RULES.tekun, TIER_RULES.dibaoIncome, TIER_RULES.edge]);
    });

    it('not at the edge line itself', () => {
      expect(assessHousehold(earning(119999), p).tier).toBe('edge');
      expect(assessHousehold(earning(120000), p).reasons).toContain('not edge: per-capita income 1200.00 yuan is not below 1.5 × standard = 1200.00 yuan');
    });

    it('covers a seriously ill or severely disabled member alone where the jurisdiction allows (单人保)', () => {
      const h = household([
        member('p-parent', { monthlyIncomeFen: 400000 }), // 1,000 yuan per capita
        member('p-ill', { ageYears: 30, seriousIllness: true }),
        member('p-disabled', { ageYears: 30, disability: 'grade1' }),
        member('p-fine', { ageYears: 30 }),
      ]);
      const binzhou = assessHousehold(h, BINZHOU.params);
      expect(binzhou.tier).toBe('edge');
      expect(binzhou.coveredAlone).toEqual(['p-ill', 'p-disabled']);
      expect(binzhou.ruleIds).toContain(TIER_RULES.edgeSinglePerson);
      expect(binzhou.reasons).toContain('member p-ill covered alone as dibao (单人保): seriously ill, own income 0.00 yuan below the standard 800.00 yuan');
      expect(assessHousehold(h, p).coveredAlone).toEqual([]); // Siyang: not enabled
    });
  });

  describe('rigid expenditure (刚性支出困难)', () => {
    // one person, 2,000 yuan a month: above the edge line, below disposable income 2,500; 24,000 a year
    const h = (annualSpending?: { medicalFen: number; educationFen: number }) => ({ ...earning(200000), annualSpending });

    it('income below last year’s disposable income and spending above the share of income', () => {
      const a = assessHousehold(h({ medicalFen: 1000000, educationFen: 200001 }), p);
      expect(a.tier).toBe('rigid');
      expect(a.reasons).toContain(
        "rigid expenditure: per-capita income 2000.00 yuan below last year's per-capita disposable income 2500.00 yuan, " +
          'and medical and education spending 12000.01 yuan a year above 50 % of household income 24000.00 yuan a year = 12000.00 yuan',
      );
      expect(a.ruleIds).toEqual(expect.arrayContaining([TIER_RULES.rigidIncome, TIER_RULES.rigidSpending]));
    });

    it('not when spending is exactly the share', () => {
      expect(assessHousehold(h({ medicalFen: 1000000, educationFen: 200000 }), p).tier).toBe('none');
    });

    it('takes the residual medical cost when no yearly spending is declared', () => {
      expect(assessHousehold(h(), p, 1300000).tier).toBe('rigid');
      expect(assessHousehold(h(), p).tier).toBe('none');
    });

    it('not when income reaches last year’s disposable income', () => {
      const a = assessHousehold({ ...earning(250000), annualSpending: { medicalFen: 9000000, educationFen: 0 } }, p);
      expect(a.tier).toBe('none');
      expect(a.reasons).toContain("not rigid expenditure: per-capita income 2500.00 yuan is not below last year's per-capita disposable income 2500.00 yuan");
    });
  });

  it('none when no tier applies', () => {
    const a = assessHousehold(earning(450000), p);
    expect(a.tier).toBe('none');
    expect(a.ruleIds[a.ruleIds.length - 1]).toBe(TIER_RULES.none);
    expect(a.reasons).toHaveLength(4); // why not tekun, dibao, edge, rigid
  });

  it('counts the highest tier once: a dibao household with heavy medical spending is dibao, not also rigid', () => {
    const a = assessHousehold({ ...earning(50000), annualSpending: { medicalFen: 9000000, educationFen: 0 } }, p);
    expect(a.tier).toBe('dibao');
    expect(a.ruleIds).not.toContain(TIER_RULES.rigidSpending);
  });

  it('uses the parameters it is given', () => {
    expect(assessHousehold(earning(85000), withParams(SIYANG, { dibaoStandardFen: 90000 }).params).tier).toBe('dibao');
  });

  it('needs at least one member; without consent nothing is assessed', () => {
    expect(() => assessHousehold(household([]), p)).toThrow(RuleViolation);
    expect(notAssessed()).toMatchObject({ tier: 'none', ruleIds: [TIER_RULES.notAssessed] });
  });
});
