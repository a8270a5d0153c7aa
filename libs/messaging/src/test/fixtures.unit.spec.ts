import { validateEventPayload } from '@onedoor/contracts';
import { payloads } from './events';

describe('test fixtures', () => {
  it.each(Object.keys(payloads) as (keyof typeof payloads)[])('the %s payload satisfies its schema', (type) => {
    expect(validateEventPayload(type, payloads[type]('app-1'))).toEqual([]);
  });
});
