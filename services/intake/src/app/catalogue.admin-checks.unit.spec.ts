import { DECISION_MAX_FEN, PARTNER_PROGRAMMES } from '@onedoor/policy';
import { ProblemError, type Principal, type ServiceRuntime } from '@onedoor/service-kit';
import { CatalogueAdmin } from './catalogue.admin';
import type { IntakePolicy } from './submit-application';

const admin: Principal = { sub: 'admin-siyang', roles: ['admin'], jurisdiction: '321323' };
// Refused before anything is read or written: no runtime or catalogue is needed.
const catalogueAdmin = new CatalogueAdmin({} as ServiceRuntime, {} as IntakePolicy);
const rental = PARTNER_PROGRAMMES.find((p) => p.id === 'housing-aid.rental-subsidy')!;

async function problemOf(programme: unknown) {
  try {
    await catalogueAdmin.putProgramme(admin, rental.id, { jurisdiction: '321323', validFrom: '2999-01-01', programme });
    throw new Error('accepted');
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    return e.problem;
  }
}

describe('PUT /catalogue/programmes/{id}: a programme that does not hold is a 400 listing every problem', () => {
  it('one problem: the detail names it', async () => {
    const problem = await problemOf({ ...rental, eligibility: {} });
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'programme.eligibility', message: expect.stringContaining('a programme must say who it is for') }] });
    expect(problem.detail).toMatch(/^programme\.eligibility: a programme must say who it is for/);
  });

  it('several: each is listed', async () => {
    const problem = await problemOf({ ...rental, eligibility: {}, askedBy: null, amount: { ...rental.amount, maxFen: DECISION_MAX_FEN } });
    expect(problem).toMatchObject({ status: 400, detail: '3 field(s) are invalid' });
    expect(problem.errors?.map((e) => e.field)).toEqual(['programme.eligibility', 'programme.amount', 'programme.askedBy']);
  });

  it('an amount rule of another department', async () => {
    const problem = await problemOf({ ...rental, id: 'temporary-aid.winter-top-up', department: 'temporary-aid', category: 'temporary', budgetProgramme: 'temporary-aid', eligibility: { tiers: ['dibao'] }, amount: { kind: 'rule', rule: 'educationAid' } });
    expect(problem.errors).toEqual(expect.arrayContaining([{ field: 'programme.amount.rule', message: 'educationAid is not an amount rule of temporary-aid: expected temporaryAid' }]));
  });
});
