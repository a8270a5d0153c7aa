import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_SCHEMA, configurationProblems, configurationTable, validateConfiguration } from './schema';

const ROOT = join(__dirname, '../../../..');
const NAMES = new Set(CONFIG_SCHEMA.map((c) => c.name));
const OURS = /^(ONEDOOR_[A-Z0-9_]*[A-Z0-9]|KAFKA_[A-Z0-9_]*[A-Z0-9]|OTEL_[A-Z0-9_]*[A-Z0-9]|DATABASE_URL|PORT|NODE_ENV)$/;

/** Source files of the product (libs and services; not tests, the test harness or dependencies). */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (['node_modules', 'dist', 'test', 'testing'].includes(name)) continue;
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|js|mjs)$/.test(name) && !/\.spec\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** The environment variables a file reads: `env.X`, `env['X']`, and names passed as whole string literals. */
function readsOf(text: string): string[] {
  const found = new Set<string>();
  for (const re of [/\benv\.([A-Z][A-Z0-9_]*)/g, /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g, /['"`]((?:ONEDOOR|KAFKA|OTEL)_[A-Z0-9_]*[A-Z0-9])['"`]/g]) {
    for (const m of text.matchAll(re)) if (OURS.test(m[1])) found.add(m[1]);
  }
  return [...found];
}

const VALID = {
  DATABASE_URL: 'postgres://onedoor:pw@db.internal:5432/onedoor?sslmode=verify-full',
  KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
  PORT: '3001',
  NODE_ENV: 'production',
  ONEDOOR_OIDC_ISSUER: 'https://id.example.gov.cn/realms/onedoor',
  ONEDOOR_OIDC_ROLE_MAP: '{"sa-caseworker":"caseworker"}',
  ONEDOOR_DATA_KEYS: 'k2026:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=,k2025:b2xk',
  ONEDOOR_RATE_LIMIT_WRITES: '5/10s',
  ONEDOOR_RETENTION_PERSONAL_DATA_DAYS: '1825',
  ONEDOOR_MIGRATE_ON_START: 'false',
  ONEDOOR_IDEMPOTENCY_TTL_HOURS: '24',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  ONEDOOR_LOG_LEVEL: 'warn',
  ONEDOOR_TOPIC_PREFIX: 't_1a2b.',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
  ONEDOOR_INTAKE_URL: 'http://intake.onedoor.svc',
  HOME: '/home/node',
};

describe('configuration schema', () => {
  it('passes a valid environment, and an empty one (every variable has a default)', () => {
    expect(configurationProblems(VALID)).toEqual([]);
    expect(configurationProblems({})).toEqual([]);
    expect(validateConfiguration(VALID)).toBe(VALID);
  });

  it('lists every bad value at once, in the schema order, without repeating a secret', () => {
    const problems = configurationProblems({
      ...VALID,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:hunter2@db/onedoor',
      ONEDOOR_TOPIC_PARTITIONS: '0',
      ONEDOOR_MIGRATE_ON_START: 'maybe',
      ONEDOOR_RATE_LIMIT_WRITES: 'lots',
      ONEDOOR_OIDC_ROLE_MAP: '{not json',
      KAFKA_SASL_MECHANISM: 'gssapi',
      ONEDOOR_IDEMPOTENCY_TTL_HOURS: '0',
    });
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL, got a value that is not (not shown: secret)',
      'PORT must be a port number (0–65535), got "eighty"',
      'ONEDOOR_MIGRATE_ON_START must be true or false (1/0), got "maybe"',
      'ONEDOOR_OIDC_ROLE_MAP must be a JSON object, got "{not json"',
      'ONEDOOR_IDEMPOTENCY_TTL_HOURS must be a whole number of hours from 1 to 8760, got "0"',
      'ONEDOOR_RATE_LIMIT_WRITES must be a rate such as 60/min, 5/10s or 1000/hour, or off, got "lots"',
      'KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512, got "gssapi"',
      'ONEDOOR_TOPIC_PARTITIONS must be a whole number from 1 to 1000, got "0"',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(() => validateConfiguration({ PORT: '-1' })).toThrow(/1 configuration problem\(s\):\n {2}- PORT must be/);
  });

  it('documents each variable: type, default, allowed values, meaning, secret or not', () => {
    for (const c of CONFIG_SCHEMA) {
      expect([c.name, c.default.length > 0, c.allowed.length > 0, c.description.length > 0]).toEqual([c.name, true, true, true]);
    }
    expect(CONFIG_SCHEMA.filter((c) => c.secret).map((c) => c.name).sort()).toEqual(
      ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'KAFKA_SSL_KEY_FILE', 'ONEDOOR_DATA_KEY', 'ONEDOOR_DATA_KEYS', 'ONEDOOR_JWT_SECRET', 'ONEDOOR_REF_KEY', 'ONEDOOR_SCHEMA_KEY'].sort(),
    );
    expect(NAMES.size).toBe(CONFIG_SCHEMA.length);
  });

  it('lists every variable the product reads', () => {
    const missing: string[] = [];
    const files = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'services'))];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      for (const name of readsOf(readFileSync(file, 'utf8'))) if (!NAMES.has(name)) missing.push(`${name} (${relative(ROOT, file)})`);
    }
    expect(missing).toEqual([]);
    // Names built at run time: ONEDOOR_RETENTION_<TYPE>_DAYS (intake), ONEDOOR_<SERVICE>_URL (gateway).
    for (const name of ['ONEDOOR_RETENTION_PERSONAL_DATA_DAYS', 'ONEDOOR_RETENTION_READ_LOG_DAYS', 'ONEDOOR_RETENTION_IDEMPOTENCY_DAYS', 'ONEDOOR_RETENTION_SUBJECT_ERASURES_DAYS', 'ONEDOOR_INTAKE_URL', 'ONEDOOR_TEMPORARY_AID_URL', 'ONEDOOR_MEDICAL_AID_URL', 'ONEDOOR_EDUCATION_AID_URL', 'ONEDOOR_FUNDING_URL']) {
      expect(NAMES.has(name)).toBe(true);
    }
  });

  it("the README's Configuration table is the schema's (npm run config:docs writes it)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /<!-- config:begin[^>]*-->\n([\s\S]*?)\n<!-- config:end -->/.exec(readme);
    expect(section).not.toBeNull();
    const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('| `'));
    const nameOf = (row: string) => /^\| `([^`]+)`/.exec(row)![1];
    const documented = rows(section![1]);
    expect(documented.map(nameOf)).toEqual(CONFIG_SCHEMA.map((c) => c.name));
    expect(documented).toEqual(rows(configurationTable()));
  });
});
