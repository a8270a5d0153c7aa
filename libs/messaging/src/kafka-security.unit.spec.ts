import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKafkaSecurity, kafkaSecurityFromEnv, KafkaSecurityConfigError } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'onedoor-kafka-security-'));
const ca = join(dir, 'ca.pem');
const cert = join(dir, 'client.pem');
const key = join(dir, 'client.key');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refused = (env: NodeJS.ProcessEnv, message: RegExp) => {
  expect(() => kafkaSecurityFromEnv(env)).toThrow(KafkaSecurityConfigError);
  expect(() => kafkaSecurityFromEnv(env)).toThrow(message);
};

describe('kafkaSecurityFromEnv', () => {
  it('is PLAINTEXT when nothing is set', () => {
    const s = kafkaSecurityFromEnv({});
    expect(s).toEqual({});
    expect(describeKafkaSecurity(s)).toBe('PLAINTEXT');
  });

  it('KAFKA_SSL=1 alone trusts the system CAs and verifies the broker', () => {
    const s = kafkaSecurityFromEnv({ KAFKA_SSL: '1' });
    expect(s).toEqual({ ssl: true });
    expect(describeKafkaSecurity(s)).toBe('SSL');
  });

  it('reads the CA, the client certificate and key (mutual TLS) from their files', () => {
    const s = kafkaSecurityFromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca, KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key });
    const tls = s.ssl as { ca: Buffer; cert: Buffer; key: Buffer; rejectUnauthorized?: boolean };
    expect(tls.ca.toString()).toContain('CA');
    expect(tls.cert.toString()).toContain('CLIENT');
    expect(tls.key.toString()).toContain('KEY');
    expect(tls.rejectUnauthorized).toBeUndefined(); // node's default: verify
  });

  it('KAFKA_SSL_REJECT_UNAUTHORIZED=0 accepts an unverified broker certificate; 1 is the default', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: '1', KAFKA_SSL_REJECT_UNAUTHORIZED: '0' }).ssl).toEqual({ rejectUnauthorized: false });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: '1', KAFKA_SSL_REJECT_UNAUTHORIZED: '1' }).ssl).toBe(true);
  });

  it.each([
    ['plain', 'plain'],
    ['SCRAM-SHA-256', 'scram-sha-256'],
    ['scram_sha_512', 'scram-sha-512'],
  ])('SASL %s with username and password', (given, mechanism) => {
    const s = kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: given, KAFKA_SASL_USERNAME: 'onedoor', KAFKA_SASL_PASSWORD: 's3cret' });
    expect(s).toEqual({ sasl: { mechanism, username: 'onedoor', password: 's3cret' } });
    expect(describeKafkaSecurity(s)).toBe(`SASL_PLAINTEXT (${mechanism.toUpperCase()})`);
  });

  it('SASL over TLS is SASL_SSL', () => {
    const s = kafkaSecurityFromEnv({ KAFKA_SSL: '1', KAFKA_SSL_CA_FILE: ca, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(s.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(describeKafkaSecurity(s)).toBe('SASL_SSL (SCRAM-SHA-512)');
  });

  it('refuses incomplete or contradictory settings, naming the variable', () => {
    refused({ KAFKA_SSL_CA_FILE: ca }, /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not 1/);
    refused({ KAFKA_SSL: '0', KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key }, /KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE are set but KAFKA_SSL is not 1/);
    refused({ KAFKA_SSL: '1', KAFKA_SSL_CERT_FILE: cert }, /KAFKA_SSL_CERT_FILE is set without KAFKA_SSL_KEY_FILE/);
    refused({ KAFKA_SSL: '1', KAFKA_SSL_KEY_FILE: key }, /KAFKA_SSL_KEY_FILE is set without KAFKA_SSL_CERT_FILE/);
    refused({ KAFKA_SSL: '1', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') }, /KAFKA_SSL_CA_FILE: cannot read .*missing\.pem: ENOENT/);
    refused({ KAFKA_SSL: 'maybe' }, /KAFKA_SSL must be 1 or 0/);
    refused({ KAFKA_SSL: '1', KAFKA_SSL_REJECT_UNAUTHORIZED: 'nope' }, /KAFKA_SSL_REJECT_UNAUTHORIZED must be 1 or 0/);
    refused({ KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/);
    refused({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_PASSWORD/);
    refused({ KAFKA_SASL_MECHANISM: 'scram-sha-256' }, /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    refused({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD set without KAFKA_SASL_MECHANISM/);
  });

  it('treats empty variables as unset', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: '', KAFKA_SSL_CA_FILE: '', KAFKA_SASL_MECHANISM: ' ', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' })).toEqual({});
  });
});
