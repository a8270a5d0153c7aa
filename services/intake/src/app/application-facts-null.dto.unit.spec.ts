import { ProblemError, validateInput } from '@onedoor/service-kit';
import { checkDigitOf } from '../domain/gb11643';
import { SubmitApplicationDto } from './application.dto';

const id = (first17: string) => `${first17}${checkDigitOf(first17)}`;

/** A valid application of a dibao couple renting a dilapidated home, asking for the rental subsidy. */
function valid(): Record<string, any> {
  const [a, b] = [id('32132319800101001'), id('32132319820101002')];
  const member = (idNumber: string, relation: string) => ({
    idNumber, name: '郑国强', relation, birthDate: '1980-01-01', monthlyIncomeFen: 30_000, disability: 'none', seriousIllness: false, laborCapacity: true, hasSupporter: true,
    schoolStage: null, boarding: false, employment: 'registered_unemployed',
  });
  return {
    applicant: { idNumber: a, name: '郑国强' },
    household: {
      registeredJurisdiction: '321323100201', members: [member(a, 'self'), member(b, 'spouse')], assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
      housing: { tenure: 'owned', floorAreaM2: 20, dilapidation: 'C' },
    },
    incident: { jurisdiction: '321323100', occurredOn: '2026-11-20', causes: ['other'], urgent: false },
    consent: { economicCheck: true, dataSharing: true },
    requestedProgrammes: ['housing-aid.rental-subsidy', 'housing-aid.renovation'],
  };
}

async function problemOf(body: unknown): Promise<{ status: number; errors: { field: string; message: string }[] } | undefined> {
  try {
    await validateInput(SubmitApplicationDto, body);
    return undefined;
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    return { status: e.problem.status, errors: e.problem.errors ?? [] };
  }
}

describe('SubmitApplicationDto: member and housing facts, and requested programmes (policy-rules §11)', () => {
  it('accepts the application as given', async () => {
    expect(await problemOf(valid())).toBeUndefined();
  });

  it.each([
    ['household.housing.dilapidation', 'dilapidation must be one of A, B, C, D'],
    ['household.members.0.boarding', 'boarding must be a boolean value'],
  ])('%s given as null → 400 naming it; left out, it is accepted', async (field, message) => {
    const body = valid();
    const keys = field.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((o, k) => o[k], body);
    parent[last] = null;
    expect(await problemOf(body)).toEqual({ status: 400, errors: [{ field: field.replace(/\.(\d+)\./g, '[$1].'), message }] });
    delete parent[last];
    expect(await problemOf(body)).toBeUndefined();
  });

  it('a programme requested twice → 400 naming it', async () => {
    const body = valid();
    body.requestedProgrammes = ['housing-aid.rental-subsidy', 'housing-aid.renovation', 'housing-aid.rental-subsidy'];
    expect(await problemOf(body)).toEqual({ status: 400, errors: [{ field: 'requestedProgrammes', message: 'requestedProgrammes lists housing-aid.rental-subsidy more than once' }] });
  });
});
