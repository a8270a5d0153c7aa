import { localiseProblem, localiseProblemText } from './problems';

const numbersOf = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).sort().join(' ');

/** Texts as the code raises them (validation, the catalogue's admin API, the department desks), and their zh-CN wording. */
const TEXTS: [string, string][] = [
  // what no input may hold, query parameters, the read log's parameters
  ['household.members[0].name must not contain NUL characters', 'household.members[0].name 不得包含 NUL 字符'],
  ['a property name must not contain unpaired UTF-16 surrogates', '属性名不得包含未配对的 UTF-16 代理项'],
  ['body is nested deeper than 32 levels', 'body 的嵌套深度超过 32 层'],
  ['property __proto__ should not exist', '不应存在属性 __proto__'],
  ['limit must be an integer from 1 to 500', 'limit 必须是 1 到 500 之间的整数'],
  ['offset must be given once, as text', 'offset 只能以文本形式给出一次'],
  ['query parameter a[b] is not supported: parameters are plain names (no a[] or a[b] forms), each given once', '不支持查询参数 a[b]：参数须为普通名称（不得使用 a[] 或 a[b] 形式），且每个只能给出一次'],
  ['asOf must be an ISO 8601 date-time (years 1900–9999)', 'asOf 必须是 ISO 8601 日期时间（1900–9999 年）'],
  ['from must be a date (YYYY-MM-DD, a day in China) or an ISO 8601 date-time with its offset', 'from 必须是日期（YYYY-MM-DD，中国日期）或带时区偏移的 ISO 8601 日期时间'],
  ["reader must be a token subject (1–200 letters, digits, '.', '_', ':', '@' or '-')", "reader 必须是令牌主体（1–200 个字母、数字、'.'、'_'、':'、'@' 或 '-'）"],
  ['to must be after from', 'to 必须晚于 from'],
  // fields of an application and class-validator's messages
  ['idNumber has a wrong check digit (GB 11643)', 'idNumber 的校验码错误（GB 11643）'],
  ['phone must be 6–15 digits', 'phone 必须是 6–15 位数字'],
  ['each cause must be one of illness, schooling, fire, accident, disaster, unemployment, other', '每项原因都必须是以下之一：illness, schooling, fire, accident, disaster, unemployment, other'],
  ['tenure must be one of owned, rented, none', 'tenure 必须是以下之一：owned, rented, none'],
  ['registeredJurisdiction must be a 6, 9 or 12 digit division code', 'registeredJurisdiction 必须是 6、9 或 12 位行政区划代码'],
  ['jurisdiction must be a 6 or 9 digit division code', 'jurisdiction 必须是 6 或 9 位行政区划代码'],
  ['monthlyIncomeFen must not be negative', 'monthlyIncomeFen 不得为负数'],
  ['assets is required', 'assets 为必填项'],
  ['causes lists fire more than once', 'causes 中 fire 出现了不止一次'],
  ['name must be a string', 'name 必须是字符串'],
  ['amountFen must not be greater than 9007199254740991', 'amountFen 不得大于 9007199254740991'],
  ['reasons must contain at least 1 elements', 'reasons 至少须包含 1 个元素'],
  ['relation must be one of the following values: self, spouse, child, parent, sibling, other', 'relation 必须是以下值之一：self, spouse, child, parent, sibling, other'],
  ['each value in reasons must be a string', 'reasons 中的每个值都必须是字符串'],
  ['economicCheck must be a boolean value', 'economicCheck 必须是布尔值'],
  ['overdue must be true or false', 'overdue 必须是 true 或 false'],
  // the programme catalogue's admin API
  ['the programme catalogue is open to caseworkers, officers, auditors and admins', '项目目录仅向经办人员、部门工作人员、审计人员和管理员开放'],
  ['the catalogue of 371600 is neither within nor above your jurisdiction (321323)', '371600 的项目目录既不在您的辖区（321323）之内，也不在其上级'],
  ['on must be a date YYYY-MM-DD or an ISO 8601 date-time', 'on 必须是 YYYY-MM-DD 日期或 ISO 8601 日期时间'],
  ['validFrom must be today (2026-11-30, China) or later: applications already routed keep their catalogue', 'validFrom 必须是今天（中国日期 2026-11-30）或之后：已转办的申请沿用其原目录'],
  ['must be a programme id like housing-aid.rental-subsidy', '必须是形如 housing-aid.rental-subsidy 的项目编号'],
  ['must be housing-aid.rental-subsidy', '必须是 housing-aid.rental-subsidy'],
  ['catalogue cn-321323 version 2 is already published with other content; publish a new version', '目录 cn-321323 的第 2 版已以不同内容发布；请发布新版本'],
  ['321323 already has catalogue cn-321323 starting 2027-01-01: which one applies would be ambiguous', '321323 已有自 2027-01-01 起生效的目录 cn-321323：适用哪一个将无法确定'],
  // the department desks
  ['decisions are taken at township (9-digit) or county (6-digit) level, not at 321323100201', '决定须在乡镇（9 位）或县级（6 位）作出，不能在 321323100201 作出'],
  ['partners: the policy parameter sets are not loaded yet', 'partners：政策参数集尚未加载'],
  ['housing-aid cases are open to housing-aid officers, caseworkers and auditors', '住房救助部门案件仅向住房救助部门的工作人员、经办人员和审计人员开放'],
  ['case housing-aid-a1 must be accepted by housing-aid before it is decided', '案件 housing-aid-a1 须先由住房救助部门受理，方可作出决定'],
  ['programme housing-aid.x is not on case housing-aid-a1 (housing-aid.rental-subsidy, housing-aid.public-rental-home)', '项目 housing-aid.x 不在案件 housing-aid-a1 中（housing-aid.rental-subsidy, housing-aid.public-rental-home）'],
  ['programme housing-aid.rental-subsidy of case housing-aid-a1 is already granted', '案件 housing-aid-a1 的项目 housing-aid.rental-subsidy 已是 granted 状态'],
  ['a decision states its reasons in writing', '决定须以书面形式说明理由'],
  ['amountFen must be a whole number of fen ≥ 0, got -5', 'amountFen 必须是不小于 0 的整数（分），实际为 -5'],
  ['a payment of 59000 fen does not match grant g-1 of 60000 fen', '59000 分的支付与金额为 60000 分的给付 g-1 不符'],
];

describe('problem texts raised in English: zh-CN by default, English on en', () => {
  it.each(TEXTS)('%s', (english, chinese) => {
    expect(localiseProblemText(english, 'zh-CN')).toBe(chinese);
    expect(localiseProblemText(english, 'en')).toBe(english);
    // Rule ids, field paths and numbers are the same in both.
    expect(numbersOf(chinese)).toBe(numbersOf(english));
  });

  it('writes each errors[].message of a validation problem in the request’s language; fields, rule and status unchanged', () => {
    const problem = {
      type: 'https://onedoor.example/problems/invalid',
      title: 'Invalid request',
      status: 400,
      detail: '2 field(s) are invalid',
      rule: 'validCommand',
      errors: [
        { field: 'household.members[0].idNumber', message: 'idNumber has a wrong check digit (GB 11643)' },
        { field: 'incident.causes', message: 'each cause must be one of illness, fire' },
        { field: 'x', message: 'an officer’s own words' },
      ],
    };
    const zh = localiseProblem(problem, 'zh-CN');
    expect(zh).toEqual({
      ...problem,
      title: '请求无效',
      detail: '2 个字段无效',
      errors: [
        { field: 'household.members[0].idNumber', message: 'idNumber 的校验码错误（GB 11643）' },
        { field: 'incident.causes', message: '每项原因都必须是以下之一：illness, fire' },
        { field: 'x', message: 'an officer’s own words' },
      ],
    });
    expect(localiseProblem(problem, 'en')).toEqual(problem);
    expect(problem.errors[0].message).toBe('idNumber has a wrong check digit (GB 11643)'); // the problem itself is not changed
  });
});
