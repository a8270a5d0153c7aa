import { ProblemError } from '@onedoor/service-kit';
import { DepartmentDesk } from './department-desk';
import type { DepartmentCases } from './department-cases';
import { CaseAcceptanceDto, CasePaymentReportDto, deskInput, PartnerCaseDecisionDto } from './desk.controller';
import { ReportCasePaymentInput } from './desk.resolver';

/** The 400 problem `run` throws (fails when it throws none or another). */
async function problemOf(run: () => unknown) {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemError);
    return (e as ProblemError).problem;
  }
  throw new Error('expected a 400 problem');
}

describe('desk input: precise 400s', () => {
  it.each([1e20, 2 ** 53, -1, 1.5])('expectedVersion %p is a 400 naming expectedVersion (never a conflict)', async (expectedVersion) => {
    for (const [dto, body] of [
      [CaseAcceptanceDto, { expectedVersion }],
      [PartnerCaseDecisionDto, { decision: 'refuse', reasons: ['ok reason'], expectedVersion }],
      [CasePaymentReportDto, { amountFen: 5, paymentReference: 'HZ-1', expectedVersion }],
      [ReportCasePaymentInput, { caseId: 'housing-aid-x', amountFen: 5, paymentReference: 'HZ-1', expectedVersion }],
    ] as const) {
      const problem = await problemOf(() => deskInput(dto as new () => object, body));
      expect(problem.status).toBe(400);
      expect(problem.errors?.map((e) => e.field)).toEqual(['expectedVersion']);
    }
  });

  it('the largest safe version passes', async () => {
    await expect(deskInput(CaseAcceptanceDto, { expectedVersion: Number.MAX_SAFE_INTEGER })).resolves.toMatchObject({ expectedVersion: Number.MAX_SAFE_INTEGER });
  });

  it('an empty payment report: one message per field, the first constraint declared, every field listed', async () => {
    const problem = await problemOf(() => deskInput(CasePaymentReportDto, {}));
    expect(problem).toMatchObject({ status: 400, detail: '2 field(s) are invalid' });
    expect(problem.errors).toEqual([
      { field: 'amountFen', message: 'amountFen must be an integer number' },
      { field: 'paymentReference', message: 'paymentReference must be a string' },
    ]);
  });

  it('reasons: [null] says once that each reason must be a string', async () => {
    const problem = await problemOf(() => deskInput(PartnerCaseDecisionDto, { decision: 'refuse', reasons: [null] }));
    expect(problem.errors).toEqual([{ field: 'reasons', message: 'each value in reasons must be a string' }]);
  });

  it('several fields at fault are all listed, once each', async () => {
    const problem = await problemOf(() => deskInput(PartnerCaseDecisionDto, { decision: 'maybe', reasons: ['x'], expectedVersion: -1 }, 'input'));
    expect(problem.errors?.map((e) => e.field)).toEqual(['decision', 'reasons', 'expectedVersion']);
    expect(problem.detail).toBe('3 field(s) are invalid');
  });
});

describe('a refusal has no amount', () => {
  const cases = { runtime: { spec: { service: 'partners' } }, view: () => Promise.reject(new Error('not read')) } as unknown as DepartmentCases;
  const desk = new DepartmentDesk('housing-aid', cases);
  const officer = { sub: 'officer-housing', roles: ['officer'], department: 'housing-aid', jurisdiction: '321323' } as never;

  it('refuse with amountFen: 400 naming amountFen, before the case is read', async () => {
    const problem = await problemOf(() => desk.decide('housing-aid-a1', { decision: 'refuse', reasons: ['ok reason'], amountFen: 5 }, officer));
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'amountFen' }] });
  });
});
