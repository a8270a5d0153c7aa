import { ASYNCAPI_DOCUMENT } from '@onedoor/contracts';
import { deadLetter, DLQ_HEADERS } from './dead-letter';

describe('dead letters', () => {
  it('carry the dlq-* headers the AsyncAPI document declares, and the original ones', () => {
    const message = {
      topic: 'onedoor.intake.v1', partition: 2, offset: '41', key: Buffer.from('app-1'), value: Buffer.from('{}'),
      headers: { 'event-type': 'ApplicationRouted' },
    };
    const letter = deadLetter(message as any, new Error('boom'), 'funding.grants', 5);
    const declared = (ASYNCAPI_DOCUMENT as any).components.schemas.DeadLetterHeaders;
    const dlqNames = Object.values(DLQ_HEADERS);
    expect(Object.keys(declared.properties)).toEqual(expect.arrayContaining(dlqNames));
    expect(declared.required.sort()).toEqual([...dlqNames].sort());
    expect(Object.keys(letter.headers ?? {}).sort()).toEqual(['event-type', ...dlqNames].sort());
    for (const name of dlqNames) {
      const pattern = declared.properties[name].pattern;
      if (pattern) expect(String((letter.headers as Record<string, unknown>)[name])).toMatch(new RegExp(pattern));
    }
  });
});
