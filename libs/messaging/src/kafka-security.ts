import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

/** The SASL mechanisms OneDoor configures (kafkajs names). */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * How a kafkajs client secures its broker connections: the `ssl` and `sasl` options of
 * `new Kafka({...})`, spread into it as they are. Both absent means PLAINTEXT.
 */
export interface KafkaSecurity {
  /** TLS: `true` for the system's trusted CAs, or node TLS options (ca, cert, key, rejectUnauthorized). */
  ssl?: true | ConnectionOptions;
  sasl?: SASLOptions;
}

/** A Kafka security setting that cannot be used as given; the message names the variable. */
export class KafkaSecurityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaSecurityConfigError';
  }
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new KafkaSecurityConfigError(`${name} must be 1 or 0 (true/false), not ${JSON.stringify(env[name]!.slice(0, 40))}`);
}

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
};

function pemFile(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const path = value(env, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path.trim());
  } catch (e) {
    throw new KafkaSecurityConfigError(`${name}: cannot read ${path.trim()}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Kafka TLS and SASL settings from the environment — the one place every OneDoor Kafka client
 * (services, the consumer-lag probe, the ops CLI) reads them:
 *
 * | variable | meaning |
 * |---|---|
 * | `KAFKA_SSL` | `1` → TLS to the brokers (default `0`) |
 * | `KAFKA_SSL_CA_FILE` | PEM file of the CA(s) to trust instead of the system's |
 * | `KAFKA_SSL_CERT_FILE`, `KAFKA_SSL_KEY_FILE` | PEM client certificate and key (mutual TLS); both or neither |
 * | `KAFKA_SSL_REJECT_UNAUTHORIZED` | `0` accepts a broker certificate that does not verify (default `1`) |
 * | `KAFKA_SASL_MECHANISM` | `plain`, `scram-sha-256` or `scram-sha-512` (case-insensitive) |
 * | `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD` | the SASL credentials; required with a mechanism |
 *
 * Returns `{}` (PLAINTEXT) when none is set; `{ ssl }` for SSL, `{ sasl }` for SASL_PLAINTEXT,
 * both for SASL_SSL. Throws KafkaSecurityConfigError naming the variable for incomplete or
 * contradictory settings: a certificate file without `KAFKA_SSL=1`, a certificate without its key
 * (or the reverse), an unreadable file, an unknown mechanism, a mechanism without username or
 * password, credentials without a mechanism, a flag that is not 1/0.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const security: KafkaSecurity = {};
  const sslOn = flag(env, 'KAFKA_SSL', false);
  const files = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', 'KAFKA_SSL_REJECT_UNAUTHORIZED'].filter((n) => value(env, n) !== undefined);
  if (!sslOn && files.length > 0) {
    throw new KafkaSecurityConfigError(`${files.join(', ')} ${files.length > 1 ? 'are' : 'is'} set but KAFKA_SSL is not 1: set KAFKA_SSL=1 to connect over TLS`);
  }
  if (sslOn) {
    const hasCert = value(env, 'KAFKA_SSL_CERT_FILE') !== undefined;
    const hasKey = value(env, 'KAFKA_SSL_KEY_FILE') !== undefined;
    if (hasCert !== hasKey) {
      throw new KafkaSecurityConfigError(
        hasCert ? 'KAFKA_SSL_CERT_FILE is set without KAFKA_SSL_KEY_FILE: a client certificate needs its private key' : 'KAFKA_SSL_KEY_FILE is set without KAFKA_SSL_CERT_FILE: a private key needs its client certificate',
      );
    }
    const ca = pemFile(env, 'KAFKA_SSL_CA_FILE');
    const cert = pemFile(env, 'KAFKA_SSL_CERT_FILE');
    const key = pemFile(env, 'KAFKA_SSL_KEY_FILE');
    const rejectUnauthorized = flag(env, 'KAFKA_SSL_REJECT_UNAUTHORIZED', true);
    const tls: ConnectionOptions = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(rejectUnauthorized ? {} : { rejectUnauthorized: false }) };
    security.ssl = Object.keys(tls).length > 0 ? tls : true;
  }

  const mechanismRaw = value(env, 'KAFKA_SASL_MECHANISM');
  const username = value(env, 'KAFKA_SASL_USERNAME');
  const password = env.KAFKA_SASL_PASSWORD === '' ? undefined : env.KAFKA_SASL_PASSWORD;
  if (mechanismRaw === undefined) {
    const given = [username !== undefined && 'KAFKA_SASL_USERNAME', password !== undefined && 'KAFKA_SASL_PASSWORD'].filter(Boolean);
    if (given.length > 0) {
      throw new KafkaSecurityConfigError(`${given.join(' and ')} set without KAFKA_SASL_MECHANISM (one of ${KAFKA_SASL_MECHANISMS.join(', ')})`);
    }
    return security;
  }
  const mechanism = mechanismRaw.trim().toLowerCase().replace(/_/g, '-');
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new KafkaSecurityConfigError(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, not ${JSON.stringify(mechanismRaw.slice(0, 40))}`);
  }
  const missing = [username === undefined && 'KAFKA_SASL_USERNAME', password === undefined && 'KAFKA_SASL_PASSWORD'].filter(Boolean);
  if (missing.length > 0) throw new KafkaSecurityConfigError(`KAFKA_SASL_MECHANISM=${mechanism} needs ${missing.join(' and ')}`);
  security.sasl = { mechanism, username: username!, password: password! } as SASLOptions;
  return security;
}

/** The Kafka security protocol the settings amount to: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (with the mechanism). */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const sasl = security.sasl ? ` (${security.sasl.mechanism.toUpperCase()})` : '';
  if (security.ssl && security.sasl) return `SASL_SSL${sasl}`;
  if (security.sasl) return `SASL_PLAINTEXT${sasl}`;
  return security.ssl ? 'SSL' : 'PLAINTEXT';
}
