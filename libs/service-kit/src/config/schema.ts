/**
 * The configuration schema: every environment variable OneDoor reads, with its type, default,
 * allowed values, meaning and whether it is a secret. `configurationProblems` checks an
 * environment against it (every problem at once, secret values never repeated);
 * `refuseInvalidConfiguration` ends a process whose environment does not pass, before it connects
 * anywhere; `validateConfiguration` is the same check for @nestjs/config's `validate`. The README's
 * Configuration table is generated from it (`npm run config:docs`).
 *
 * The schema checks each value on its own. Checks across variables and those that depend on
 * production (an issuer without an audience, development keys) stay in production-safety.ts.
 */
import Joi from 'joi';
import { defaultPortOf, SERVICES, serviceUrlVariable } from '@onedoor/contracts';
import { parseRateLimit } from '../http/rate-limit';

/** Which processes read a variable. */
export type ConfigScope = 'all' | 'intake' | 'all-in-one' | 'gateway' | 'cli';

/** One environment variable of the schema. */
export interface ConfigVariable {
  name: string;
  /** string, integer, boolean, url, enum, list, json, duration. */
  type: 'string' | 'integer' | 'boolean' | 'url' | 'enum' | 'list' | 'json' | 'rate';
  /** The value used when it is unset, as documented ('—': none). */
  default: string;
  /** The values accepted, in words (the error message says "must be <allowed>"). */
  allowed: string;
  description: string;
  /** Never printed, logged or kept in a ConfigMap: Secrets only. */
  secret: boolean;
  scope: ConfigScope;
  schema: Joi.Schema;
}

const str = () => Joi.string().allow('');
const int = (min: number, max: number) => Joi.number().integer().min(min).max(max).empty('');
const flag = (...values: string[]) => Joi.string().trim().lowercase().valid(...values).empty('');
const oneOf = (...values: string[]) => Joi.string().trim().valid(...values).empty('');
const url = (...protocols: string[]) =>
  str().custom((v: string) => {
    if (v.trim() === '') return v;
    const u = new URL(v.trim()); // throws: reported as not allowed
    if (!protocols.includes(u.protocol)) throw new Error('protocol');
    return v;
  });
const json = () =>
  str().custom((v: string) => {
    if (v.trim() === '') return v;
    const parsed = JSON.parse(v);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return v;
  });
const rate = (name: string) =>
  str().custom((v: string) => {
    if (v.trim() !== '') parseRateLimit(name, v);
    return v;
  });
const BOOL = ['true', 'false', '1', '0'];
const KAFKA_BOOL = ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'];
const HOST_PORTS = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;
const MAX_MS = 2_147_483_647;

type Entry = Omit<ConfigVariable, 'secret' | 'scope'> & Partial<Pick<ConfigVariable, 'secret' | 'scope'>>;
const v = (e: Entry): ConfigVariable => ({ secret: false, scope: 'all', ...e });

const RETENTION: [string, number, string][] = [
  ['PERSONAL_DATA', 1825, 'sealed personal data of an application'],
  ['READ_LOG', 1095, 'read log rows (listed past it, never deleted row by row)'],
  ['IDEMPOTENCY', 30, 'stored Idempotency-Key responses, as `onedoor` lists them (they expire after `ONEDOOR_IDEMPOTENCY_TTL_HOURS` anyway)'],
  ['SUBJECT_ERASURES', 3650, 'erasure records'],
];
/** ONEDOOR_<SERVICE>_URL of the gateway, one per service of the contract (SERVICES), at its development port. */
const UPSTREAMS: [string, string, number][] = SERVICES.map((s) => [serviceUrlVariable(s).slice('ONEDOOR_'.length, -'_URL'.length), s, defaultPortOf(s)]);

/** Every environment variable OneDoor reads, in the order of the README's table. */
export const CONFIG_SCHEMA: readonly ConfigVariable[] = [
  // Infrastructure
  v({ name: 'DATABASE_URL', type: 'url', default: '— (PGlite in `./data/pglite`)', allowed: 'a postgres:// or postgresql:// URL', description: 'PostgreSQL for the event stores (`sslmode=verify-full` for TLS); unset: the embedded PGlite store', secret: true, schema: url('postgres:', 'postgresql:') }),
  v({ name: 'KAFKA_BROKERS', type: 'list', default: '— (in-process bus)', allowed: 'comma-separated host:port', description: 'Kafka brokers; unset: the in-process bus (one process only)', schema: str().pattern(HOST_PORTS) }),
  v({ name: 'PORT', type: 'integer', default: '3000 embedded; 3001–3006 per service', allowed: 'a port number (0–65535)', description: 'HTTP port', schema: int(0, 65535) }),
  v({ name: 'ONEDOOR_DATA_DIR', type: 'string', default: '`./data/pglite`', allowed: 'a directory', description: 'where the embedded PGlite store keeps its files (writable; the all-in-one and the CLI without `DATABASE_URL`)', schema: str() }),
  v({ name: 'ONEDOOR_MIGRATE_ON_START', type: 'boolean', default: 'true', allowed: 'true or false (1/0)', description: 'a service applies its schema migrations when it starts; `false`: it waits until `onedoor migrate` (the Kubernetes Job) has applied them', schema: flag(...BOOL) }),
  v({ name: 'NODE_ENV', type: 'enum', default: '—', allowed: 'production, development or test', description: '`production` (or `ONEDOOR_ENV=production`): a service refuses to start (exit 1, one message naming every problem) without token verification, with the development JWT secret, with missing, development or weak data keys (intake, all-in-one), or with the demo seed on', schema: oneOf('production', 'development', 'test') }),
  v({ name: 'ONEDOOR_ENV', type: 'enum', default: '—', allowed: 'production, development or test', description: 'as `NODE_ENV`, for deployments that set `NODE_ENV` otherwise', schema: oneOf('production', 'development', 'test') }),
  // Identity
  v({ name: 'ONEDOOR_OIDC_ISSUER', type: 'url', default: '—', allowed: 'an http(s) URL', description: "the identity provider: its tokens' `iss`; keys from `<issuer>/.well-known/openid-configuration` → `jwks_uri` (RS256, ES256; a new `kid` is fetched without a restart); https in production", schema: url('http:', 'https:') }),
  v({ name: 'ONEDOOR_OIDC_AUDIENCE', type: 'list', default: '— (required with an issuer)', allowed: 'comma-separated audiences', description: 'accepted `aud` values', schema: str() }),
  v({ name: 'ONEDOOR_OIDC_JWKS_URL', type: 'url', default: 'from discovery', allowed: 'an http(s) URL', description: "the issuer's JWKS, skipping discovery", schema: url('http:', 'https:') }),
  v({ name: 'ONEDOOR_OIDC_JWKS_MAX_AGE_SECONDS', type: 'integer', default: '600', allowed: 'a whole number of seconds from 0 to 86400', description: 'a fetched key set is trusted this long (a removed key is refused once it is fetched again)', schema: int(0, 86_400) }),
  v({ name: 'ONEDOOR_OIDC_ROLES_CLAIM', type: 'string', default: '`roles`', allowed: 'a claim name or dotted path', description: "claim (or dotted path, e.g. `realm_access.roles`) with the caller's roles", schema: str() }),
  v({ name: 'ONEDOOR_OIDC_ROLE_MAP', type: 'json', default: '—', allowed: 'a JSON object', description: 'JSON from issuer roles to OneDoor roles, e.g. `{"sa-caseworker":"caseworker"}`; with it, unmapped issuer roles are ignored; without it, any role not a OneDoor role refuses the token', schema: json() }),
  v({ name: 'ONEDOOR_OIDC_JURISDICTION_CLAIM', type: 'string', default: '`jurisdiction`', allowed: 'a claim name or dotted path', description: "claim with the caller's division code (6, 9 or 12 digits; `000000` for admins only)", schema: str() }),
  v({ name: 'ONEDOOR_OIDC_DEPARTMENT_CLAIM', type: 'string', default: '`department`', allowed: 'a claim name or dotted path', description: "claim with the caller's department", schema: str() }),
  v({ name: 'ONEDOOR_JWT_SECRET', type: 'string', default: 'a development secret (never in production)', allowed: 'a string (at least 32 bytes in production)', description: 'HS256 secret for bearer tokens (`npm run token`); tokens need a numeric `exp`', secret: true, schema: str() }),
  v({ name: 'ONEDOOR_ALLOW_HS256', type: 'boolean', default: '—', allowed: '1 or 0', description: "`1`: accept HS256 in production too, with a `ONEDOOR_JWT_SECRET` of at least 32 bytes; otherwise production takes only the OIDC issuer's tokens", schema: oneOf('1', '0') }),
  v({ name: 'ONEDOOR_JWT_ISSUER', type: 'string', default: '—', allowed: 'a string', description: '`iss` that HS256 tokens carry and must carry', schema: str() }),
  v({ name: 'ONEDOOR_JWT_AUDIENCE', type: 'string', default: '—', allowed: 'a string', description: '`aud` that HS256 tokens carry and must carry', schema: str() }),
  v({ name: 'ONEDOOR_JWT_CLOCK_TOLERANCE_SECONDS', type: 'integer', default: '30', allowed: 'a whole number of seconds from 0 to 300', description: 'leeway for `exp` and `nbf`', schema: int(0, 300) }),
  v({ name: 'ONEDOOR_JWT_MAX_LIFETIME_SECONDS', type: 'integer', default: '86400', allowed: 'a whole number of seconds from 1 to 31536000', description: 'longest life of an HS256 token (`exp` further away is refused; `npm run token -- --ttl` is capped by it)', schema: int(1, 31_536_000) }),
  // Personal data
  v({ name: 'ONEDOOR_DATA_KEY', type: 'string', default: 'a development key (never in production)', allowed: 'base64 or text, at least 32 bytes of key material', description: 'the data key (encryption of personal data; `openssl rand -base64 32`), different from `ONEDOOR_REF_KEY`', secret: true, scope: 'intake', schema: str() }),
  v({ name: 'ONEDOOR_DATA_KEYS', type: 'list', default: '—', allowed: '`id:base64` pairs, comma-separated', description: 'data keys with ids, the first current (replaces `ONEDOOR_DATA_KEY`; older keys stay to open older values until `onedoor keys rotate`)', secret: true, scope: 'intake', schema: str().pattern(/^\s*[A-Za-z0-9_-]+:[^,\s]+\s*(,\s*[A-Za-z0-9_-]+:[^,\s]+\s*)*$/) }),
  v({ name: 'ONEDOOR_REF_KEY', type: 'string', default: 'a development key (never in production)', allowed: 'base64 or text, at least 32 bytes of key material', description: 'the key of pseudonyms (person and household references: HMAC); never rotated', secret: true, scope: 'intake', schema: str() }),
  ...RETENTION.map(([type, days, what]) =>
    v({ name: `ONEDOOR_RETENTION_${type}_DAYS`, type: 'integer', default: String(days), allowed: 'a whole number of days from 1 to 999999', description: `retention of ${what}`, scope: 'intake', schema: str().pattern(/^[1-9]\d{0,5}$/) }),
  ),
  v({ name: 'ONEDOOR_IDEMPOTENCY_TTL_HOURS', type: 'integer', default: '72', allowed: 'a whole number of hours from 1 to 8760', description: 'a stored Idempotency-Key response answers a repeated key this long; then it is deleted (hourly sweep) and the key counts as new', schema: int(1, 8760) }),
  // HTTP
  v({ name: 'ONEDOOR_CORS_ORIGINS', type: 'list', default: '— (CORS off)', allowed: 'comma-separated origins', description: 'origins allowed to call the API from a browser', schema: str() }),
  v({ name: 'ONEDOOR_RATE_LIMIT_WRITES', type: 'rate', default: '60/min', allowed: 'a rate such as 60/min, 5/10s or 1000/hour, or off', description: 'writes per token subject', schema: rate('ONEDOOR_RATE_LIMIT_WRITES') }),
  v({ name: 'ONEDOOR_RATE_LIMIT_AUTH_FAILURES', type: 'rate', default: '20/min', allowed: 'a rate such as 60/min, 5/10s or 1000/hour, or off', description: 'failed authentications per client address', schema: rate('ONEDOOR_RATE_LIMIT_AUTH_FAILURES') }),
  v({ name: 'ONEDOOR_TRUST_PROXY', type: 'string', default: '—', allowed: 'a hop count or addresses/subnets', description: 'Express `trust proxy`: the client address from `X-Forwarded-For` behind a reverse proxy', schema: str() }),
  v({ name: 'ONEDOOR_GRAPHQL_MAX_ALIASES', type: 'integer', default: '15', allowed: 'a whole number from 1', description: 'GraphQL document limit: aliases', schema: int(1, 1_000_000) }),
  v({ name: 'ONEDOOR_GRAPHQL_MAX_DEPTH', type: 'integer', default: '10', allowed: 'a whole number from 1', description: 'GraphQL document limit: depth', schema: int(1, 1_000_000) }),
  v({ name: 'ONEDOOR_GRAPHQL_MAX_COST', type: 'integer', default: '5000', allowed: 'a whole number from 1', description: 'GraphQL document limit: cost', schema: int(1, 1_000_000_000) }),
  v({ name: 'ONEDOOR_SCHEMA_KEY', type: 'string', default: '—', allowed: 'any text', description: 'shared by the gateway and the services: with introspection off (production), `/schema.graphql` answers only requests carrying it (`x-onedoor-schema-key`)', secret: true, schema: str() }),
  v({ name: 'ONEDOOR_GRAPHQL_INTROSPECTION', type: 'boolean', default: 'staff only; off in production', allowed: '1 or 0 (true/false)', description: '`1` allows introspection (to staff) in production too, `0` turns it off', schema: flag('1', '0', 'true', 'false') }),
  v({ name: 'ONEDOOR_DEFAULT_LOCALE', type: 'enum', default: 'zh-CN', allowed: 'zh-CN or en', description: 'language of problem details and written notices when a request sends no `Accept-Language` naming zh or en (the test harness sets `en`)', schema: oneOf('zh-CN', 'en') }),
  v({ name: 'ONEDOOR_READY_TIMEOUT_MS', type: 'integer', default: '2000', allowed: 'milliseconds from 1', description: 'how long `/health/ready` waits for the database and the broker', schema: int(1, MAX_MS) }),
  // Kafka
  v({ name: 'KAFKA_SSL', type: 'boolean', default: '0', allowed: '1 or 0 (true/false)', description: 'TLS to the brokers', schema: flag(...KAFKA_BOOL) }),
  v({ name: 'KAFKA_SSL_CA_FILE', type: 'string', default: '— (the system CAs)', allowed: 'a PEM file', description: 'CA(s) to trust for the brokers', schema: str() }),
  v({ name: 'KAFKA_SSL_CERT_FILE', type: 'string', default: '—', allowed: 'a PEM file', description: 'client certificate (mutual TLS; with `KAFKA_SSL_KEY_FILE`)', schema: str() }),
  v({ name: 'KAFKA_SSL_KEY_FILE', type: 'string', default: '—', allowed: 'a PEM file', description: 'private key of the client certificate', secret: true, schema: str() }),
  v({ name: 'KAFKA_SSL_REJECT_UNAUTHORIZED', type: 'boolean', default: '1', allowed: '1 or 0 (true/false)', description: '`0` accepts a broker certificate that does not verify', schema: flag(...KAFKA_BOOL) }),
  v({ name: 'KAFKA_SASL_MECHANISM', type: 'enum', default: '—', allowed: 'plain, scram-sha-256 or scram-sha-512', description: 'SASL mechanism (with `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`)', schema: flag('plain', 'scram-sha-256', 'scram-sha-512') }),
  v({ name: 'KAFKA_SASL_USERNAME', type: 'string', default: '—', allowed: 'a string', description: "the service's Kafka principal", schema: str() }),
  v({ name: 'KAFKA_SASL_PASSWORD', type: 'string', default: '—', allowed: 'a string', description: "the principal's password", secret: true, schema: str() }),
  v({ name: 'ONEDOOR_TOPIC_PARTITIONS', type: 'integer', default: '1', allowed: 'a whole number from 1 to 1000', description: 'partitions of each service topic, as topics are created: raise it to spread a consumer group over instances (one partition gives the largest consumer batches)', schema: int(1, 1000) }),
  v({ name: 'ONEDOOR_TOPIC_PREFIX', type: 'string', default: '—', allowed: 'letters, digits, `.`, `_` and `-`', description: 'namespace for topics and consumer groups (tests sharing a broker)', schema: str().pattern(/^[A-Za-z0-9._-]*$/) }),
  v({ name: 'ONEDOOR_CONSUMER_BATCH', type: 'integer', default: '200', allowed: 'a whole number from 1 to 100000', description: 'messages of a partition handled in one inbox transaction (1 = one by one)', schema: int(1, 100_000) }),
  // Services
  v({ name: 'ONEDOOR_SEED', type: 'boolean', default: 'true, but false in production', allowed: 'true or false (1/0)', description: 'the all-in-one allocates the demo budgets (refused in production)', scope: 'all-in-one', schema: flag(...BOOL) }),
  v({ name: 'ONEDOOR_POLICY_FILE', type: 'string', default: '—', allowed: 'a JSON file', description: 'extra parameter sets, published as events at start', schema: str() }),
  v({ name: 'ONEDOOR_CATALOGUE_FILE', type: 'string', default: '—', allowed: 'a JSON file', description: 'extra programme catalogues, published as events at start', scope: 'intake', schema: str() }),
  v({ name: 'ONEDOOR_DEADLINE_SCAN_MS', type: 'integer', default: '60000', allowed: 'milliseconds (0 = off)', description: 'how often overdue cases are escalated (intake: the dossiers\' departments; partners: its cases)', schema: int(0, MAX_MS) }),
  ...UPSTREAMS.map(([name, service, port]) =>
    v({ name: `ONEDOOR_${name}_URL`, type: 'url', default: `http://127.0.0.1:${port}`, allowed: 'an http(s) URL', description: `where the gateway reaches ${service}`, scope: 'gateway', schema: url('http:', 'https:') }),
  ),
  // PostgreSQL
  v({ name: 'ONEDOOR_PG_CONNECT_TIMEOUT_MS', type: 'integer', default: '5000', allowed: 'milliseconds', description: 'a PostgreSQL connection not made by then fails the statement', schema: int(0, MAX_MS) }),
  v({ name: 'ONEDOOR_PG_IDLE_TX_TIMEOUT_MS', type: 'integer', default: '60000', allowed: 'milliseconds (0 = never)', description: 'PostgreSQL ends a session idle inside a transaction this long', schema: int(0, MAX_MS) }),
  v({ name: 'ONEDOOR_PG_STATEMENT_TIMEOUT_MS', type: 'integer', default: '0', allowed: 'milliseconds (0 = none)', description: 'PostgreSQL cancels a statement running longer', schema: int(0, MAX_MS) }),
  // Logs and traces
  v({ name: 'ONEDOOR_LOG', type: 'enum', default: '— (info)', allowed: 'quiet or debug', description: '`quiet`: warn and above; `debug`: debug ([Logs and traces](#logs-and-traces))', schema: oneOf('quiet', 'debug') }),
  v({ name: 'ONEDOOR_LOG_LEVEL', type: 'enum', default: '— (from `ONEDOOR_LOG`)', allowed: 'fatal, error, warn, info, debug, trace or silent', description: 'log level, over `ONEDOOR_LOG`', schema: flag('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent') }),
  v({ name: 'ONEDOOR_LOG_CONTEXT', type: 'enum', default: 'on', allowed: 'on or off', description: '`off`: no request and flow context in logs (cheaper) unless tracing', schema: flag('on', 'off') }),
  v({ name: 'ONEDOOR_LOG_FORMAT', type: 'enum', default: 'pretty on a terminal', allowed: 'json or pretty', description: '`json`: JSON lines on a terminal too', schema: flag('json', 'pretty') }),
  v({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', type: 'url', default: '— (tracing off)', allowed: 'an http(s) URL', description: 'OTLP collector: turns tracing on ([Logs and traces](#logs-and-traces))', schema: url('http:', 'https:') }),
  v({ name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', type: 'url', default: '—', allowed: 'an http(s) URL', description: 'OTLP endpoint for traces only', schema: url('http:', 'https:') }),
  v({ name: 'OTEL_EXPORTER_OTLP_PROTOCOL', type: 'enum', default: 'http/protobuf', allowed: 'http/protobuf, http/json or grpc', description: 'OTLP protocol', schema: flag('http/protobuf', 'http/json', 'grpc') }),
  v({ name: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', type: 'enum', default: '`OTEL_EXPORTER_OTLP_PROTOCOL`', allowed: 'http/protobuf, http/json or grpc', description: 'OTLP protocol of traces', schema: flag('http/protobuf', 'http/json', 'grpc') }),
  v({ name: 'OTEL_TRACES_EXPORTER', type: 'list', default: '—', allowed: 'comma-separated exporters (otlp, console, none)', description: 'trace exporters; `none` turns tracing off', schema: str().pattern(/^[a-z_,\s]*$/) }),
  v({ name: 'OTEL_METRICS_EXPORTER', type: 'list', default: 'none', allowed: 'comma-separated exporters', description: 'OpenTelemetry metrics (Prometheus serves `/metrics` either way)', schema: str().pattern(/^[a-z_,\s]*$/) }),
  v({ name: 'OTEL_LOGS_EXPORTER', type: 'list', default: 'none', allowed: 'comma-separated exporters', description: 'OpenTelemetry logs (logs go to stdout either way)', schema: str().pattern(/^[a-z_,\s]*$/) }),
  v({ name: 'OTEL_SERVICE_NAME', type: 'string', default: 'the service (`onedoor-intake`, …)', allowed: 'a string', description: 'service name of spans and log lines', schema: str() }),
  v({ name: 'OTEL_SDK_DISABLED', type: 'boolean', default: 'false', allowed: 'true or false', description: '`true`: no tracing whatever else is set', schema: flag('true', 'false') }),
  // The ops CLI
  v({ name: 'ONEDOOR_OPERATOR', type: 'string', default: 'the login name', allowed: 'a string', description: 'who runs `onedoor`, as the read log records it', scope: 'cli', schema: str() }),
  v({ name: 'ONEDOOR_PROGRESS', type: 'boolean', default: 'on a terminal', allowed: '1 or 0', description: '`onedoor` progress bars: `1` also off a terminal (a line every few seconds), `0` never', scope: 'cli', schema: oneOf('1', '0') }),
  v({ name: 'ONEDOOR_CLI_SOURCES', type: 'boolean', default: '—', allowed: '1', description: '`1`: `onedoor` runs the TypeScript sources even when a build exists', scope: 'cli', schema: oneOf('1', '0') }),
];

const BY_NAME = new Map(CONFIG_SCHEMA.map((c) => [c.name, c]));

const joiSchema = Joi.object(Object.fromEntries(CONFIG_SCHEMA.map((c) => [c.name, c.schema]))).unknown(true);

/**
 * Every problem of an environment, one line each ("PORT must be a port number (0–65535), got
 * "x""), in the schema's order; empty when it passes. A secret's value is never repeated.
 */
export function configurationProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const { error } = joiSchema.validate(env, { abortEarly: false, convert: true });
  if (!error) return [];
  const names = [...new Set(error.details.map((d) => String(d.path[0])))];
  return names
    .sort((a, b) => CONFIG_SCHEMA.indexOf(BY_NAME.get(a)!) - CONFIG_SCHEMA.indexOf(BY_NAME.get(b)!))
    .map((name) => {
      const c = BY_NAME.get(name);
      if (!c) return `${name} is not valid`;
      const raw = env[name] ?? '';
      return `${name} must be ${c.allowed}, got ${c.secret ? 'a value that is not (not shown: secret)' : JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}`;
    });
}

/** For @nestjs/config's `validate`: the environment as given, or an Error naming every problem. */
export function validateConfiguration(config: Record<string, unknown>): Record<string, unknown> {
  const problems = configurationProblems(config as NodeJS.ProcessEnv);
  if (problems.length) throw new Error(`${problems.length} configuration problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return config;
}

/**
 * Ends the process (exit code 1) with one message on stderr naming every value that does not
 * match the schema; returns otherwise. Call it first thing in a main, before anything connects.
 */
export function refuseInvalidConfiguration(service: string, env: NodeJS.ProcessEnv = process.env): void {
  const problems = configurationProblems(env);
  if (problems.length === 0) return;
  process.stderr.write(`${service} refuses to start: ${problems.length} configuration problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's Configuration table, from the schema (`npm run config:docs` writes it). */
export function configurationTable(): string {
  const rows = CONFIG_SCHEMA.map((c) => `| \`${c.name}\` | ${c.type} | ${cell(c.default)} | ${cell(c.allowed)} | ${c.secret ? 'yes' : ''} | ${cell(c.description)}${c.scope === 'all' ? '' : ` (${c.scope})`} |`);
  return ['| variable | type | default | allowed | secret | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
