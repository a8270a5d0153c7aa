import { ALL_DEPARTMENTS, type AnyDepartment, type Role } from '@onedoor/contracts';
import { ConfigurationError } from '../config/environment';
import { divisionLevel, NATIONWIDE } from './jurisdiction';

/** The caller, as a verified token says. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The department an officer (or a department's own system) acts for: a rule or a partner department. */
  department?: string;
  /** Division code: access is limited to this subtree (see jurisdiction.ts). */
  jurisdiction: string;
}

/** Every role of the public contract (api-contract "Auth"), in the order of libs/contracts `Role`. */
export const KNOWN_ROLES = ['applicant', 'caseworker', 'officer', 'finance', 'auditor', 'admin'] as const satisfies readonly Role[];
// Compile-time check that KNOWN_ROLES lists every Role of the contract.
const everyRoleListed: Role extends (typeof KNOWN_ROLES)[number] ? true : never = true;
void everyRoleListed;

export const isKnownRole = (r: unknown): r is Role => typeof r === 'string' && (KNOWN_ROLES as readonly string[]).includes(r);

/** A token whose signature, lifetime or claims are not acceptable: answered 401 `invalid_token`. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/**
 * Where an issuer keeps the caller's roles, jurisdiction and department, and how its role names
 * translate into OneDoor roles. Claim names are looked up as given first, then, when they contain
 * dots, as a path (`realm_access.roles`).
 */
export interface ClaimMapping {
  rolesClaim: string;
  /** Issuer role → OneDoor role(s). With a map, issuer roles it does not name are ignored; without one, every role must be a OneDoor role. */
  roleMap?: Record<string, Role[]>;
  jurisdictionClaim: string;
  departmentClaim: string;
}

/** OneDoor's own tokens (`npm run token`): `roles`, `jurisdiction`, `department`, no translation. */
export const ONEDOOR_CLAIMS: ClaimMapping = { rolesClaim: 'roles', jurisdictionClaim: 'jurisdiction', departmentClaim: 'department' };

/**
 * Parses `ONEDOOR_OIDC_ROLE_MAP`: a JSON object from issuer role names to a OneDoor role or a list
 * of them, e.g. `{"sa-caseworker":"caseworker","sa-county-head":["officer","auditor"]}`.
 * Throws ConfigurationError when it is not such an object or names an unknown OneDoor role.
 */
export function parseRoleMap(json: string | undefined): Record<string, Role[]> | undefined {
  if (json === undefined || json.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ConfigurationError('ONEDOOR_OIDC_ROLE_MAP is not valid JSON (expected an object such as {"idp-role":"caseworker"})');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigurationError('ONEDOOR_OIDC_ROLE_MAP must be a JSON object from issuer role names to OneDoor roles');
  const map: Record<string, Role[]> = Object.create(null);
  for (const [from, to] of Object.entries(parsed as Record<string, unknown>)) {
    const roles = Array.isArray(to) ? to : [to];
    const unknown = roles.filter((r) => !isKnownRole(r));
    if (roles.length === 0 || unknown.length) {
      throw new ConfigurationError(`ONEDOOR_OIDC_ROLE_MAP maps "${from}" to ${JSON.stringify(to)}: OneDoor roles are ${KNOWN_ROLES.join(', ')}`);
    }
    map[from] = roles as Role[];
  }
  return map;
}

function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, name)) return payload[name];
  if (!name.includes('.')) return undefined;
  let at: unknown = payload;
  for (const part of name.split('.')) {
    if (!at || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/**
 * The principal a verified token's claims describe, or InvalidTokenError naming what is wrong:
 * - `sub`: a non-empty string;
 * - roles (`mapping.rolesClaim`, an array or a space-separated string): at least one, each a OneDoor
 *   role (after `mapping.roleMap`, which drops issuer roles it does not name);
 * - jurisdiction: a well-formed division code (jurisdiction.ts); `000000` only for an administrator;
 * - department: absent or one of the departments; an officer must have one.
 * Signature, `exp`, `nbf`, `iss` and `aud` are checked before (jwt.ts).
 */
export function principalFromClaims(payload: Record<string, unknown>, mapping: ClaimMapping = ONEDOOR_CLAIMS): Principal {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 256) throw new InvalidTokenError('the token has no subject (sub)');

  const given = claimAt(payload, mapping.rolesClaim);
  const names = typeof given === 'string' ? given.split(/\s+/).filter(Boolean) : Array.isArray(given) ? given : undefined;
  if (!names || names.some((r) => typeof r !== 'string')) throw new InvalidTokenError(`the token has no roles (${mapping.rolesClaim}: a list of role names)`);
  let roles: Role[];
  if (mapping.roleMap) {
    const map = mapping.roleMap;
    roles = (names as string[]).flatMap((r) => (Object.prototype.hasOwnProperty.call(map, r) ? map[r] : []));
  } else {
    const unknown = (names as string[]).filter((r) => !isKnownRole(r));
    if (unknown.length) throw new InvalidTokenError(`unknown role ${JSON.stringify(unknown[0].slice(0, 40))}: roles are ${KNOWN_ROLES.join(', ')}`);
    roles = names as Role[];
  }
  roles = [...new Set(roles)];
  if (roles.length === 0) throw new InvalidTokenError('the token carries no OneDoor role');

  const jurisdiction = claimAt(payload, mapping.jurisdictionClaim);
  const level = divisionLevel(jurisdiction);
  if (typeof jurisdiction !== 'string' || level === undefined) {
    throw new InvalidTokenError(
      `jurisdiction (${mapping.jurisdictionClaim}) must be a division code: 6 digits (province xx0000, city xxxx00, county), 9 (township) or 12 (village)`,
    );
  }
  if (jurisdiction === NATIONWIDE && !roles.includes('admin')) throw new InvalidTokenError('jurisdiction 000000 (the whole country) is for administrators only');

  const department = claimAt(payload, mapping.departmentClaim);
  if (department !== undefined && department !== null && !(ALL_DEPARTMENTS as readonly unknown[]).includes(department)) {
    throw new InvalidTokenError(`department (${mapping.departmentClaim}) must be one of ${ALL_DEPARTMENTS.join(', ')}`);
  }
  if (roles.includes('officer') && (department === undefined || department === null)) throw new InvalidTokenError('an officer token names its department');

  return { sub, roles, jurisdiction, ...(department ? { department: department as AnyDepartment } : {}) };
}
