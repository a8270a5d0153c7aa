import { ProblemError, validateInput } from '@onedoor/service-kit';
import { checkDigitOf } from '../domain/gb11643';
import { SubmitApplicationDto } from './application.dto';

const id = (first17: string) => `${first17}${checkDigitOf(first17)}`;

/** A valid application (night fire, one adult, illness so that `medical` is required too). */
function valid(): Record<string, any> {
  const worker = id('51012219900101001');
  return {
    applicant: { idNumber: worker, name: '李强', phone: '13800000001' },
    household: {
      registeredJurisdiction: '510122100201',
      members: [
        {
          idNumber: worker, name: '李强', relation: 'self', birthDate: '1990-01-01', monthlyIncomeFen: 450_000, disability: 'none',
          seriousIllness: false, laborCapacity: true, hasSupporter: true, schoolStage: null, boarding: false,
        },
      ],
      assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
    },
    incident: {
      jurisdiction: '321323100', occurredOn: '2026-11-20', causes: ['fire', 'illness'], urgent: true, description: 'a night fire',
      medical: { patientIdNumber: worker, residualCostFen: 100_000 },
    },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/** The field errors of validating `body`, or [] when it is valid. */
async function fieldErrors(body: unknown): Promise<{ field: string; message: string }[]> {
  try {
    await validateInput(SubmitApplicationDto, body);
    return [];
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    expect(e.problem.status).toBe(400);
    return e.problem.errors ?? [{ field: '', message: e.problem.detail ?? '' }];
  }
}

const set = (path: string, value: unknown) => {
  const body = valid();
  const keys = path.split('.');
  const last = keys.pop()!;
  keys.reduce((o, k) => o[k], body)[last] = value;
  return body;
};

describe('SubmitApplicationDto against hostile shapes', () => {
  it('accepts the valid application', async () => {
    expect(await fieldErrors(valid())).toEqual([]);
  });

  const nested = ['applicant', 'household', 'household.assets', 'incident', 'incident.medical', 'consent'];
  it.each(nested.flatMap((field) => [[field, []], [field, 5], [field, 'text'], [field, true], [field, null]] as [string, unknown][]))(
    'a nested object %s given as %j → a field error naming it',
    async (field, value) => {
      const errors = await fieldErrors(set(field, value));
      expect(errors.some((e) => e.field === field)).toBe(true);
    },
  );

  it.each([[[]], [[[]]], [[5]], [['x']], [[null]]])('members elements that are not objects (%j) → a field error', async (members) => {
    const errors = await fieldErrors(set('household.members', members));
    expect(errors.some((e) => e.field.startsWith('household.members'))).toBe(true);
  });

  it.each([[5], ['illness'], [{ 0: 'fire' }], [null]])('causes given as %j (not an array) → a field error, no crash', async (causes) => {
    const errors = await fieldErrors(set('incident.causes', causes));
    expect(errors.some((e) => e.field === 'incident.causes')).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('a key named %s → rejected like any unknown key', async (key) => {
    const top = JSON.parse(JSON.stringify(valid()).replace(/^\{/, `{"${key}": {"x": 1},`));
    expect(await fieldErrors(top)).toEqual([{ field: key, message: `property ${key} should not exist` }]);
    const inner = JSON.parse(JSON.stringify(valid()).replace('"applicant":{', `"applicant":{"${key}": 1,`));
    expect(await fieldErrors(inner)).toEqual([{ field: `applicant.${key}`, message: `property ${key} should not exist` }]);
  });

  it.each([['household.members.0.birthDate', '19900101'], ['incident.occurredOn', '20261120'], ['incident.occurredOn', '2026-W47-5']])(
    'a date in another ISO 8601 form (%s = %s) → a field error',
    async (path, value) => {
      const errors = await fieldErrors(set(path, value));
      expect(errors.some((e) => e.field === path.replace('.0.', '[0].'))).toBe(true);
    },
  );

  it('an unknown key is rejected with its name', async () => {
    expect(await fieldErrors(set('applicant.nickname', 'x'))).toEqual([{ field: 'applicant.nickname', message: 'property nickname should not exist' }]);
  });

  it('3,000 levels of nesting in a field → a field error, no stack overflow', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 3000; i++) deep = [deep];
    const errors = await fieldErrors(set('incident.causes', deep));
    expect(errors).toEqual([{ field: expect.stringMatching(/^incident\.causes/), message: expect.stringContaining('nested deeper') }]);
  });

  it('a body that is not an object → "body must be a JSON object"', async () => {
    for (const body of [[], 'x', 5, null]) expect(await fieldErrors(body)).toEqual([{ field: 'body', message: 'body must be a JSON object' }]);
  });
});

describe('SubmitApplicationDto: the partner programmes’ facts (policy-rules §11)', () => {
  const withFacts = () => {
    const body = valid();
    body.household.housing = { tenure: 'rented', floorAreaM2: 12.5, dilapidation: 'C' };
    body.household.supportedAtHome = true;
    body.household.members[0].employment = 'registered_unemployed';
    body.incident.disaster = { kind: 'flood', homeDamage: 'collapsed' };
    body.requestedProgrammes = ['housing-aid.rental-subsidy'];
    return body;
  };

  it('accepts them, and an application without them as before', async () => {
    expect(await fieldErrors(withFacts())).toEqual([]);
    expect(await fieldErrors(valid())).toEqual([]);
  });

  it.each([
    ['household.housing.tenure', 'castle', 'tenure must be one of owned, rented, none'],
    ['household.housing.floorAreaM2', -1, 'floorAreaM2 must not be negative'],
    ['household.housing.floorAreaM2', '40', 'floorAreaM2 must be a number of square metres'],
    ['household.housing.dilapidation', 'E', 'dilapidation must be one of A, B, C, D'],
    ['household.supportedAtHome', 'yes', 'supportedAtHome must be a boolean value'],
    ['incident.disaster.kind', 'meteor', 'kind must be one of flood, earthquake, typhoon, landslide, drought, snowstorm, other'],
    ['incident.disaster.homeDamage', 'gone', 'homeDamage must be one of none, damaged, badly_damaged, collapsed'],
  ])('%s = %j → 400 saying %s', async (field, value, message) => {
    const body = withFacts();
    const keys = field.split('.');
    const last = keys.pop()!;
    keys.reduce((o, k) => o[k], body)[last] = value;
    const errors = await fieldErrors(body);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]));
  });

  it.each([
    ['household.housing', 'housing must be an object'],
    ['household.supportedAtHome', 'supportedAtHome must be a boolean value'],
    ['household.members.0.employment', 'employment must be one of'],
    ['incident.disaster', 'disaster must be an object'],
    ['requestedProgrammes', 'requestedProgrammes must be an array'],
  ])('%s given as null → 400 naming it (left out, it is accepted)', async (field, message) => {
    const body = withFacts();
    const keys = field.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((o, k) => o[k], body);
    parent[last] = null;
    const named = field.replace(/\.(\d+)\./g, '[$1].');
    expect(await fieldErrors(body)).toEqual(expect.arrayContaining([expect.objectContaining({ field: named, message: expect.stringContaining(message) })]));
    delete parent[last];
    expect(await fieldErrors(body)).toEqual([]);
  });

  it('a member’s employment and a requested programme of the wrong shape are refused', async () => {
    const body = withFacts();
    body.household.members[0].employment = 'astronaut';
    body.requestedProgrammes = ['Rental Subsidy'];
    const errors = await fieldErrors(body);
    expect(errors.map((e) => e.message).join(' | ')).toMatch(/employment must be one of employed, registered_unemployed/);
    expect(errors.map((e) => e.message).join(' | ')).toMatch(/each requested programme must be a programme id/);
  });
});
