import { PARTNER_PROGRAMMES, validateProgramme } from '@onedoor/policy';
import { MESSAGE_IDS } from './catalogue';
import { formatMessage, messageFormat } from './messages';
import { localiseProblem } from './problems';
import { recogniseText } from './recorded-text';

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

/** A value for every parameter of an English template: `other` for a select, 2 for a plural, a distinct word otherwise. */
function sampleParams(elements: Element[], params: Record<string, string | number> = {}): Record<string, string | number> {
  for (const el of elements) {
    if ((el.type === 1 || el.type === 2) && !(el.value! in params)) params[el.value!] = `x${Object.keys(params).length}`;
    if (el.type === 5) params[el.value!] = 'other';
    if (el.type === 6) params[el.value!] = 2;
    for (const option of Object.values(el.options ?? {})) sampleParams(option.value, params);
  }
  return params;
}

const detail = (text: string, locale: 'zh-CN' | 'en') => localiseProblem({ title: 'Invalid request', detail: text }, locale).detail;

/** What validateProgramme answers for `programme` (the detail of the catalogue PUT's 400). */
function programmeError(programme: unknown): string {
  try {
    validateProgramme(programme, 'programme');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the programme was valid');
}

/** A valid programme of the default catalogue (housing-aid.rental-subsidy), to spoil one field at a time. */
const programme = { ...PARTNER_PROGRAMMES.find((p) => p.id === 'housing-aid.rental-subsidy')! };

describe('problem details: every template is matched', () => {
  it.each(MESSAGE_IDS.filter((id) => id.startsWith('problem.')))('%s recognises the text it produces', (id) => {
    const group = id.startsWith('problem.title.') ? 'problem.title' : 'problem.detail';
    const text = formatMessage('en', id, sampleParams(messageFormat('en', id).getAst() as Element[]));
    expect(recogniseText(text, group)?.id).toBe(id);
  });
});

describe('problem details in Chinese by default, as recorded in English', () => {
  it.each<[string, string]>([
    ['grant housing-aid-app-1:housing-aid.rental-subsidy was already paid (reference PAY-1)', '给付 housing-aid-app-1:housing-aid.rental-subsidy 已经支付（支付凭证号 PAY-1）'],
    ['programme housing-aid.public-rental-home is given in kind: amountFen must be 0, got 5000', '项目 housing-aid.public-rental-home 为实物救助：amountFen 必须为 0，实际为 5000'],
    ['only housing-aid officers and the housing-aid system act on housing-aid cases', '只有住房救助部门的经办人员和住房救助部门的业务系统可以办理住房救助部门案件'],
    ['department police not found', '未找到部门 police'],
    ['status must be one of open, accepted, granted, refused, paid', 'status 必须是以下之一：open, accepted, granted, refused, paid'],
    ['too many writes: at most 60 per 60 s; retry after 42 s', '写入过于频繁：每 60 秒最多 60 次；请在 42 秒后重试'],
    ['request entity too large', '请求体过大'],
    ['the body must be an object { jurisdiction, validFrom, programme }', '请求体必须是对象 { jurisdiction, validFrom, programme }'],
    ['programme.id housing-aid.x is not the programme of the path, housing-aid.y', 'programme.id housing-aid.x 不是路径中的项目 housing-aid.y'],
    ['no programme catalogue is in force for 321323 on 2026-11-20', '2026-11-20 在 321323 没有生效的项目目录'],
  ])('%s', (english, chinese) => {
    expect(detail(english, 'zh-CN')).toBe(chinese);
    expect(detail(english, 'en')).toBe(english);
  });

  it('the catalogue PUT’s programme-field errors, as validateProgramme writes them: field paths and values kept as sent', () => {
    const cases: [unknown, string][] = [
      [{ ...programme, category: 'gold' }, 'programme.category：应为以下之一：dibao, tekun, disaster, medical, education, housing, employment, temporary，实际为 "gold"'],
      [{ ...programme, colour: 'red' }, 'programme.colour：未知字段（应为以下之一：'],
      [{ ...programme, eligibility: { tiers: ['tekun', 'gold'] } }, 'programme.eligibility.tiers[1]：应为以下之一：tekun, dibao, edge, rigid, none，实际为 "gold"'],
      [{ ...programme, decisionWorkingDays: -1 }, 'programme.decisionWorkingDays：应为'],
      [{ ...programme, amount: { kind: 'bounds', minFen: 100, maxFen: 10 } }, 'programme.amount.maxFen：不得低于 minFen 100，实际为 10'],
      [{ ...programme, id: 'Housing Aid' }, 'programme.id：应为由小写单词组成的项目编号（如 housing-aid.rental-subsidy），实际为 "Housing Aid"'],
      [{ ...programme, eligibility: { members: {} } }, 'programme.eligibility.members：成员条件至少需要一项'],
      [{ ...programme, eligibility: { members: [{}] } }, 'programme.eligibility.members：应为对象，实际为 [{}]'],
      [{ ...programme, name: 'rental subsidy' }, 'programme.name：应为对象，实际为 "rental subsidy"'],
    ];
    for (const [value, chinese] of cases) {
      const english = programmeError(value);
      expect([english, detail(english, 'zh-CN')]).toEqual([english, expect.stringContaining(chinese)]);
      expect(detail(english, 'zh-CN')).not.toMatch(/expected|got|must/);
      expect(detail(english, 'en')).toBe(english);
    }
  });

  it('an integer field names its unit in Chinese', () => {
    expect(detail('programme.amount.maxFen: expected an integer ≥ 0 (fen), got -5', 'zh-CN')).toBe('programme.amount.maxFen：应为 ≥ 0 的整数（分），实际为 -5');
  });
});
