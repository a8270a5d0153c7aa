import type { Cause, Department } from '@onedoor/contracts';

export const REFERRAL_RULE = 'referralsAfterEmergencyAid';

/** 先救急后转专项: after emergency aid the case goes on to the specialised aid that fits the cause. */
const SPECIALISED_AID: Partial<Record<Cause, Department>> = {
  illness: 'medical-aid',
  schooling: 'education-aid',
  // housing and employment are future departments
};

/** One referral per receiving department, in the order of the causes. */
export function referralsAfterEmergencyAid(causes: Cause[]): { cause: Cause; toDepartment: Department }[] {
  const out: { cause: Cause; toDepartment: Department }[] = [];
  for (const cause of causes) {
    const toDepartment = SPECIALISED_AID[cause];
    if (toDepartment && !out.some((r) => r.toDepartment === toDepartment)) out.push({ cause, toDepartment });
  }
  return out;
}
