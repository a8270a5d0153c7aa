import type { Request } from 'express';
import { refuseBracketQuery } from '../bootstrap';
import { ProblemError } from './problem';

const run = (url: string) => {
  let passed: unknown = 'not called';
  refuseBracketQuery({ originalUrl: url, url } as Request, {} as never, (e?: unknown) => (passed = e));
  return passed;
};

describe('query parameters in bracket form', () => {
  it('refuses a[], a[b] and __proto__[x] with a 400 problem naming each parameter', () => {
    for (const [url, fields] of [
      ['/api/v1/applications?offset[]=1', ['offset[]']],
      ['/api/v1/applications?__proto__[x]=1&limit=5', ['__proto__[x]']],
      ['/api/v1/applications?a[b]=1&status%5B%5D=settled', ['a[b]', 'status[]']],
      ['/api/v1/applications?a%5Bb%5D', ['a[b]']],
    ] as const) {
      const error = run(url);
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).problem).toMatchObject({ status: 400, errors: fields.map((field) => expect.objectContaining({ field })) });
    }
  });

  it('passes plain names, repeated ones (refused by the handlers) and brackets in values', () => {
    for (const url of ['/api/v1/applications', '/api/v1/applications?limit=5&offset=0', '/api/v1/applications?status=a&status=b', '/graphql?query=%7B%20a%5B0%5D%20%7D', '/x?%E0%A4%A=1']) {
      expect(run(url)).toBeUndefined();
    }
  });
});
