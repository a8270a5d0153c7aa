import { ProblemError } from './problem';
import { assertOpaqueId, duplicateJsonKey, inputProblems, jsonDeeperThan, MAX_INPUT_DEPTH, queryInteger, queryText, refuseDeepJson, verifyJsonBody } from './validation';
import { parseAsOf } from './problem';

const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('input checks before validation', () => {
  it('measures JSON nesting on the raw bytes, ignoring brackets inside strings', () => {
    expect(jsonDeeperThan(Buffer.from(`{"a":${nest(3000)}}`), MAX_INPUT_DEPTH)).toBe(true);
    expect(jsonDeeperThan(Buffer.from(`{"a":${nest(MAX_INPUT_DEPTH - 1)}}`), MAX_INPUT_DEPTH)).toBe(false);
    expect(jsonDeeperThan(Buffer.from(JSON.stringify({ a: '['.repeat(100), b: '\\"[[[[' })), 4)).toBe(false);
    expect(() => refuseDeepJson(undefined, undefined, Buffer.from(nest(3000)))).toThrow(expect.objectContaining({ status: 400, type: 'entity.too.deep' }));
  });

  it('finds a key given twice in one object, by its path, as JSON.parse reads keys', () => {
    const dup = (text: string) => duplicateJsonKey(Buffer.from(text));
    expect(dup('{"a":1,"a":2}')).toBe('a');
    expect(dup('{"a":1,"\\u0061":2}')).toBe('a');
    expect(dup('{"consent":{"dataSharing":true,"economicCheck":true,"dataSharing":false}}')).toBe('consent.dataSharing');
    expect(dup('{"household":{"members":[{"name":"x"},{"name":"y","name":"z"}]}}')).toBe('household.members[1].name');
    expect(dup('{"__proto__":{},"__proto__":{}}')).toBe('__proto__');
    expect(dup('[{"a":1},{"a":1}]')).toBeUndefined();
    expect(dup('{"a":{"b":1},"b":{"a":1},"s":"\\"a\\":1,\\"a\\":2"}')).toBeUndefined();
    expect(dup('{"王":1,"王芳":2}')).toBeUndefined();
    expect(dup('{"a":1')).toBeUndefined();
  });

  it('refuses a JSON body with invalid UTF-8, too deep, or with a key twice, as 400 problems naming what is wrong', () => {
    const verify = (raw: Buffer) => () => verifyJsonBody(undefined, undefined, raw);
    expect(verify(Buffer.from('{"name":"王芳 👪"}'))).not.toThrow();
    for (const bad of [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from('{"a":"\xff"}', 'latin1'), Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])]) {
      const error = (() => {
        try {
          verify(bad)();
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).problem).toMatchObject({ status: 400, detail: 'the JSON body is not valid UTF-8' });
    }
    expect(verify(Buffer.from(nest(100)))).toThrow(expect.objectContaining({ status: 400, type: 'entity.too.deep' }));
    try {
      verify(Buffer.from('{"incident":{"urgent":false,"urgent":true}}'))();
      throw new Error('accepted');
    } catch (e) {
      expect((e as ProblemError).problem).toMatchObject({ status: 400, errors: [{ field: 'incident.urgent', message: 'incident.urgent is given more than once' }] });
    }
  });

  it('names keys that are object members, NUL characters, unpaired surrogates and deep nesting', () => {
    const body = JSON.parse('{"__proto__": {"x": 1}, "applicant": {"constructor": 1, "toString": "x", "name": "a\\u0000b"}, "incident": {"description": "\\ud800"}}');
    expect(inputProblems(body)).toEqual([
      { field: '__proto__', message: 'property __proto__ should not exist' },
      { field: 'applicant.constructor', message: 'property constructor should not exist' },
      { field: 'applicant.toString', message: 'property toString should not exist' },
      { field: 'applicant.name', message: 'applicant.name must not contain NUL characters' },
      { field: 'incident.description', message: 'incident.description must not contain unpaired UTF-16 surrogates' },
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(inputProblems({ reasons: deep })).toEqual([{ field: expect.stringMatching(/^reasons(\[0\])+$/), message: expect.stringContaining('nested deeper') }]);
    expect(inputProblems({ name: '王芳 👪', members: [{ a: 1 }] })).toEqual([]);
  });

  it('ids: letters, digits and . _ : - only, at most 200 characters', () => {
    for (const id of ['temporary-aid-7b1e', 'temporary-aid:2026:321323', '0f8e4c3a-1d2b-4c5d-8e9f-0a1b2c3d4e5f']) expect(assertOpaqueId(id, 'caseId')).toBe(id);
    for (const id of ['temporary-aid-\u0000', '', 'a'.repeat(201), '../etc', 'x y', 5, ['a']]) {
      expect(() => assertOpaqueId(id, 'caseId')).toThrow(ProblemError);
    }
  });

  it('integer query parameters: digits only, given once, within range', () => {
    const errors: { field: string; message: string }[] = [];
    expect(queryInteger(undefined, 'limit', { min: 1, max: 500, fallback: 50 }, errors)).toBe(50);
    expect(queryInteger('20', 'limit', { min: 1, max: 500, fallback: 50 }, errors)).toBe(20);
    expect(errors).toEqual([]);
    for (const raw of ['99999999999999999999', '1e3', '-1', '', ' 5', '5.0', '0x10', ['5'], '501']) {
      const found: { field: string; message: string }[] = [];
      queryInteger(raw, 'offset', { min: 0, max: 500, fallback: 0 }, found);
      expect({ raw, found }).toEqual({ raw, found: [{ field: 'offset', message: expect.any(String) }] });
    }
    const repeated: { field: string; message: string }[] = [];
    expect(queryText(['a', 'b'], 'status', repeated)).toBeUndefined();
    expect(repeated).toEqual([{ field: 'status', message: 'status must be given once, as text' }]);
  });

  it('asOf: an ISO 8601 instant within years 1900–9999, else a 400 naming asOf', () => {
    expect(parseAsOf('2026-11-20T10:00:00Z')?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    for (const bad of ['0000-01-01', '2026-13-45', 'yesterday', '2026-01-01garbage', ['2026-01-01']]) {
      expect(() => parseAsOf(bad)).toThrow(ProblemError);
    }
  });
});
