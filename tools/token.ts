/**
 * `npm run token -- --role R --jurisdiction J [--department D] [--sub S] [--ttl SECONDS]`
 * Prints a bearer token (HS256 JWT) for the configured secret (ONEDOOR_JWT_SECRET, else the
 * development secret the services also fall back to). For local use and tests.
 */
import { ALL_DEPARTMENTS } from '../libs/contracts/src/common';
import { KNOWN_ROLES as ROLES } from '../libs/service-kit/src/auth/claims';
import { divisionLevel } from '../libs/service-kit/src/auth/jurisdiction';
import { DEVELOPMENT_JWT_SECRET, jwtSecret, maxSharedSecretTokenLifetime, signToken } from '../libs/service-kit/src/auth/jwt';
import { isProduction } from '../libs/service-kit/src/config/environment';

const HELP = `Mint a OneDoor bearer token (JWT, HS256) for local use and tests.

Usage:
  npm run token -- --role <role>[,<role>…] --jurisdiction <division code> [--department <department>] [--sub <subject>] [--ttl <seconds>]

Options:
  --role, -r          ${ROLES.join(' | ')}; repeat it or separate with commas for several roles
  --jurisdiction, -j  division code the caller may act in, with its whole subtree:
                      6 digits: province xx0000, city xxxx00 (371600 Binzhou city) or county
                      (321323 Siyang county); 9 township, 12 village; 000000 with role admin =
                      everywhere
  --department, -d    ${ALL_DEPARTMENTS.join(' | ')}; required for officers
  --sub, -s           subject (user id) recorded as the actor of what the token does
                      (default: <role>-<jurisdiction>)
  --ttl               lifetime in seconds (default 28800 = 8 hours)
  --help, -h          this text

The token is signed with ONEDOOR_JWT_SECRET, or with the development secret the services use when
it is unset (outside production only), so set the same secret here as for the services; it carries
iss / aud when ONEDOOR_JWT_ISSUER / ONEDOOR_JWT_AUDIENCE are set, and always an expiry (exp).

Examples:
  npm run token -- --role caseworker --jurisdiction 321323
  npm run token -- --role officer --department temporary-aid --jurisdiction 321323 --sub officer-zhang
  curl -H "Authorization: Bearer $(npm run -s token -- --role finance --jurisdiction 321323)" \\
       http://localhost:3000/api/v1/budgets/temporary-aid:${new Date().getFullYear()}:321323
`;

function fail(message: string): never {
  process.stderr.write(`token: ${message}\nRun with --help for usage.\n`);
  process.exit(2);
}

function parse(argv: string[]) {
  const aliases: Record<string, string> = { r: 'role', j: 'jurisdiction', d: 'department', s: 'sub', h: 'help' };
  const roles: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) fail(`unexpected argument "${arg}"`);
    const name = aliases[m[1]] ?? m[1];
    if (name === 'help') return { help: true as const };
    if (!['role', 'jurisdiction', 'department', 'sub', 'ttl'].includes(name)) fail(`unknown option --${m[1]}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
    if (name === 'role') roles.push(...value.split(',').map((r) => r.trim()).filter(Boolean));
    else opts[name] = value;
  }
  return { help: false as const, roles, ...opts } as { help: false; roles: string[]; jurisdiction?: string; department?: string; sub?: string; ttl?: string };
}

function main() {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  if (args.roles.length === 0) fail('--role is required');
  for (const r of args.roles) if (!(ROLES as readonly string[]).includes(r)) fail(`unknown role "${r}" (one of ${ROLES.join(', ')})`);
  if (!args.jurisdiction) fail('--jurisdiction is required');
  if (!divisionLevel(args.jurisdiction)) fail(`--jurisdiction must be a 6, 9 or 12 digit division code, got "${args.jurisdiction}"`);
  if (args.jurisdiction === '000000' && !args.roles.includes('admin')) fail('--jurisdiction 000000 (the whole country) is for role admin only');
  if (args.department !== undefined && !(ALL_DEPARTMENTS as readonly string[]).includes(args.department)) fail(`unknown department "${args.department}" (one of ${ALL_DEPARTMENTS.join(', ')})`);
  if (args.roles.includes('officer') && !args.department) fail('officers act for one department: add --department');
  const ttl = args.ttl === undefined ? 8 * 3600 : Number(args.ttl);
  if (!Number.isInteger(ttl) || ttl < 1) fail(`--ttl must be a positive number of seconds, got "${args.ttl}"`);
  if (ttl > maxSharedSecretTokenLifetime()) fail(`--ttl may be at most ${maxSharedSecretTokenLifetime()} seconds (ONEDOOR_JWT_MAX_LIFETIME_SECONDS): longer tokens are refused`);
  const sub = args.sub ?? `${args.roles[0]}-${args.jurisdiction}`;
  let secret: string;
  try {
    secret = jwtSecret();
  } catch (e) {
    fail((e as Error).message);
  }
  if (isProduction() && secret === DEVELOPMENT_JWT_SECRET) fail('ONEDOOR_JWT_SECRET is the public development secret: production refuses its tokens');
  const token = signToken(
    { sub, roles: args.roles as (typeof ROLES)[number][], jurisdiction: args.jurisdiction, ...(args.department ? { department: args.department } : {}) },
    secret,
    ttl,
  );
  process.stdout.write(`${token}\n`);
}

main();
