import { DEVELOPMENT_JWT_SECRET, tokenVerificationFromEnv } from '../auth/jwt';
import { ConfigurationError, isProduction } from './environment';
import { keyWeakness, MIN_KEY_BYTES } from './key-material';

/**
 * A OneDoor process refuses to start when its configuration is unsafe, naming every problem at
 * once. In production (`NODE_ENV=production` or `ONEDOOR_ENV=production`):
 * - token verification must be configured: an OIDC issuer and audience, or a strong shared
 *   secret with `ONEDOOR_ALLOW_HS256=1`; the development secret is refused outright;
 * - processes holding personal data (intake, the all-in-one) need strong `ONEDOOR_DATA_KEY` and
 *   `ONEDOOR_REF_KEY` (PIPL: encryption and pseudonyms under keys only the operator knows);
 * - the demo budgets are never allocated (`ONEDOOR_SEED`, in the all-in-one).
 * In any environment a value that cannot be used (a role map that is not JSON, …) is a problem.
 */

export interface SafetyOptions {
  /** The process keeps personal data (intake, all-in-one): its keys are checked. */
  personalData?: boolean;
  /** The process can allocate the demo budgets (all-in-one): ONEDOOR_SEED is checked. */
  demoSeed?: boolean;
}

/** The environment variables holding the keys of personal data (services/intake personal-data.ts). */
export const PERSONAL_DATA_KEYS = ['ONEDOOR_DATA_KEY', 'ONEDOOR_REF_KEY'] as const;

/** What intake derives its keys from when they are unset (development only). */
const DEVELOPMENT_KEY_VALUES = ['onedoor-local-development-encryption', 'onedoor-local-development-pseudonyms'];

/**
 * Problems with the keys of personal data, for production: each of PERSONAL_DATA_KEYS set, not a
 * development value, at least 32 bytes of key material (key-material.ts), and the two different.
 * The one place these keys are judged: extend it when their format grows (key ids, rotation).
 */
export function personalDataKeyProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  // ONEDOOR_DATA_KEYS (id:base64,…, first current) replaces ONEDOOR_DATA_KEY, which may stay beside it for older values.
  if (env.ONEDOOR_DATA_KEYS !== undefined) problems.push(...dataKeysProblems(env.ONEDOOR_DATA_KEYS, env.ONEDOOR_REF_KEY));
  for (const name of PERSONAL_DATA_KEYS) {
    const value = env[name];
    if (!value && name === 'ONEDOOR_DATA_KEY' && env.ONEDOOR_DATA_KEYS !== undefined) continue;
    if (!value) {
      problems.push(`${name} is not set: personal data would be ${name === 'ONEDOOR_DATA_KEY' ? 'encrypted' : 'pseudonymised'} with the public development key`);
      continue;
    }
    const weakness = keyWeakness(value, DEVELOPMENT_KEY_VALUES);
    if (weakness) problems.push(`${name} ${weakness}`);
  }
  if (env.ONEDOOR_DATA_KEY && env.ONEDOOR_DATA_KEY === env.ONEDOOR_REF_KEY) {
    problems.push('ONEDOOR_DATA_KEY and ONEDOOR_REF_KEY are the same value: encryption and pseudonyms need keys of their own');
  }
  return problems;
}

/**
 * Problems with `ONEDOOR_DATA_KEYS` (`id:base64,…`, the first the current data key; see
 * services/intake personal-data.ts): each entry an id of letters, digits, `_` or `-` (at most 32,
 * not the development id `dev`, not repeated) and base64 of at least MIN_KEY_BYTES bytes that is
 * not a development value, repeats enough distinct characters, and differs from ONEDOOR_REF_KEY.
 */
export function dataKeysProblems(value: string, refKey?: string): string[] {
  const problems: string[] = [];
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) problems.push('ONEDOOR_DATA_KEYS names no key');
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const material = colon < 0 ? '' : entry.slice(colon + 1);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      problems.push(`ONEDOOR_DATA_KEYS entry ${i + 1} is not <id>:<base64 key> (an id of letters, digits, _ or -, at most 32)`);
      return;
    }
    if (id === 'dev') problems.push('ONEDOOR_DATA_KEYS key dev: that id is the development key\'s');
    if (seen.has(id)) problems.push(`ONEDOOR_DATA_KEYS key ${id} is given twice`);
    seen.add(id);
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(material) ? Buffer.from(material, /[-_]/.test(material) ? 'base64url' : 'base64').length : 0;
    if (bytes < MIN_KEY_BYTES) problems.push(`ONEDOOR_DATA_KEYS key ${id} holds ${bytes} bytes of base64 key material (at least ${MIN_KEY_BYTES} needed, e.g. \`openssl rand -base64 32\`)`);
    else {
      const weakness = keyWeakness(material, DEVELOPMENT_KEY_VALUES);
      if (weakness) problems.push(`ONEDOOR_DATA_KEYS key ${id} ${weakness}`);
    }
    if (refKey && material === refKey) problems.push(`ONEDOOR_DATA_KEYS key ${id} is ONEDOOR_REF_KEY: encryption and pseudonyms need keys of their own`);
  });
  return problems;
}

const isLoopbackUrl = (url: string) => URL.canParse(url) && ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

/** Problems with bearer-token verification in production (see jwt.ts for the rules it enforces). */
export function tokenVerificationProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const secret = env.ONEDOOR_JWT_SECRET;
  const weakness = secret ? keyWeakness(secret, [DEVELOPMENT_JWT_SECRET]) : undefined;
  const allowHs256 = env.ONEDOOR_ALLOW_HS256 === '1';
  const issuer = env.ONEDOOR_OIDC_ISSUER?.trim();
  const oidc = !!issuer && !!env.ONEDOOR_OIDC_AUDIENCE?.trim();
  if (secret && weakness === 'is the development value') {
    problems.push('ONEDOOR_JWT_SECRET is the public development secret: anyone could sign tokens with it');
  } else if (secret && weakness) {
    problems.push(`ONEDOOR_JWT_SECRET ${weakness}`);
  }
  const hs256 = !!secret && !weakness && allowHs256;
  if (!oidc && !hs256) {
    problems.push(
      secret && !weakness
        ? 'no token verification is configured: HS256 with ONEDOOR_JWT_SECRET is off in production unless ONEDOOR_ALLOW_HS256=1; or set ONEDOOR_OIDC_ISSUER and ONEDOOR_OIDC_AUDIENCE'
        : 'no token verification is configured: set ONEDOOR_OIDC_ISSUER and ONEDOOR_OIDC_AUDIENCE (or a strong ONEDOOR_JWT_SECRET with ONEDOOR_ALLOW_HS256=1)',
    );
  }
  if (allowHs256 && !secret) problems.push('ONEDOOR_ALLOW_HS256=1 but ONEDOOR_JWT_SECRET is not set');
  for (const [name, url] of [['ONEDOOR_OIDC_ISSUER', issuer], ['ONEDOOR_OIDC_JWKS_URL', env.ONEDOOR_OIDC_JWKS_URL]] as const) {
    if (url && URL.canParse(url) && new URL(url).protocol !== 'https:' && !isLoopbackUrl(url)) problems.push(`${name} must be an https URL in production, got ${url}`);
  }
  return problems;
}

/**
 * Whether the all-in-one allocates the demo budgets: `ONEDOOR_SEED` `true`/`1` yes, `false`/`0`
 * no; unset: yes outside production, no in production. Throws ConfigurationError for another value.
 */
export function demoSeedEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.ONEDOOR_SEED?.trim().toLowerCase();
  if (raw === undefined || raw === '') return !isProduction(env);
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigurationError(`ONEDOOR_SEED must be true or false, got "${env.ONEDOOR_SEED}"`);
}

/**
 * Every reason this process must not start, in the order an operator fixes them; empty when it
 * may. Values that cannot be used count everywhere; the rest only in production.
 */
export function startupProblems(options: SafetyOptions = {}, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const configuration = (check: () => unknown) => {
    try {
      check();
    } catch (e) {
      if (!(e instanceof ConfigurationError)) throw e;
      problems.push(e.message);
    }
  };
  configuration(() => tokenVerificationFromEnv(env));
  let seed = false;
  configuration(() => (seed = demoSeedEnabled(env)));
  if (isProduction(env)) {
    problems.push(...tokenVerificationProblems(env));
    if (options.personalData) problems.push(...personalDataKeyProblems(env));
    if (options.demoSeed && seed) problems.push('ONEDOOR_SEED is on: production never allocates the demo budgets (unset it or set ONEDOOR_SEED=false)');
  }
  return problems;
}

/**
 * Ends the process (exit code 1) with one message on stderr naming every startup problem, when
 * there is any; returns otherwise. Call it first thing in a service's main.
 */
export function refuseUnsafeStart(service: string, options: SafetyOptions = {}, env: NodeJS.ProcessEnv = process.env): void {
  const problems = startupProblems(options, env);
  if (problems.length === 0) return;
  const where = isProduction(env) ? ' in production' : '';
  process.stderr.write(`${service} refuses to start${where}: ${problems.length} configuration problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
