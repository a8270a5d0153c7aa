import { localiseProblem, localiseProblemText } from './problems';

const numbersOf = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).sort().join(' ');
/** Two English words in a row, outside quotes and the wording `paidBy department` (a field and its value). */
const englishWords = (text: string) => /[a-z]{3,}[ ,][a-z]{3,}/i.test(text.replace(/"[^"]*"/g, '').replace(/paidBy department/g, ''));

/** Texts of the department desks, intake, the event store and GraphQL, with their whole zh-CN wording. */
const TEXTS: [string, string][] = [
  ['amountFen must be from 0 to 100000000 fen', 'amountFen 必须在 0 到 100000000 分之间'],
  ['amountFen must be from 0 to 5000 fen', 'amountFen 必须在 0 到 5000 分之间'],
  ['amountFen is required to approve', '批准时必须填写 amountFen'],
  ['required to approve', '批准时必须填写此项'],
  [
    '700000 fen is outside the bounds of programme civil-affairs.temporary-assistance for this household: 50000–300000 fen',
    '700000 分超出了项目 civil-affairs.temporary-assistance 对该家庭的金额范围：50000–300000 分',
  ],
  ['unknown programme housing-aid.rental-subsidy for this case', '本案件中没有项目 housing-aid.rental-subsidy'],
  ['decision is given more than once', 'decision 被给出了不止一次'],
  ['amountFen is given more than once', 'amountFen 被给出了不止一次'],
  ['status is given more than once: give one status', 'status 被给出了不止一次：请只给出一个 status'],
  [
    'grant 0b6e6f3c-6a51-4d2e-9c39-2f1c2a7d9e10 is paid by funding; only grants decided with paidBy department are reported',
    '给付 0b6e6f3c-6a51-4d2e-9c39-2f1c2a7d9e10 由 funding 支付；只有以 paidBy department 决定的给付才报告支付',
  ],
  ['stream department-case-17 is at version 4, expected 3', '事件流 department-case-17 当前为第 4 版，而预期为第 3 版'],
  [
    'requestedProgrammes: housing-aid.rent-x is not a programme of catalogue zj-330106-2026 in force for 330106',
    'requestedProgrammes：housing-aid.rent-x 不是 330106 现行目录 zj-330106-2026 中的项目',
  ],
  [
    'requestedProgrammes: housing-aid.rent-x, medical-aid.y are not programmes of catalogue zj-330106-2026 in force for 330106',
    'requestedProgrammes：housing-aid.rent-x, medical-aid.y 都不是 330106 现行目录 zj-330106-2026 中的项目',
  ],
  ['requestedProgrammes: housing-aid.rent-x is not a programme of any catalogue in force for 330106001', 'requestedProgrammes：housing-aid.rent-x 不在 330106001 任何现行目录之中'],
  [
    'requestedProgrammes: housing-aid.rent-x, medical-aid.y are not programmes of any catalogue in force for 330106001',
    'requestedProgrammes：housing-aid.rent-x, medical-aid.y 都不在 330106001 任何现行目录之中',
  ],
  ['not programmes of the catalogue in force: housing-aid.rent-x, medical-aid.y', '以下项目不在现行目录之中：housing-aid.rent-x, medical-aid.y'],
  [
    'a programme must say who it is for: name at least one condition (tiers, members, noMemberEmployed, housing, disaster) or a rule',
    '项目须说明面向哪些家庭：至少列明一项条件（tiers、members、noMemberEmployed、housing、disaster）或一条规则',
  ],
  ['Variable "$amountFen" got invalid value 1.5; Int cannot represent non-integer value: 1.5', '变量 "$amountFen" 的值 1.5 无效（原因："Int cannot represent non-integer value: 1.5"）'],
  [
    'Variable "$input" got invalid value -1 at "input.amountFen"; Value -1 is below the minimum 0',
    '变量 "$input" 在 "input.amountFen" 处的值 -1 无效（原因："Value -1 is below the minimum 0"）',
  ],
];

describe('desk, intake, event-store and GraphQL texts are whole sentences in zh-CN by default, English on en', () => {
  it.each(TEXTS)('%s', (english, chinese) => {
    expect(localiseProblemText(english, 'zh-CN')).toBe(chinese);
    expect(localiseProblemText(english, 'en')).toBe(english);
    expect(numbersOf(chinese)).toBe(numbersOf(english));
    expect(englishWords(chinese)).toBe(false);
  });

  it('a refused decision: detail and errors[].message in Chinese, fields and numbers as sent', () => {
    const problem = {
      title: 'Invalid request',
      detail: 'amountFen must be from 0 to 100000000 fen',
      errors: [
        { field: 'amountFen', message: 'required to approve' },
        { field: 'decision', message: 'decision is given more than once' },
        { field: 'requestedProgrammes', message: 'not programmes of the catalogue in force: housing-aid.rent-x' },
        { field: 'programme.eligibility', message: 'a programme must say who it is for: name at least one condition (tiers, members, noMemberEmployed, housing, disaster) or a rule' },
      ],
    };
    const zh = localiseProblem(problem, 'zh-CN');
    expect(zh.detail).toBe('amountFen 必须在 0 到 100000000 分之间');
    expect(zh.errors).toEqual([
      { field: 'amountFen', message: '批准时必须填写此项' },
      { field: 'decision', message: 'decision 被给出了不止一次' },
      { field: 'requestedProgrammes', message: '以下项目不在现行目录之中：housing-aid.rent-x' },
      { field: 'programme.eligibility', message: '项目须说明面向哪些家庭：至少列明一项条件（tiers、members、noMemberEmployed、housing、disaster）或一条规则' },
    ]);
    expect(localiseProblem(problem, 'en')).toEqual(problem);
  });

  it('a programme already decided keeps its status value as recorded', () => {
    expect(localiseProblemText('programme housing-aid.rental-subsidy of case c-1 is already granted', 'zh-CN')).toBe('案件 c-1 的项目 housing-aid.rental-subsidy 已是 granted 状态');
  });
});
