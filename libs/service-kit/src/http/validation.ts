import { applyDecorators, Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { validate, ValidateBy, ValidateNested } from 'class-validator';
import { isUtf8 } from 'node:buffer';
import { ProblemError } from './problem';

type FieldError = { field: string; message: string };

/** Deepest nesting of objects and arrays accepted in a request body or GraphQL input (the largest valid body nests 4 deep). */
export const MAX_INPUT_DEPTH = 32;

/** Most field errors reported for one request (the rest are counted in `detail`). */
const MAX_REPORTED_ERRORS = 50;

/**
 * Keys that name members of every object (`__proto__`, `constructor`, `toString`, …): never a
 * field of any input, and dropped silently by object mapping, so they are rejected outright.
 */
const OBJECT_MEMBER_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** An unpaired UTF-16 surrogate (text that has no UTF-8 form and cannot be stored). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Opaque ids in paths and id arguments (application UUIDs, `temporary-aid-…` case ids,
 * `funding`-style `programme:year:division` budget ids): 1–200 characters of letters, digits and
 * `. _ : -`, starting with a letter or digit.
 */
export const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Flattens nested class-validator errors into [{ field: "household.members[0].idNumber", message }]. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const join = (prefix: string, key: string | number) => (typeof key === 'number' ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key);
const textProblem = (s: string) => (s.includes('\u0000') ? 'must not contain NUL characters' : LONE_SURROGATE.test(s) ? 'must not contain unpaired UTF-16 surrogates' : null);

/**
 * What no input may hold, whatever its schema: nesting deeper than MAX_INPUT_DEPTH, keys naming
 * object members (`__proto__`, `constructor`, `toString`…), and strings or keys with NUL characters
 * or unpaired surrogates. Returns field errors (`field` as in `a.b[0].c`), empty when clean.
 */
export function inputProblems(value: unknown, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (errors.length >= MAX_REPORTED_ERRORS) return;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) errors.push({ field: path || 'body', message: `${path || 'body'} ${problem}` });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: path || 'body', message: `${path || 'body'} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, join(path, i), depth + 1));
      return;
    }
    for (const key of Object.keys(v)) {
      const field = join(path, key);
      if (OBJECT_MEMBER_KEYS.has(key)) errors.push({ field, message: `property ${key} should not exist` });
      else if (textProblem(key)) errors.push({ field: path || 'body', message: `a property name ${textProblem(key)}` });
      else walk((v as Record<string, unknown>)[key], field, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return errors;
}

/** Throws a 400 ProblemError listing `errors` (nothing when empty). */
export function throwIfInvalid(errors: FieldError[], what = 'field(s) are invalid'): void {
  if (errors.length) throw ProblemError.badRequest(`${errors.length} ${what}`, errors.slice(0, MAX_REPORTED_ERRORS));
}

/**
 * Whether raw JSON text nests objects and arrays deeper than `max`, counted on the bytes before
 * parsing (brackets inside strings do not count). UTF-8 only: multi-byte sequences never contain
 * ASCII bytes, so they cannot be mistaken for brackets or quotes.
 */
export function jsonDeeperThan(raw: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) return true;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return false;
}

/**
 * body-parser `verify` hook: refuses a JSON body nested deeper than MAX_INPUT_DEPTH before it is
 * parsed, with an http-error (status 400, type `entity.too.deep`) that the problem filter turns
 * into a 400 problem.
 */
export function refuseDeepJson(_req: unknown, _res: unknown, raw: Uint8Array): void {
  if (jsonDeeperThan(raw, MAX_INPUT_DEPTH)) {
    throw Object.assign(new Error(`the JSON body is nested deeper than ${MAX_INPUT_DEPTH} levels`), { status: 400, expose: true, type: 'entity.too.deep' });
  }
}

/**
 * The first key given twice in one object of raw JSON text, as its path (`consent.dataSharing`,
 * `household.members[1].name`), or undefined. Keys are compared as JSON.parse reads them (`"a"`
 * and `"\u0061"` are one key). Text that is not JSON is not judged here (undefined): the parser
 * refuses it. Walks the bytes once; callers bound the nesting first (jsonDeeperThan).
 */
export function duplicateJsonKey(raw: Uint8Array): string | undefined {
  type Frame = { keys?: Set<string>; key?: string; index: number; expectKey: boolean };
  const stack: Frame[] = [];
  const pathOf = (key: string) => join(stack.slice(0, -1).reduce((path, f) => join(path, f.keys ? (f.key ?? '') : f.index), ''), key);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x22) {
      const start = i;
      for (i++; i < raw.length && raw[i] !== 0x22; i++) if (raw[i] === 0x5c) i++;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset + start, i + 1 - start).toString('utf8')) as string;
        } catch {
          return undefined;
        }
        if (top.keys.has(key)) return pathOf(key);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (b === 0x7b) stack.push({ keys: new Set(), index: 0, expectKey: true });
    else if (b === 0x5b) stack.push({ index: 0, expectKey: false });
    else if (b === 0x7d || b === 0x5d) stack.pop();
    else if (b === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/**
 * body-parser `verify` hook of every JSON body, before it is parsed: refuses (400 problem) a body
 * that is not valid UTF-8 (a decoder would silently replace the bad bytes), one nested deeper than
 * MAX_INPUT_DEPTH (refuseDeepJson), and one whose object gives a key twice (JSON.parse would keep
 * the last value silently), naming the key.
 */
export function verifyJsonBody(req: unknown, res: unknown, raw: Uint8Array): void {
  if (!isUtf8(raw)) throw ProblemError.badRequest('the JSON body is not valid UTF-8', [{ field: 'body', message: 'the body must be UTF-8 text' }]);
  refuseDeepJson(req, res, raw);
  const duplicate = duplicateJsonKey(raw);
  if (duplicate !== undefined) {
    const message = `${duplicate} is given more than once`;
    throw ProblemError.badRequest(`the JSON body gives a key twice: ${duplicate}`, [{ field: duplicate, message }]);
  }
}

/**
 * An id from a path or an id argument, or a 400 ProblemError naming `field`: ids never reach the
 * database with bytes it cannot store (NUL, bad UTF-8) or of unbounded length.
 */
export function assertOpaqueId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string' || !OPAQUE_ID.test(value)) {
    const message = `${field} must be 1–200 letters, digits, '.', '_', ':' or '-'`;
    throw ProblemError.badRequest(message, [{ field, message }]);
  }
  return value;
}

/** `@Args('id', OpaqueIdPipe)`: an id argument checked by assertOpaqueId. */
@Injectable()
export class OpaqueIdPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata) {
    return value === undefined || value === null ? value : assertOpaqueId(value, metadata.data ?? 'id');
  }
}

/**
 * A nested DTO field: a JSON object (never an array, scalar or null — each of those is a field
 * error), validated as `type`. With `each`, an array whose every element is such an object.
 */
export function ValidateNestedObject(type: () => new () => object, options: { each?: boolean } = {}) {
  const each = options.each ?? false;
  return applyDecorators(
    ValidateBy(
      {
        name: 'isNestedObject',
        // An absent field is left to IsDefined / IsOptional, so that it is reported once.
        validator: { validate: (value: unknown) => value === undefined || isPlainObject(value) },
      },
      { each, message: each ? 'each value in $property must be an object' : '$property must be an object' },
    ),
    ValidateNested({ each }),
    Type(type),
  );
}

/**
 * Validates untyped input (a REST body, a GraphQL JSON argument) against a DTO class: a JSON
 * object, clean by inputProblems, no properties beyond the DTO's, every class-validator rule.
 * Returns the DTO instance; throws a 400 ProblemError with `errors: [{ field, message }]` (fields
 * relative to the input; `name` is the field named when the input is not an object at all).
 */
export async function validateInput<T extends object>(dto: new () => T, input: unknown, name = 'body'): Promise<T> {
  if (!isPlainObject(input)) throw ProblemError.badRequest(`${name} must be a JSON object`, [{ field: name, message: `${name} must be a JSON object` }]);
  throwIfInvalid(inputProblems(input));
  const instance = plainToInstance(dto, input);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  throwIfInvalid(flattenValidationErrors(errors));
  return instance;
}

const PRIMITIVE_TYPES: unknown[] = [String, Number, Boolean, Array, Object];
const isDtoClass = (t: unknown) => typeof t === 'function' && !PRIMITIVE_TYPES.includes(t);

/**
 * The global pipe: REST path parameters are opaque ids; DTO bodies must be JSON objects; bodies,
 * query values and GraphQL arguments are checked by inputProblems; DTOs by class-validator (unknown
 * properties rejected). Every failure is a 400 problem with the fields at fault.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      exceptionFactory: (errors) => {
        const list = flattenValidationErrors(errors);
        return ProblemError.badRequest(`${list.length} field(s) are invalid`, list);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const type = metadata.type;
    if (type === 'param') return assertOpaqueId(value, metadata.data ?? 'id');
    if (type === 'body' && metadata.data === undefined && isDtoClass(metadata.metatype)) {
      // A whole REST body bound to a DTO: absent means {}, anything but an object is refused.
      const body = value === undefined ? {} : value;
      if (!isPlainObject(body)) throw ProblemError.badRequest('the body must be a JSON object', [{ field: 'body', message: 'the body must be a JSON object' }]);
      value = body;
    }
    // GraphQL arguments arrive as 'body' too (with the argument's name as `data`).
    if (type === 'body' || type === 'query') {
      const prefix = value !== null && typeof value === 'object' ? '' : (metadata.data ?? '');
      throwIfInvalid(inputProblems(value, prefix));
    }
    return super.transform(value, metadata);
  }
}

/** The pipe every OneDoor process installs globally (InputValidationPipe). */
export const validationPipe = () => new InputValidationPipe();

/**
 * An integer query parameter: decimal digits only (an optional leading '-'), given once, within
 * [min, max]. Returns `fallback` when absent; when invalid, pushes a field error onto `errors`
 * and returns `fallback`.
 */
export function queryInteger(raw: unknown, field: string, range: { min: number; max: number; fallback: number }, errors: FieldError[]): number {
  if (raw === undefined) return range.fallback;
  const n = typeof raw === 'string' && /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    errors.push({ field, message: `${field} must be an integer from ${range.min} to ${range.max}` });
    return range.fallback;
  }
  return n;
}

/**
 * A text query parameter given at most once (a repeated parameter arrives as an array): the
 * string, or undefined when absent; when repeated or not text, pushes a field error onto `errors`.
 */
export function queryText(raw: unknown, field: string, errors: FieldError[]): string | undefined {
  if (raw === undefined || typeof raw === 'string') return raw;
  errors.push({ field, message: `${field} must be given once, as text` });
  return undefined;
}
