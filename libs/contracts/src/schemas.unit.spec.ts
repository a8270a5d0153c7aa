import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAsyncApi, generateEventSchemas } from '../scripts/generate';
import { EVENTS_BY_SERVICE } from './services';
import { validateEventPayload } from './validate';

const dir = join(__dirname, '..', 'schemas');

describe('event contracts', () => {
  const generated = generateEventSchemas();

  it('the checked-in JSON Schemas and AsyncAPI document match the payload types (run `npm run contracts`)', () => {
    expect(JSON.parse(readFileSync(join(dir, 'events.schema.json'), 'utf8'))).toEqual(generated);
    expect(JSON.parse(readFileSync(join(dir, 'asyncapi.json'), 'utf8'))).toEqual(generateAsyncApi(generated));
  });

  it('has a schema for every public event of every topic', () => {
    for (const types of Object.values(EVENTS_BY_SERVICE)) {
      for (const t of types) expect(Object.keys(generated.definitions)).toContain(t);
    }
  });

  it('accepts a valid payload and names what is wrong with an invalid one', () => {
    const paid = { applicationId: 'a', caseId: 'c', department: 'medical-aid', grantId: 'g', amountFen: 100, budgetId: 'b' };
    expect(validateEventPayload('CasePaid', paid)).toEqual([]);
    expect(validateEventPayload('CasePaid', { ...paid, amountFen: '100' })).toEqual(['CasePaid/amountFen must be integer']);
    expect(validateEventPayload('CasePaid', { ...paid, idNumber: '321323198001010011' })).toEqual([
      'CasePaid must NOT have additional properties',
    ]);
  });
});
