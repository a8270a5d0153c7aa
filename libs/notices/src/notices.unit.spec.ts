import { noticesOf, type RecordedEvent } from './notices';
import { localiseProblem } from './problems';
import { recogniseText } from './recorded-text';

// Events as intake's read model records them; the reasons are inputs, as the deciders wrote them.
const APP = 'app-7';
const routed: RecordedEvent = {
  type: 'ApplicationRouted',
  occurredAt: '2026-11-19T17:30:00.000Z', // 01:30 on the 20th in China
  data: {
    applicationId: APP,
    transferDueBy: '2026-11-24',
    routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-7', reasons: ['temporary aid: urgent cause fire'] }],
    notRouted: [{ department: 'medical-aid', reasons: ['medical aid: no illness or medical costs stated'] }],
    provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: ['routing.temporaryAidUrgentCause'] },
  },
};
const granted: RecordedEvent = {
  type: 'AidGranted',
  occurredAt: '2026-11-20T02:00:00.000Z',
  data: {
    applicationId: APP, department: 'temporary-aid', caseId: 'temporary-aid-app-7', grantId: 'g-1', amountFen: 240_000, programmeId: 'temporary-aid.advance',
    reasons: ['small fast aid: at most 1 × dibao standard 80000 fen = 80000 fen', 'approved by the township head'],
    provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: ['approvalCap'] },
  },
};
const refused: RecordedEvent = {
  type: 'AidRefused',
  occurredAt: '2026-11-21T03:00:00.000Z',
  data: {
    applicationId: APP, department: 'medical-aid', caseId: 'medical-aid-app-7', appealBy: '2027-01-20',
    reasons: ['no in-policy residual medical cost was stated in the application'],
    provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: ['medicalAid.residual'] },
  },
};
const applicationRefused: RecordedEvent = {
  type: 'ApplicationRefused',
  occurredAt: '2026-11-20T02:00:00.000Z',
  data: {
    applicationId: APP, appealBy: '2027-01-19',
    reasons: ['no department can help with this application', 'you may apply for administrative reconsideration within 60 days, by 2027-01-19'],
    provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: ['submission.writtenRefusal'] },
  },
};

describe('written notices', () => {
  const events = [routed, { type: 'CaseOpened', occurredAt: routed.occurredAt, data: {} }, granted, refused];

  it('one per decision, in recording order, dated by the China date; other events give none', () => {
    const zh = noticesOf(events, 'zh-CN');
    expect(zh.map((n) => [n.kind, n.decidedOn])).toEqual([['acceptance', '2026-11-20'], ['grant', '2026-11-20'], ['refusal', '2026-11-21']]);
    expect(zh.map((n) => n.title)).toEqual(['受理及转办通知书', '给付决定书', '不予救助决定书']);
  });

  it('a grant: department, programme, amount in yuan with two decimals, reasons translated or shown as recorded, rule ids', () => {
    const [, zh] = noticesOf(events, 'zh-CN');
    const [, en] = noticesOf(events, 'en');
    expect(zh).toMatchObject({ department: 'temporary-aid', programmeId: 'temporary-aid.advance', amountFen: 240_000, amountYuan: '2,400.00', ruleIds: ['approvalCap'] });
    expect(zh.text).toContain('临时救助部门决定给予救助 2,400.00 元（项目 temporary-aid.advance）');
    expect(en.text).toContain('temporary-aid grants 2,400.00 yuan under programme temporary-aid.advance');
    expect(zh.reasons).toEqual([
      { text: '小额快救：最高为 1 × 低保标准 80000 分 = 80000 分', recorded: granted.data && (granted.data as any).reasons[0], messageId: 'reason.temporaryAid.cap' },
      { text: 'approved by the township head', recorded: 'approved by the township head', messageId: null },
    ]);
    expect(en.reasons.map((r) => r.text)).toEqual((granted.data as any).reasons);
    expect(zh.text).toContain('适用规则：approvalCap');
  });

  it('a refusal carries the appeal notice with the recorded appeal-by date: reconsideration or litigation', () => {
    const [, , zh] = noticesOf(events, 'zh-CN');
    const [, , en] = noticesOf(events, 'en');
    expect(zh).toMatchObject({ kind: 'refusal', appealBy: '2027-01-20', reasons: [{ text: '申请中未陈述政策范围内的个人自付医疗费用' }] });
    expect(zh.text).toContain('可于 2027-01-20 前');
    expect(zh.text).toContain('行政复议');
    expect(zh.text).toContain('行政诉讼');
    expect(en.text).toContain('administrative reconsideration by 2027-01-20');
  });

  it("the application's refusal when no department can help, with its appeal-by date", () => {
    const [zh] = noticesOf([applicationRefused], 'zh-CN');
    expect(zh).toMatchObject({ kind: 'application-refusal', appealBy: '2027-01-19', ruleIds: ['submission.writtenRefusal'] });
    expect(zh.reasons.map((r) => r.text)).toEqual(['没有部门能够受理本申请的救助', '您可以在 60 日内（2027-01-19 前）申请行政复议']);
  });

  it('acceptance lists the departments it went to and why others were not asked', () => {
    const [zh] = noticesOf([routed], 'zh-CN');
    expect(zh.text).toContain('已转办至 1 个部门：临时救助部门。转办期限为 2026-11-24');
    expect(zh.reasons.map((r) => r.text)).toEqual(['临时救助：紧急事由 火灾', '医疗救助：未陈述疾病或医疗费用']);
    expect(noticesOf([routed], 'en')[0].text).toContain('transferred to 1 department: temporary-aid');
  });
});

describe('recorded texts', () => {
  it('a text is recognised only when a template produces all of it', () => {
    expect(recogniseText('medical aid: 2220000 fen', 'reason')).toEqual({ id: 'reason.medicalAid.amount', params: { amount: '2220000' } });
    expect(recogniseText('nothing to pay: the annual cap of 5 fen for this person is used up today', 'reason')).toBeUndefined();
    expect(recogniseText('a note: written by hand', 'reason')).toBeUndefined(); // `X: …` is a programme's reason only when X is a programme
    expect(recogniseText('1 vehicle (at most 0)', 'phrase')).toEqual({ id: 'phrase.vehicles', params: { count: '1', max: '0' } });
  });

  it('problems keep type, status, fields and rule; an unknown detail stays as it is', () => {
    const problem = { type: 't', title: 'Business rule violated', status: 422, detail: 'a custom rule text', rule: 'approvalCap', errors: [{ field: 'amountFen', message: 'x' }] };
    expect(localiseProblem(problem, 'zh-CN')).toEqual({ ...problem, title: '违反业务规则' });
    expect(localiseProblem(problem, 'en')).toBe(problem);
  });
});

describe('grants in kind and grants the department pays', () => {
  const grant = (data: object): RecordedEvent => ({
    type: 'AidGranted',
    occurredAt: '2026-11-22T02:00:00.000Z',
    data: { applicationId: APP, caseId: 'housing-aid-app-7', grantId: 'g-h', reasons: [], provenance: { ruleIds: [] }, ...data },
  });

  it('in kind: the programme granted, by its name, with no amount', () => {
    const home = grant({ department: 'housing-aid', amountFen: 0, programmeId: 'housing-aid.public-rental-home', paidBy: 'in_kind' });
    const [zh] = noticesOf([home], 'zh-CN');
    const [en] = noticesOf([home], 'en');
    expect(zh.text).toContain('住房救助部门决定配租公共租赁住房（实物救助），决定日期 2026-11-22。');
    expect(en.text).toContain('housing-aid grants in kind: public rental home, decided on 2026-11-22.');
    for (const n of [zh, en]) {
      expect(n).toMatchObject({ kind: 'grant', programmeId: 'housing-aid.public-rental-home', amountFen: null, amountYuan: null });
      expect(n.text).not.toMatch(/0\.00|元|yuan/);
    }
    // a programme the default catalogues do not hold is named by its id
    expect(noticesOf([grant({ department: 'housing-aid', amountFen: 0, programmeId: 'housing-aid.local-dorm', paidBy: 'in_kind' })], 'en')[0].text).toContain('grants in kind: housing-aid.local-dorm,');
  });

  it('paid by the department: the amount, and that the department pays it', () => {
    const subsidy = grant({ department: 'employment-aid', amountFen: 150_000, programmeId: 'employment-aid.training-subsidy', paidBy: 'department' });
    expect(noticesOf([subsidy], 'zh-CN')[0].text).toContain('就业救助部门决定给予救助 1,500.00 元（项目 employment-aid.training-subsidy），由该部门直接发放');
    expect(noticesOf([subsidy], 'en')[0].text).toContain('employment-aid grants 1,500.00 yuan under programme employment-aid.training-subsidy, paid by the department itself');
    expect(noticesOf([subsidy], 'en')[0]).toMatchObject({ amountFen: 150_000, amountYuan: '1,500.00' });
  });
});
