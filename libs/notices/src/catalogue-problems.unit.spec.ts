import { localiseProblemText } from './problems';

describe('the catalogue’s consistency problems in Chinese', () => {
  it.each([
    [
      'programme.eligibility: a programme must say who it is for: name at least one condition (tiers, members, noMemberEmployed, housing, disaster) or a rule',
      'programme.eligibility：项目须说明面向哪些家庭：至少列明一项条件（tiers、members、noMemberEmployed、housing、disaster）或一条规则',
    ],
    ['programme.amount.rule: medicalAid is not an amount rule of temporary-aid: expected temporaryAid', 'programme.amount.rule：medicalAid 不是 临时救助部门 的金额规则：应为 temporaryAid'],
    [
      'programme.amount: reaches 3000000000 fen for a household of 30, above the 100000000 fen one decision may grant',
      'programme.amount：30 人的家庭可达 3000000000 分，超过单次决定可给付的 100000000 分',
    ],
    ['programme.askedBy: expected an object or absent, got null', 'programme.askedBy：应为对象或不填，实际为 null'],
  ])('%s', (en, zh) => {
    expect(localiseProblemText(en, 'zh-CN')).toBe(zh);
    expect(localiseProblemText(en, 'en')).toBe(en);
  });
});
