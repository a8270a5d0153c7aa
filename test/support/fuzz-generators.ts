/**
 * Generators of hostile requests against every OneDoor write, search and read (REST and GraphQL),
 * for the property-based fuzz suite (test/e2e/fuzz.e2e.spec.ts) and `npm run fuzz`.
 *
 * Every generated request is invalid by construction: it starts from a valid-looking request and
 * applies at least one mutation that no valid request has (a value of the wrong type or out of
 * range for its field, a required field deleted, an unknown or prototype-named key, NUL or an
 * unpaired surrogate in text, nesting deeper than 32 levels, a bad id or query parameter), or it
 * breaks the transport (content type, charset, content encoding, size, malformed JSON, missing or
 * wrong credentials, a broken GraphQL document). Headers get harmless noise besides.
 *
 * The expected answer (judge): REST 4xx with `application/problem+json`; GraphQL a 4xx, or errors
 * whose `extensions.code` are all client codes. Never a 5xx, never INTERNAL_SERVER_ERROR.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { idNumber } from './applications';

/** Callers and known ids the requests are aimed at (ids of a live system make mutations reach deeper). */
export interface FuzzContext {
  tokens: { caseworker: string; officer: string; finance: string; applicant: string; auditor: string };
  /** Ids of existing cases (temporary-aid-…) that the officer may decide. */
  caseIds: string[];
  /** Ids of existing budgets (programme:year:division). */
  budgetIds: string[];
  /** Ids of existing applications. */
  applicationIds: string[];
  /** County of the callers (6 digits). */
  county: string;
}

export interface FuzzRequest {
  /** The endpoint and what was done to the request, for reports. */
  label: string;
  target: string;
  method: 'GET' | 'POST';
  /** Path and query string, e.g. `/api/v1/applications?offset=-1` or `/graphql`. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  graphql: boolean;
}

// ---------------------------------------------------------------------------------------------
// JSON trees and their fields
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** `textList`: a list of strings in GraphQL, where one string is a list of one (input coercion), so not invalid. */
type Kind = 'object' | 'array' | 'textList' | 'string' | 'int' | 'bool' | 'enum' | 'idNumber' | 'division' | 'date' | 'id' | 'reason';
interface FieldSpec {
  kind: Kind;
  optional?: boolean;
}
/** Field specs by path pattern (`*` = any array index). */
type Spec = Record<string, FieldSpec>;

const APPLICATION: Spec = {
  applicant: { kind: 'object' },
  'applicant.idNumber': { kind: 'idNumber' },
  'applicant.name': { kind: 'string' },
  'applicant.phone': { kind: 'string', optional: true },
  household: { kind: 'object' },
  'household.registeredJurisdiction': { kind: 'division' },
  'household.members': { kind: 'array' },
  'household.members.*': { kind: 'object' },
  'household.members.*.idNumber': { kind: 'idNumber' },
  'household.members.*.name': { kind: 'string' },
  'household.members.*.relation': { kind: 'enum' },
  'household.members.*.birthDate': { kind: 'date' },
  'household.members.*.monthlyIncomeFen': { kind: 'int' },
  'household.members.*.disability': { kind: 'enum' },
  'household.members.*.seriousIllness': { kind: 'bool' },
  'household.members.*.laborCapacity': { kind: 'bool' },
  'household.members.*.hasSupporter': { kind: 'bool' },
  'household.members.*.schoolStage': { kind: 'enum', optional: true },
  'household.members.*.boarding': { kind: 'bool', optional: true },
  'household.members.*.employment': { kind: 'enum', optional: true },
  'household.assets': { kind: 'object' },
  'household.assets.depositsFen': { kind: 'int' },
  'household.assets.vehicles': { kind: 'int' },
  'household.assets.extraHomes': { kind: 'int' },
  // floorAreaM2 is any non-negative number of square metres (1.5 is valid): not fuzzed as an int.
  'household.housing': { kind: 'object', optional: true },
  'household.housing.tenure': { kind: 'enum' },
  'household.housing.dilapidation': { kind: 'enum', optional: true },
  'household.supportedAtHome': { kind: 'bool', optional: true },
  incident: { kind: 'object' },
  'incident.jurisdiction': { kind: 'division' },
  'incident.occurredOn': { kind: 'date' },
  'incident.causes': { kind: 'array' },
  'incident.causes.*': { kind: 'enum' },
  'incident.urgent': { kind: 'bool' },
  'incident.description': { kind: 'string', optional: true },
  'incident.medical': { kind: 'object', optional: true },
  'incident.medical.patientIdNumber': { kind: 'idNumber' },
  'incident.medical.residualCostFen': { kind: 'int' },
  'incident.disaster': { kind: 'object', optional: true },
  'incident.disaster.kind': { kind: 'enum' },
  'incident.disaster.homeDamage': { kind: 'enum' },
  consent: { kind: 'object' },
  'consent.economicCheck': { kind: 'bool' },
  'consent.dataSharing': { kind: 'bool' },
};

const DECISION: Spec = {
  decision: { kind: 'enum' },
  amountFen: { kind: 'int', optional: true },
  reasons: { kind: 'array' },
  'reasons.*': { kind: 'reason' },
  specialHardship: { kind: 'bool', optional: true },
  expectedVersion: { kind: 'int', optional: true },
};
const GRAPHQL_DECISION: Spec = { caseId: { kind: 'id' }, ...DECISION, reasons: { kind: 'textList' } };

const ALLOCATION: Spec = {
  programme: { kind: 'enum' },
  fiscalYear: { kind: 'int' },
  jurisdiction: { kind: 'division' },
  amountFen: { kind: 'int' },
  reserveFund: { kind: 'bool', optional: true },
};
const TOP_UP: Spec = { amountFen: { kind: 'int' } };

type Path = (string | number)[];
const patternOf = (path: Path) => path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every node of a tree with its path (the root has the empty path), down to 12 levels (below are earlier deep mutations). */
function nodes(tree: Json, path: Path = []): { path: Path; value: Json }[] {
  const here = [{ path, value: tree }];
  if (path.length >= 12) return here;
  if (Array.isArray(tree)) return [...here, ...tree.flatMap((v, i) => nodes(v, [...path, i]))];
  if (isObject(tree)) return [...here, ...Object.keys(tree).flatMap((k) => nodes(tree[k], [...path, k]))];
  return here;
}

function parentOf(tree: Json, path: Path): Record<string, Json> | Json[] {
  return path.slice(0, -1).reduce<Json>((node, key) => (node as any)[key], tree) as Record<string, Json> | Json[];
}

function setAt(tree: Json, path: Path, value: Json) {
  const parent = parentOf(tree, path);
  const key = path[path.length - 1];
  // defineProperty, so that "__proto__" becomes an own key rather than the prototype; a copy, so
  // that shared constants are never changed by later mutations.
  Object.defineProperty(parent, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
}

function deleteAt(tree: Json, path: Path) {
  delete (parentOf(tree, path) as any)[path[path.length - 1]];
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length];

// ---------------------------------------------------------------------------------------------
// Invalid values
// ---------------------------------------------------------------------------------------------

/**
 * Placeholders replaced in the serialized text (finish): `raw` by a number literal JSON.stringify
 * cannot write (1e400 parses to Infinity), `deep` by nesting deeper than the server accepts
 * (33–3,000 levels of arrays or objects), which is never built in memory.
 */
const RAW_HUGE_NUMBER = '\u0001raw:1e400\u0001';
const deepValue = (depth: number, objects: boolean): Json => `\u0001deep:${depth}:${objects ? 'o' : 'a'}\u0001`;
const deepText = (depth: number, objects: boolean) => (objects ? `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`);
const finish = (text: string) =>
  text.replace(/"\\u0001(raw|deep):([^"\\]*)\\u0001"/g, (_whole, kind: string, arg: string) => {
    if (kind === 'raw') return arg;
    const [depth, shape] = arg.split(':');
    return deepText(Number(depth), shape === 'o');
  });

const longText = (n: number, seed: number) => pick(['x', '长', 'é', '🙂', 'ab '], seed).repeat(n);

/**
 * Values invalid for a field of each kind whatever the rest of the request holds. `null` only for
 * required fields (it means "absent" to optional ones). Strings longer than any field allows.
 */
function invalidValues(kind: Kind, optional: boolean, seed: number): Json[] {
  const notNull = (vs: Json[]) => (optional ? vs : [...vs, null]);
  const huge = longText(2001 + (seed % 20000), seed);
  switch (kind) {
    case 'object':
      return notNull([[], [{}], 5, 'text', true, 0]);
    case 'array':
      return notNull([5, 'illness', {}, true, [5], [[]], [null]]);
    case 'textList':
      return notNull([5, {}, true, [5], [[]], [null]]);
    case 'string':
      return notNull([5, true, [], {}, huge, ['x'], -1.5]);
    case 'int':
      return notNull([-1, 1.5, '5', 1e20, 2 ** 53 + 1, true, [], {}, '', RAW_HUGE_NUMBER, -1e308, 'NaN']);
    case 'bool':
      return notNull(['true', 1, 0, 'false', [], {}, 'yes']);
    case 'enum':
      return notNull(['bogus', '', 5, true, ['approve'], 'APPROVE ', 'illness\u200b']);
    case 'idNumber':
      return notNull(['123', '32132319800101001X1', 'x'.repeat(18), 321323198001010012, '', huge]);
    case 'division':
      return notNull(['1234', '32132', '3213231001', 'abcdef', 321323, '', '321323 ', '3213231002011234']);
    case 'date':
      return notNull(['2026-02-30', 'yesterday', '20261120', 20261120, '2026-11-20T25:00:00Z', '', '+275760-01-01']);
    case 'id':
      return notNull(['', 'a b', 'x'.repeat(201), 'temporary-aid-\u0000', 5, '../etc/passwd', '-x', '案件-1']);
    case 'reason':
      return notNull(['x', '', 5, 'y'.repeat(501 + (seed % 5000)), true, {}, ['ab']]);
  }
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'isPrototypeOf'];
const BAD_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', 'name\u0000\u0000'];
const NOISE_VALUES: Json[] = [null, 1, 'x', true, [], {}, '🙂\u202e', -0.5];

/**
 * One mutation no valid request has. Ops: `wrong` (a value invalid for the field's kind),
 * `delete` (a required field), `unknown` (a key no DTO has), `proto` (a key naming an Object
 * member), `text` (NUL or an unpaired surrogate in a string), `deep` (nesting > 32 levels).
 */
interface Mutation {
  op: 'wrong' | 'delete' | 'unknown' | 'proto' | 'text' | 'deep';
  at: number;
  variant: number;
  key: string;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom<Mutation['op']>('wrong', 'wrong', 'wrong', 'delete', 'unknown', 'proto', 'text', 'deep'),
  at: fc.nat(),
  variant: fc.nat(),
  key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
});

/** Applies `m` to `tree` (changed in place); returns what was done. Always leaves the tree invalid for `spec`. */
function applyMutation(tree: Json, spec: Spec, m: Mutation): string {
  // Own keys only: a key such as "constructor" added by an earlier mutation is no field.
  const specOf = (path: Path) => (Object.hasOwn(spec, patternOf(path)) ? spec[patternOf(path)] : undefined);
  const all = nodes(tree);
  const fields = all.filter((n) => n.path.length > 0 && specOf(n.path));
  const objects = all.filter((n) => isObject(n.value));
  const strings = fields.filter((n) => typeof n.value === 'string');
  const required = fields.filter((n) => !specOf(n.path)!.optional && typeof n.path[n.path.length - 1] === 'string');
  const op = m.op === 'text' && strings.length === 0 ? 'proto' : m.op === 'delete' && required.length === 0 ? 'unknown' : m.op;
  switch (op) {
    case 'wrong': {
      if (fields.length === 0) return applyMutation(tree, spec, { ...m, op: 'proto' });
      const target = pick(fields, m.at);
      const field = specOf(target.path)!;
      const value = pick(invalidValues(field.kind, field.optional ?? false, m.variant), m.variant);
      setAt(tree, target.path, value);
      return `${patternOf(target.path)}=${JSON.stringify(value)?.slice(0, 40)}`;
    }
    case 'delete': {
      const target = pick(required, m.at);
      deleteAt(tree, target.path);
      return `-${patternOf(target.path)}`;
    }
    case 'unknown': {
      const target = pick(objects, m.at);
      const key = `x${m.key}`;
      setAt(tree, [...target.path, key], pick(NOISE_VALUES, m.variant));
      return `+${patternOf([...target.path, key])}`;
    }
    case 'proto': {
      const target = pick(objects, m.at);
      const key = pick(PROTOTYPE_KEYS, m.variant);
      setAt(tree, [...target.path, key], pick(NOISE_VALUES, m.variant >> 3));
      return `+${patternOf([...target.path, key])}`;
    }
    case 'text': {
      const target = pick(strings, m.at);
      // Inserted between code points: inside a surrogate pair, a lone surrogate could complete a pair.
      const points = [...(target.value as string)];
      const cut = m.variant % (points.length + 1);
      setAt(tree, target.path, `${points.slice(0, cut).join('')}${pick(BAD_TEXT, m.variant)}${points.slice(cut).join('')}`);
      return `${patternOf(target.path)}~bad-text`;
    }
    case 'deep': {
      const candidates = all.filter((n) => n.path.length > 0);
      const depth = 33 + (m.variant % 2968);
      if (candidates.length === 0) {
        setAt(tree, ['deep'], deepValue(depth, m.variant % 2 === 0));
        return `+deep(${depth})`;
      }
      const target = pick(candidates, m.at);
      setAt(tree, target.path, deepValue(depth, m.variant % 2 === 0));
      return `${patternOf(target.path)}=deep(${depth})`;
    }
  }
}

/** A valid-looking tree mutated 1–3 times (each mutation alone makes it invalid). */
const mutated = (base: fc.Arbitrary<Json>, spec: Spec) =>
  fc.tuple(base, fc.array(mutationArb, { minLength: 1, maxLength: 3 })).map(([tree, ms]) => {
    const copy = JSON.parse(JSON.stringify(tree)) as Json;
    const done = ms.map((m) => applyMutation(copy, spec, m));
    return { tree: copy, what: done.join(' ') };
  });

// ---------------------------------------------------------------------------------------------
// Valid-looking bases
// ---------------------------------------------------------------------------------------------

const CAUSES = ['illness', 'schooling', 'fire', 'accident', 'disaster', 'unemployment', 'other'];
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const fen = (max: number) => fc.integer({ min: 0, max });

function applicationArb(county: string): fc.Arbitrary<Json> {
  const person = fc.record({ year: fc.integer({ min: 1940, max: 2020 }), day: fc.integer({ min: 1, max: 28 }), seq: fc.integer({ min: 1, max: 999 }) }).map(
    ({ year, day, seq }) => {
      const birthDate = `${year}-03-${String(day).padStart(2, '0')}`;
      return { idNumber: idNumber(county, birthDate, seq), birthDate };
    },
  );
  const member = fc.record({
    who: person,
    name,
    relation: fc.constantFrom('self', 'spouse', 'child', 'parent', 'sibling', 'other'),
    monthlyIncomeFen: fen(1_000_000),
    disability: fc.constantFrom('none', 'grade1', 'grade2', 'grade3', 'grade4'),
    seriousIllness: fc.boolean(),
    laborCapacity: fc.boolean(),
    hasSupporter: fc.boolean(),
    schoolStage: fc.constantFrom(null, 'primary', 'senior', 'university'),
    boarding: fc.boolean(),
    employment: fc.constantFrom(undefined, 'employed', 'registered_unemployed', 'unable_to_work', 'not_in_labour_force'),
  }).map(({ who, employment, ...m }) => ({ idNumber: who.idNumber, birthDate: who.birthDate, ...m, ...(employment ? { employment } : {}) }));
  return fc
    .record({
      members: fc.array(member, { minLength: 1, maxLength: 4 }),
      phone: fc.option(fc.stringMatching(/^1\d{10}$/), { nil: undefined }),
      township: fc.integer({ min: 100, max: 999 }),
      causes: fc.uniqueArray(fc.constantFrom(...CAUSES), { minLength: 1, maxLength: 3 }),
      urgent: fc.boolean(),
      description: fc.option(fc.string({ unit: 'grapheme', maxLength: 60 }), { nil: undefined }),
      residualCostFen: fen(10_000_000),
      assets: fc.record({ depositsFen: fen(10_000_000), vehicles: fc.integer({ min: 0, max: 3 }), extraHomes: fc.integer({ min: 0, max: 2 }) }),
      consent: fc.record({ economicCheck: fc.boolean(), dataSharing: fc.boolean() }),
      housing: fc.option(
        fc.record({ tenure: fc.constantFrom('owned', 'rented', 'none'), floorAreaM2: fc.integer({ min: 0, max: 3000 }).map((d) => d / 10), dilapidation: fc.constantFrom(undefined, 'A', 'C', 'D') }),
        { nil: undefined },
      ),
      homeDamage: fc.constantFrom('none', 'damaged', 'badly_damaged', 'collapsed'),
    })
    .map((a) => {
      const applicant = a.members[0];
      const body: Record<string, any> = {
        applicant: { idNumber: applicant.idNumber, name: applicant.name, ...(a.phone ? { phone: a.phone } : {}) },
        household: {
          registeredJurisdiction: `${county}${a.township}201`, members: a.members, assets: a.assets,
          ...(a.housing ? { housing: { tenure: a.housing.tenure, floorAreaM2: a.housing.floorAreaM2, ...(a.housing.dilapidation ? { dilapidation: a.housing.dilapidation } : {}) } } : {}),
        },
        incident: {
          jurisdiction: `${county}${a.township}`,
          occurredOn: '2026-11-20',
          causes: a.causes,
          urgent: a.urgent,
          ...(a.description !== undefined ? { description: a.description } : {}),
          ...(a.causes.includes('illness') ? { medical: { patientIdNumber: applicant.idNumber, residualCostFen: a.residualCostFen } } : {}),
          ...(a.causes.includes('disaster') ? { disaster: { kind: 'flood', homeDamage: a.homeDamage } } : {}),
        },
        consent: a.consent,
      };
      return body as Json;
    });
}

const decisionArb: fc.Arbitrary<Json> = fc
  .record({
    decision: fc.constantFrom('approve', 'refuse'),
    amountFen: fc.integer({ min: 1, max: 1_000_000 }),
    reasons: fc.array(fc.string({ unit: 'grapheme', minLength: 2, maxLength: 40 }), { maxLength: 3 }),
    specialHardship: fc.option(fc.boolean(), { nil: undefined }),
    expectedVersion: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  })
  .map((d) => JSON.parse(JSON.stringify(d)) as Json);

const allocationArb = (county: string): fc.Arbitrary<Json> =>
  fc
    .record({
      programme: fc.constantFrom('temporary-aid', 'medical-aid', 'education-aid'),
      fiscalYear: fc.integer({ min: 2000, max: 2100 }),
      jurisdiction: fc.constantFrom(county, `${county}100`, `${county}205`),
      amountFen: fc.integer({ min: 1, max: 1_000_000_000_000 }),
      reserveFund: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map((b) => JSON.parse(JSON.stringify(b)) as Json);

const topUpArb: fc.Arbitrary<Json> = fc.record({ amountFen: fc.integer({ min: 1, max: 1_000_000_000 }) });

// ---------------------------------------------------------------------------------------------
// Headers and transport
// ---------------------------------------------------------------------------------------------

/** Harmless header noise: languages, idempotency keys, trace context, odd accepts. */
const headerNoise: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'accept-language': fc.constantFrom('en', 'zh-CN', '*', 'xx;q=0.5', 'en;q=abc', 'zh-Hant-TW, en;q=0.1'),
      'idempotency-key': fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 250 }).map((s) => s.replace(/[^\x20-\x7e]/g, '_'))),
      traceparent: fc.constantFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'garbage', '00-zz-zz-zz', ''),
      accept: fc.constantFrom('application/json', 'application/xml', 'text/html', '*/*'),
      'x-request-id': fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '')));

/** Breaks the request at the transport level; each alone makes it invalid (400, 401, 403, 413 or 415). */
type Transport =
  | { kind: 'none' }
  | { kind: 'content-type'; value: string }
  | { kind: 'content-encoding'; value: string }
  | { kind: 'gzip-garbage' }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'not-an-object'; text: string }
  | { kind: 'raw-deep'; depth: number }
  | { kind: 'bad-utf8'; bytes: readonly number[] }
  | { kind: 'duplicate-key' }
  | { kind: 'auth'; value: string | null };

const transportArb: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Transport>({ kind: 'none' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16le', 'application/jsonx', '', 'json', 'application/vnd.x+json', 'application/problem+json', 'application/merge-patch+json')
      .map((value): Transport => ({ kind: 'content-type', value })),
  },
  { weight: 1, arbitrary: fc.constantFrom('foo', 'compress', 'x-gzip', 'gzip, foo', 'zstd').map((value): Transport => ({ kind: 'content-encoding', value })) },
  { weight: 1, arbitrary: fc.constant<Transport>({ kind: 'gzip-garbage' }) },
  { weight: 1, arbitrary: fc.integer({ min: 270_000, max: 600_000 }).map((bytes): Transport => ({ kind: 'oversize', bytes })) },
  { weight: 1, arbitrary: fc.nat().map((at): Transport => ({ kind: 'truncate', at })) },
  { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '5', '"x"', 'true', '[{}]', '{"a":1}}').map((text): Transport => ({ kind: 'not-an-object', text })) },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 5000 }).map((depth): Transport => ({ kind: 'raw-deep', depth })) },
  // Bytes that are not UTF-8: a lone Latin-1 letter, an overlong '/', a UTF-16 surrogate, a truncated sequence, 0xFF.
  { weight: 1, arbitrary: fc.constantFrom([0xe9], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0xa1], [0xff, 0xfe]).map((bytes): Transport => ({ kind: 'bad-utf8', bytes })) },
  { weight: 1, arbitrary: fc.constant<Transport>({ kind: 'duplicate-key' }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'Bearer x.y.z', 'Basic YWRtaW46YWRtaW4=', 'Bearer ', 'bearer abc', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.').map((value): Transport => ({ kind: 'auth', value })) },
);

/** The request with its JSON body, transport mutation applied. */
function withBody(base: Omit<FuzzRequest, 'body' | 'headers'> & { headers: Record<string, string> }, json: string, t: Transport, gzip: boolean): FuzzRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...base.headers };
  // GraphQL answers only JSON: other Accept values would stop every request at content negotiation.
  if (base.graphql) headers.accept = 'application/json';
  let body = Buffer.from(json);
  let label = base.label;
  switch (t.kind) {
    case 'none':
      break;
    case 'content-type':
      if (t.value === '') delete headers['content-type'];
      else headers['content-type'] = t.value;
      label += ` content-type:${t.value || '(none)'}`;
      break;
    case 'content-encoding':
      headers['content-encoding'] = t.value;
      label += ` content-encoding:${t.value}`;
      break;
    case 'gzip-garbage':
      headers['content-encoding'] = 'gzip';
      label += ' gzip(not gzipped)';
      break;
    case 'oversize':
      body = Buffer.from(`{"pad":"${'p'.repeat(t.bytes)}",${json.slice(1)}`);
      label += ` oversize(${body.length})`;
      break;
    case 'truncate':
      body = body.subarray(0, t.at % Math.max(1, body.length - 1));
      label += ` truncated(${body.length})`;
      break;
    case 'not-an-object':
      body = Buffer.from(t.text);
      label += ` body:${t.text}`;
      break;
    case 'raw-deep':
      body = Buffer.from(`{"a":${'['.repeat(t.depth)}${']'.repeat(t.depth)}}`);
      label += ` raw-deep(${t.depth})`;
      break;
    case 'bad-utf8': {
      // Inside the first string value, where a decoder would put a replacement character.
      const at = json.indexOf(':"') + 2;
      body = at > 1 ? Buffer.concat([body.subarray(0, at), Buffer.from(t.bytes), body.subarray(at)]) : Buffer.concat([Buffer.from('{"a":"'), Buffer.from(t.bytes), Buffer.from('"}')]);
      label += ` bad-utf8(${t.bytes.map((b) => b.toString(16)).join(' ')})`;
      break;
    }
    case 'duplicate-key': {
      // The body's first key given once more, before the rest (JSON.parse would keep the last).
      const key = /^\{\s*("(?:[^"\\]|\\.)*")\s*:/.exec(json)?.[1] ?? '"a"';
      body = Buffer.from(`{${key}:null,${json.slice(1).trimStart().startsWith('}') ? `${key}:null}` : json.slice(1)}`);
      label += ` duplicate-key(${key.slice(0, 40)})`;
      break;
    }
    case 'auth':
      if (t.value === null) delete headers.authorization;
      else headers.authorization = t.value;
      label += ` auth:${t.value ?? '(none)'}`;
      break;
  }
  if (gzip && t.kind !== 'gzip-garbage' && t.kind !== 'content-encoding') {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
    label += ' gzip';
  }
  return { ...base, headers, body, label };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

/** Ids no entity has and no valid id looks like: NUL, bad UTF-8, spaces, slashes, too long, leading dash. */
const BAD_IDS = ['%00', 'temporary-aid-%00', '%C0', '%FF%FE', 'a%20b', 'a%2Fb', 'x'.repeat(201), '-leading', '.hidden', '%E6%A1%88%E4%BB%B6', "'%3B%20DROP%20TABLE", 'temporary-aid-%F0%9F%99%82', 'a%0Ab'];
/** Percent-encoded NUL and unpaired surrogates (as their invalid UTF-8 forms). */
const BAD_PATH_TEXT = ['%00', 'a%00b', '%ED%A0%80', 'x%ED%BF%BF', '%ED%B0%80%ED%A0%80', '%00%00'];
const badIdArb = fc.oneof(
  fc.constantFrom(...BAD_IDS),
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom(...BAD_PATH_TEXT)).map(([s, bad]) => `${encodeURIComponent(s)}${bad}`),
);

/** Invalid values of the search's query parameters (each alone gives 400 or 403). */
const BAD_QUERY: [string, string][] = [
  ['offset', '99999999999999999999'], ['offset', '-1'], ['offset', '1e3'], ['offset', '1.5'], ['offset', 'abc'], ['offset', '0x10'], ['offset', '%201'],
  ['offset', '1000000001'], ['limit', '0'], ['limit', '501'], ['limit', '-5'], ['limit', '1e2'], ['limit', '999999999999'], ['limit', ''],
  ['status', 'bogus'], ['status', '%00'], ['jurisdiction', '12'], ['jurisdiction', 'abc'], ['jurisdiction', '3213231'], ['jurisdiction', '371600'],
  ['overdue', 'maybe'], ['overdue', '1'], ['status', 'settled&status=refused'], ['limit', '5&limit=6'], ['offset', '%ED%A0%80'],
  // Bracket forms, which the simple query parser does not read (each refused by name).
  ['offset[]', '1'], ['__proto__[x]', '1'], ['a[b]', '1'], ['status%5B%5D', 'settled'], ['limit[0]', '5'],
];
const GOOD_QUERY: [string, string][] = [['status', 'settled'], ['overdue', 'false'], ['limit', '20'], ['offset', '0'], ['status', 'received']];

const SUBMIT_MUTATION = 'mutation Submit($input: SubmitApplicationInput!, $key: String) { submitApplication(input: $input, idempotencyKey: $key) { applicationId status } }';
const DECIDE_MUTATION = 'mutation Decide($input: DecideCaseInput!) { decideCase(input: $input) { caseId status version } }';

/** Broken GraphQL documents (each a client error). */
const BAD_DOCUMENTS = [
  (d: number) => `mutation { submitApplication(input: {applicant: ${'['.repeat(d)}${']'.repeat(d)}}) { applicationId } }`,
  () => '}{ application',
  () => '{ nope_field_xyz }',
  () => 'mutation { decideCase(input: {caseId: 5, decision: approve}) { caseId } }',
  () => 'subscription { applicationUpdated(id: "x") { applicationId } }',
  () => '',
  (d: number) => `{ ${'a { '.repeat(d % 300)} }`,
];

function gqlBody(query: string, variables: unknown): string {
  return JSON.stringify({ query, variables });
}

/**
 * A hostile request against one of the endpoints, every one invalid (see the file comment).
 * `ctx` supplies tokens and live ids.
 */
export function fuzzRequest(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const live = <T>(ids: T[], fallback: T) => (ids.length ? fc.constantFrom(...ids) : fc.constant(fallback));
  const caseId = fc.oneof(live(ctx.caseIds, 'temporary-aid-00000000-0000-0000-0000-000000000000'), fc.uuid().map((u) => `temporary-aid-${u}`));
  const budgetId = fc.oneof(live(ctx.budgetIds, `temporary-aid:2026:${ctx.county}`), fc.constant(`medical-aid:2099:${ctx.county}`));
  const applicationId = fc.oneof(live(ctx.applicationIds, '00000000-0000-0000-0000-000000000000'), fc.uuid());
  // gzip is a valid content encoding: a quarter of the REST bodies travel compressed.
  const gzip = fc.nat({ max: 3 }).map((n) => n === 0);
  const restWrite = (target: string, path: fc.Arbitrary<string>, token: string, base: fc.Arbitrary<Json>, spec: Spec) =>
    fc.tuple(path, mutated(base, spec), transportArb, headerNoise, gzip).map(([p, m, t, noise, gz]) =>
      withBody(
        { label: `${target} ${m.what}`, target, method: 'POST', path: p, headers: { ...noise, ...bearer(token) }, graphql: false },
        finish(JSON.stringify(m.tree)),
        t,
        gz,
      ),
    );

  const submit = restWrite('POST /applications', fc.constant('/api/v1/applications'), ctx.tokens.caseworker, applicationArb(ctx.county), APPLICATION);
  const decide = fc.oneof(
    restWrite('POST /cases/{id}/decisions', caseId.map((id) => `/api/v1/cases/${id}/decisions`), ctx.tokens.officer, decisionArb, DECISION),
    // A valid-looking decision on a bad case id.
    fc.tuple(badIdArb, decisionArb, headerNoise).map(([id, body, noise]) =>
      withBody({ label: `POST /cases/${id}/decisions bad-id`, target: 'POST /cases/{id}/decisions', method: 'POST', path: `/api/v1/cases/${id}/decisions`, headers: { ...noise, ...bearer(ctx.tokens.officer) }, graphql: false }, JSON.stringify(body), { kind: 'none' }, false),
    ),
  );
  const allocate = restWrite('POST /budgets', fc.constant('/api/v1/budgets'), ctx.tokens.finance, allocationArb(ctx.county), ALLOCATION);
  const topUp = fc.oneof(
    restWrite('POST /budgets/{id}/top-ups', budgetId.map((id) => `/api/v1/budgets/${encodeURIComponent(id)}/top-ups`), ctx.tokens.finance, topUpArb, TOP_UP),
    fc.tuple(badIdArb, topUpArb).map(([id, body]) =>
      withBody({ label: `POST /budgets/${id}/top-ups bad-id`, target: 'POST /budgets/{id}/top-ups', method: 'POST', path: `/api/v1/budgets/${id}/top-ups`, headers: bearer(ctx.tokens.finance), graphql: false }, JSON.stringify(body), { kind: 'none' }, false),
    ),
  );

  const gqlSubmit = fc.tuple(mutated(applicationArb(ctx.county), APPLICATION), transportArb, headerNoise, fc.option(fc.uuid(), { nil: undefined })).map(([m, t, noise, key]) =>
    withBody(
      { label: `gql submitApplication ${m.what}`, target: 'graphql submitApplication', method: 'POST', path: '/graphql', headers: { ...noise, ...bearer(ctx.tokens.caseworker) }, graphql: true },
      finish(gqlBody(SUBMIT_MUTATION, { input: m.tree, key })),
      t,
      false,
    ),
  );
  const gqlDecide = fc.tuple(caseId, decisionArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), transportArb, headerNoise).map(([id, decision, ms, t, noise]) => {
    const input = JSON.parse(JSON.stringify({ caseId: id, ...(decision as Record<string, Json>) })) as Json;
    const what = ms.map((m) => applyMutation(input, GRAPHQL_DECISION, m)).join(' ');
    return withBody(
      { label: `gql decideCase ${what}`, target: 'graphql decideCase', method: 'POST', path: '/graphql', headers: { ...noise, ...bearer(ctx.tokens.officer) }, graphql: true },
      finish(gqlBody(DECIDE_MUTATION, { input })),
      t,
      false,
    );
  });
  const gqlBroken = fc.tuple(fc.nat({ max: BAD_DOCUMENTS.length - 1 }), fc.integer({ min: 1, max: 4000 }), headerNoise).map(([i, depth, noise]) =>
    withBody(
      { label: `gql document #${i}`, target: 'graphql document', method: 'POST', path: '/graphql', headers: { ...noise, ...bearer(ctx.tokens.caseworker) }, graphql: true },
      gqlBody(BAD_DOCUMENTS[i](depth), {}),
      { kind: 'none' },
      false,
    ),
  );
  const gqlQueries = fc
    .tuple(
      fc.constantFrom(
        ['query($id: String!) { application(id: $id) { applicationId } }', 'id'],
        ['query($id: String!) { budget(id: $id) { budgetId } }', 'id'],
        ['query($id: String!) { case(id: $id) { caseId } }', 'id'],
      ),
      fc.oneof(badIdArb.map((s) => { try { return decodeURIComponent(s); } catch { return `${s}\u0000`; } }), fc.constantFrom('', 'x'.repeat(201), 'a\u0000', '\ud800', 'a b')),
      fc.constantFrom('caseworker', 'finance', 'officer', 'auditor') as fc.Arbitrary<keyof FuzzContext['tokens']>,
    )
    .map(([[query], id, who]) =>
      withBody({ label: `gql ${query.slice(26, 40)} id=${JSON.stringify(id).slice(0, 30)}`, target: 'graphql queries', method: 'POST', path: '/graphql', headers: bearer(ctx.tokens[who]), graphql: true }, gqlBody(query, { id }), { kind: 'none' }, false),
    );
  const gqlSearch = fc
    .tuple(
      fc.constantFrom<[string, unknown][]>([['offset', -1]], [['limit', 0]], [['limit', 501]], [['status', 'bogus']], [['jurisdiction', '12']], [['jurisdiction', '371600']], [['overdue', 'yes']], [['offset', 1e20]], [['limit', '5']], [['offset', 2 ** 31]]),
      fc.constantFrom('caseworker', 'auditor') as fc.Arbitrary<keyof FuzzContext['tokens']>,
    )
    .map(([vars, who]) => {
      const variables = Object.fromEntries(vars);
      return withBody(
        { label: `gql applications ${JSON.stringify(variables)}`, target: 'graphql applications', method: 'POST', path: '/graphql', headers: bearer(ctx.tokens[who]), graphql: true },
        gqlBody('query($status: String, $jurisdiction: String, $overdue: Boolean, $limit: Int, $offset: Int) { applications(status: $status, jurisdiction: $jurisdiction, overdue: $overdue, limit: $limit, offset: $offset) { total } }', variables),
        { kind: 'none' },
        false,
      );
    });

  const search = fc
    .tuple(fc.subarray(GOOD_QUERY, { maxLength: 2 }), fc.array(fc.constantFrom(...BAD_QUERY), { minLength: 1, maxLength: 3 }), headerNoise)
    .map(([good, bad, noise]) => {
      const query = [...good, ...bad].map(([k, v]) => `${k}=${v}`).join('&');
      return { label: `GET /applications?${query}`, target: 'GET /applications', method: 'GET' as const, path: `/api/v1/applications?${query}`, headers: { ...noise, ...bearer(ctx.tokens.caseworker) }, graphql: false };
    });
  const reads = fc.oneof(
    fc.tuple(badIdArb, fc.constantFrom('/api/v1/applications/', '/api/v1/cases/', '/api/v1/budgets/'), fc.constantFrom('', '/events')).map(([id, prefix, suffix]) => ({
      label: `GET ${prefix}${id}${prefix.includes('applications') ? suffix : ''}`,
      target: 'GET by id',
      method: 'GET' as const,
      path: `${prefix}${id}${prefix.includes('applications') ? suffix : ''}`,
      headers: bearer(prefix.includes('budgets') ? ctx.tokens.finance : prefix.includes('cases') ? ctx.tokens.officer : ctx.tokens.caseworker),
      graphql: false,
    })),
    fc.tuple(fc.oneof(budgetId.map((id) => ['budgets', encodeURIComponent(id)] as const), applicationId.map((id) => ['applications', id] as const)), fc.constantFrom('0000-01-01', 'yesterday', '2026-13-45', '%00', '2026-01-01&asOf=2026-01-02', '1e10', '99999-01-01T00:00:00Z')).map(
      ([[kind, id], asOf]) => ({
        label: `GET /${kind}/{id}?asOf=${asOf}`,
        target: 'GET asOf',
        method: 'GET' as const,
        path: `/api/v1/${kind}/${id}?asOf=${asOf}`,
        headers: bearer(kind === 'budgets' ? ctx.tokens.finance : ctx.tokens.caseworker),
        graphql: false,
      }),
    ),
  );

  return fc.oneof(
    { weight: 5, arbitrary: submit },
    { weight: 3, arbitrary: decide },
    { weight: 2, arbitrary: allocate },
    { weight: 2, arbitrary: topUp },
    { weight: 3, arbitrary: gqlSubmit },
    { weight: 2, arbitrary: gqlDecide },
    { weight: 1, arbitrary: gqlBroken },
    { weight: 1, arbitrary: gqlQueries },
    { weight: 1, arbitrary: gqlSearch },
    { weight: 2, arbitrary: search },
    { weight: 2, arbitrary: reads },
  );
}

// ---------------------------------------------------------------------------------------------
// Sending and judging
// ---------------------------------------------------------------------------------------------

export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one request to `baseUrl` (no redirects; 30 s timeout). A refused request (network error) throws. */
export async function send(baseUrl: string, req: FuzzRequest): Promise<FuzzResponse> {
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}${req.path}`, {
    method: req.method,
    headers: req.headers,
    body: req.method === 'POST' ? req.body : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** GraphQL's client error codes (Apollo's own and the problem mapping's). */
export const CLIENT_CODES = new Set([
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * What is wrong with the answer to an invalid request, or null when it is right: REST wants a 4xx
 * problem+json; GraphQL a 4xx problem+json (refused before GraphQL), or a GraphQL response whose
 * errors all carry client codes and no data was written (status < 500).
 */
export function judge(req: FuzzRequest, res: FuzzResponse): string | null {
  if (res.status >= 500) return `${res.status} ${res.text.slice(0, 300)}`;
  if (res.status < 400 && !req.graphql) return `accepted (${res.status}) ${res.text.slice(0, 200)}`;
  const problem = res.contentType.startsWith('application/problem+json');
  if (!req.graphql) return problem ? null : `${res.status} with content-type ${res.contentType}`;
  if (problem && res.status >= 400) return null;
  let parsed: { errors?: { extensions?: { code?: string } }[]; data?: unknown };
  try {
    parsed = JSON.parse(res.text);
  } catch {
    return `${res.status} GraphQL answer is not JSON: ${res.text.slice(0, 200)}`;
  }
  const codes = (parsed.errors ?? []).map((e) => e.extensions?.code ?? '(none)');
  if (codes.length === 0) return `GraphQL accepted: ${res.text.slice(0, 200)}`;
  const bad = codes.filter((c) => !CLIENT_CODES.has(c));
  return bad.length ? `GraphQL error codes ${bad.join(', ')}: ${res.text.slice(0, 300)}` : null;
}

/**
 * Events appended since the server started, summed over services and types (`onedoor_events_appended_total`
 * of /metrics).
 */
export async function eventsAppended(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl.replace(/\/$/, '')}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('onedoor_events_appended_total'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
