import { localiseProblem, localiseProblemText } from './problems';

const numbersOf = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).sort().join(' ');
/** Two English words in a row, outside quotes: a sentence left (partly) in English. */
const englishWords = (text: string) => /[a-z]{3,}[ ,][a-z]{3,}/i.test(text.replace(/"[^"]*"/g, ''));

/** Texts that came back as mixed Chinese and English sentences, and their whole zh-CN wording. */
const TEXTS: [string, string][] = [
  // class-validator's `each: true` messages: the whole sentence, not "each value in …" before Chinese
  ['each value in reasons must be longer than or equal to 2 characters', 'reasons 中每一项的长度不得少于 2 个字符'],
  ['each value in reasons must be shorter than or equal to 500 characters', 'reasons 中每一项的长度不得超过 500 个字符'],
  ['each value in amounts must not be less than 0', 'amounts 中每一项都不得小于 0'],
  ['each value in amounts must not be greater than 9007199254740991', 'amounts 中每一项都不得大于 9007199254740991'],
  ['each value in amounts must be an integer number', 'amounts 中每一项都必须是整数'],
  ['each value in reasons should not be null or undefined', 'reasons 中每一项都不得为 null 或缺失'],
  ['paymentReference must be shorter than or equal to 200 characters', 'paymentReference 的长度不得超过 200 个字符'],
  // bearer tokens (401)
  ['a bearer token is required', '须提供 Bearer 令牌'],
  ['bad signature', '令牌签名无效'],
  ['token algorithm none not accepted', '不接受令牌签名算法 none'],
  ['token algorithm (none) not accepted', '不接受令牌签名算法 (none)'],
  ['token algorithm not accepted', '不接受该令牌签名算法'],
  ['token expired', '令牌已过期'],
  ['malformed token', '令牌格式错误'],
  ['invalid token', '令牌无效'],
  ['token not yet valid (nbf)', '令牌尚未生效（nbf）'],
  ['the token has no exp claim', '令牌缺少 exp 声明'],
  ['the token has no subject (sub)', '令牌没有主体（sub）'],
  ['the token carries no OneDoor role', '令牌不含任何 OneDoor 角色'],
  ['an officer token names its department', '部门工作人员的令牌须写明其部门'],
  ['jurisdiction 000000 (the whole country) is for administrators only', '辖区 000000（全国）仅限管理员使用'],
  ['the token was issued in the future (iat)', '令牌的签发时间在未来（iat）'],
  ['the token expires more than 86400 s from now (ONEDOOR_JWT_MAX_LIFETIME_SECONDS)', '令牌的有效期超过自现在起 86400 秒（ONEDOOR_JWT_MAX_LIFETIME_SECONDS）'],
  ['no key of the issuer matches the token (kid)', '签发方没有与该令牌匹配的密钥（kid）'],
  // the programme catalogue: values stay as they are, "nothing" is said in Chinese
  ['programmes[0].period.count: expected an integer 1…3660 (months or days), got "x"', 'programmes[0].period.count：应为 1…3660 的整数（月数或天数），实际为 "x"'],
  ['programmes[0].eligibility.disaster.homeDamage: expected a non-empty array, got nothing', 'programmes[0].eligibility.disaster.homeDamage：应为非空数组，实际未填写'],
  ['programmes[0].amount: expected an object, got nothing', 'programmes[0].amount：应为对象，实际未填写'],
  ['programmes[0].amount.kind: expected one of fixed, perMember or rule, got "x"', 'programmes[0].amount.kind：应为以下之一：fixed, perMember or rule，实际为 "x"'],
  // a programme catalogue's errors[].message (the field is the error's own)
  ['expected an object, got null', '应为对象，实际为 null'],
  ['expected an object, got nothing', '应为对象，实际未填写'],
  ['educationAidStudent decides medical-aid, not housing-aid', 'educationAidStudent 决定的是 medical-aid 的项目，而不是 housing-aid'],
  ['expected an integer 1…3660 (months or days), got 0', '应为 1…3660 的整数（月数或天数），实际为 0'],
  ['expected a non-empty array, got nothing', '应为非空数组，实际未填写'],
  ['unknown field (expected one of id, name, department)', '未知字段（应为以下之一：id, name, department）'],
];

describe('problem texts are whole sentences in zh-CN by default, English on en', () => {
  it.each(TEXTS)('%s', (english, chinese) => {
    expect(localiseProblemText(english, 'zh-CN')).toBe(chinese);
    expect(localiseProblemText(english, 'en')).toBe(english);
    expect(numbersOf(chinese)).toBe(numbersOf(english));
  });

  it('a malformed JSON body: a localised title, and the parser’s message quoted whole after a Chinese sentence', () => {
    const problem = {
      type: 'https://onedoor.example/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: "malformed JSON body: Expected property name or '}' in JSON at position 1",
    };
    const zh = localiseProblem(problem, 'zh-CN');
    expect(zh.title).toBe('请求无效');
    expect(zh.detail).toBe('JSON 请求体格式错误，无法解析（解析器信息："Expected property name or \'}\' in JSON at position 1"）');
    expect(zh.detail).not.toContain('或');
    expect(localiseProblem(problem, 'en')).toEqual(problem);
  });

  it('a catalogue problem’s errors[] in Chinese: fields, values and ids as sent', () => {
    const problem = {
      title: 'Invalid request',
      detail: '2 field(s) are invalid',
      errors: [
        { field: 'programme', message: 'expected an object, got null' },
        { field: 'eligibility.rule', message: 'medicalAidIllness decides medical-aid, not housing-aid' },
      ],
    };
    const zh = localiseProblem(problem, 'zh-CN');
    expect(zh.errors).toEqual([
      { field: 'programme', message: '应为对象，实际为 null' },
      { field: 'eligibility.rule', message: 'medicalAidIllness 决定的是 medical-aid 的项目，而不是 housing-aid' },
    ]);
    for (const e of zh.errors) expect(englishWords(e.message)).toBe(false);
    expect(localiseProblem(problem, 'en')).toEqual(problem);
  });
});
