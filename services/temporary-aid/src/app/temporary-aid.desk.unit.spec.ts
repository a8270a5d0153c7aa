import type { Principal } from '@onedoor/service-kit';
import { officerOf } from './temporary-aid.desk';

const principal = (p: Partial<Principal>): Principal => ({ sub: 'someone', roles: [], jurisdiction: '321323', ...p });

describe('who decides temporary-aid cases (api-contract: the officer of that department)', () => {
  it('a temporary-aid officer decides at county or township level', () => {
    expect(officerOf(principal({ roles: ['officer'], department: 'temporary-aid' }))).toEqual({ sub: 'someone', role: 'officer', level: 'county' });
    expect(officerOf(principal({ roles: ['officer'], department: 'temporary-aid', jurisdiction: '321323102' }))).toMatchObject({ level: 'township' });
  });

  it.each([
    ['an admin without the department claim', { roles: ['admin'] }],
    ['an admin of another department', { roles: ['admin'], department: 'medical-aid' }],
    ['an officer of another department', { roles: ['officer'], department: 'housing-aid' }],
    ['an auditor', { roles: ['auditor'], department: 'temporary-aid' }],
  ] as [string, Partial<Principal>][])('%s may not (403)', (_name, p) => {
    expect(() => officerOf(principal(p))).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 403 }) }));
  });

  it('a village-level officer may not: decisions are taken at township or county level', () => {
    expect(() => officerOf(principal({ roles: ['officer'], department: 'temporary-aid', jurisdiction: '321323102201' }))).toThrow(/township \(9-digit\) or county/);
  });
});
