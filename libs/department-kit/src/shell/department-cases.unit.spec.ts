/**
 * Which hosted departments a message opens a case for (addressedTo): a routing opens one for each
 * department it routes to; a referral only for the department it is addressed to, when that
 * department takes referrals (DepartmentSpec `referrals`).
 */
import type { ApplicationRouted, ReferralIssued } from '@onedoor/contracts';
import { addressedTo } from './department-cases';
import type { DepartmentSpec } from './department-spec';

const medical: DepartmentSpec = { department: 'medical-aid', decisions: 'rule', referrals: true };
const education: DepartmentSpec = { department: 'education-aid', decisions: 'rule' };
const housing: DepartmentSpec = { department: 'housing-aid', decisions: 'partner' };

const routed = (...departments: string[]) => ({ routed: { applicationId: 'a1', routes: departments.map((department) => ({ department })) } as unknown as ApplicationRouted });
const referral = (toDepartment: string) => ({ referral: { applicationId: 'a1', caseId: 'temporary-aid-a1', fromDepartment: 'temporary-aid', toDepartment } as unknown as ReferralIssued });

describe('addressedTo', () => {
  it('given a routing to medical and housing aid, when each department is asked, then those two are addressed', () => {
    const source = routed('medical-aid', 'housing-aid');
    expect([medical, education, housing].filter((d) => addressedTo(source, d)).map((d) => d.department)).toEqual(['medical-aid', 'housing-aid']);
  });

  it('given a referral to medical aid, when each department is asked, then only medical aid (it takes referrals) is addressed', () => {
    expect([medical, education, housing].filter((d) => addressedTo(referral('medical-aid'), d)).map((d) => d.department)).toEqual(['medical-aid']);
  });

  it('given a referral to a department that does not take referrals, then no case is opened for it', () => {
    expect(addressedTo(referral('education-aid'), education)).toBe(false);
    expect(addressedTo(referral('education-aid'), { ...education, referrals: true })).toBe(true);
  });
});
