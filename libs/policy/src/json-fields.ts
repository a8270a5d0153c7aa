import { isIsoDate } from './dates';

/** Field checks of policy documents (parameter files, programme catalogues): each error names the path of the offending value. */

/** A parameter document that does not hold; `field` is the path of the offending value. */
export class ParameterSetError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'ParameterSetError';
  }
}

export type Json = Record<string, unknown>;
export const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

export function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParameterSetError(path, `expected an object, got ${show(value)}`);
  }
  return value as Json;
}

/** Unknown fields are errors: a misspelt optional field (e.g. "validUntil") must not pass silently. */
export function onlyKnown(o: Json, path: string, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new ParameterSetError(`${path}.${key}`, `unknown field (expected one of ${known.join(', ')})`);
  }
}

export function integer(o: Json, key: string, path: string, unit: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}…${max}`;
    throw new ParameterSetError(`${path}.${key}`, `expected an integer ${range} (${unit}), got ${show(v)}`);
  }
  return v;
}

export function text(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') throw new ParameterSetError(`${path}.${key}`, `expected a non-empty string, got ${show(v)}`);
  return v;
}

export function flag(o: Json, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ParameterSetError(`${path}.${key}`, `expected true or false, got ${show(v)}`);
  return v;
}

export function date(o: Json, key: string, path: string): string {
  const v = o[key];
  if (!isIsoDate(v)) throw new ParameterSetError(`${path}.${key}`, `expected a date YYYY-MM-DD, got ${show(v)}`);
  return v;
}

