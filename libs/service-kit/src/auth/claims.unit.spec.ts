import { InvalidTokenError, KNOWN_ROLES, parseRoleMap, principalFromClaims, type ClaimMapping } from './claims';
import { ConfigurationError } from '../config/environment';

const SIYANG = '321323';
const refusal = (claims: Record<string, unknown>, mapping?: ClaimMapping) => {
  try {
    principalFromClaims(claims, mapping);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidTokenError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(claims)}`);
};

describe('principalFromClaims: what a verified token must say', () => {
  it('accepts each OneDoor role with a well-formed jurisdiction', () => {
    for (const role of KNOWN_ROLES) {
      const department = role === 'officer' ? 'temporary-aid' : undefined;
      expect(principalFromClaims({ sub: `${role}-1`, roles: [role], jurisdiction: SIYANG, department })).toEqual({
        sub: `${role}-1`,
        roles: [role],
        jurisdiction: SIYANG,
        ...(department ? { department } : {}),
      });
    }
  });

  it('refuses unknown roles, no roles and roles that are not names', () => {
    expect(refusal({ sub: 'x', roles: ['caseworker', 'superuser'], jurisdiction: SIYANG })).toMatch(/unknown role "superuser"/);
    expect(refusal({ sub: 'x', roles: [], jurisdiction: SIYANG })).toMatch(/no OneDoor role/);
    expect(refusal({ sub: 'x', jurisdiction: SIYANG })).toMatch(/no roles/);
    expect(refusal({ sub: 'x', roles: [1], jurisdiction: SIYANG })).toMatch(/no roles/);
    expect(refusal({ sub: 'x', roles: { admin: true }, jurisdiction: SIYANG })).toMatch(/no roles/);
    expect(refusal({ sub: 'x', roles: ['__proto__'], jurisdiction: SIYANG })).toMatch(/unknown role/);
  });

  it.each(['32', '3', '3213', '3213230', '32132310', 321323, '', null, 'Siyang'])('refuses jurisdiction %j', (jurisdiction) => {
    expect(refusal({ sub: 'x', roles: ['caseworker'], jurisdiction })).toMatch(/jurisdiction \(jurisdiction\) must be a division code/);
  });

  it('keeps the whole country (000000) for administrators', () => {
    expect(refusal({ sub: 'x', roles: ['caseworker'], jurisdiction: '000000' })).toMatch(/administrators only/);
    expect(principalFromClaims({ sub: 'root', roles: ['admin'], jurisdiction: '000000' }).jurisdiction).toBe('000000');
  });

  it('requires a subject, a known department, and one for officers', () => {
    expect(refusal({ roles: ['caseworker'], jurisdiction: SIYANG })).toMatch(/subject/);
    expect(refusal({ sub: '', roles: ['caseworker'], jurisdiction: SIYANG })).toMatch(/subject/);
    expect(refusal({ sub: 'o', roles: ['officer'], jurisdiction: SIYANG })).toMatch(/officer token names its department/);
    expect(refusal({ sub: 'o', roles: ['officer'], jurisdiction: SIYANG, department: 'housing' })).toMatch(/department/);
  });

  it('reads an issuer\'s claims through the configured names and role map', () => {
    const mapping: ClaimMapping = {
      rolesClaim: 'realm_access.roles',
      roleMap: parseRoleMap('{"sa-caseworker":"caseworker","sa-head":["officer","auditor"]}'),
      jurisdictionClaim: 'https://onedoor.example/division',
      departmentClaim: 'dept',
    };
    const principal = principalFromClaims(
      { sub: 'u-7', realm_access: { roles: ['offline_access', 'sa-head'] }, 'https://onedoor.example/division': '321323100', dept: 'medical-aid' },
      mapping,
    );
    expect(principal).toEqual({ sub: 'u-7', roles: ['officer', 'auditor'], jurisdiction: '321323100', department: 'medical-aid' });
    // issuer roles the map does not name give no OneDoor role
    expect(refusal({ sub: 'u-8', realm_access: { roles: ['offline_access', 'caseworker'] }, 'https://onedoor.example/division': SIYANG }, mapping)).toMatch(/no OneDoor role/);
    // a space-separated roles claim (as OAuth scope is written)
    expect(principalFromClaims({ sub: 'u', roles: 'caseworker auditor', jurisdiction: SIYANG }).roles).toEqual(['caseworker', 'auditor']);
  });

  it('refuses a role map that is not JSON or names a role OneDoor does not have', () => {
    expect(parseRoleMap(undefined)).toBeUndefined();
    expect(() => parseRoleMap('{caseworker}')).toThrow(ConfigurationError);
    expect(() => parseRoleMap('["caseworker"]')).toThrow(ConfigurationError);
    expect(() => parseRoleMap('{"idp-root":"superuser"}')).toThrow(/superuser/);
  });
});
