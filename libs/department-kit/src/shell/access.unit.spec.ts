import type { Principal } from '@onedoor/service-kit';
import { actorFor, assertMayRead, isDepartmentSystem } from './access';

const officer = (department: string, jurisdiction = '321323', sub = 'officer-1'): Principal => ({ sub, roles: ['officer'], department, jurisdiction });
const statusOf = (f: () => unknown) => {
  try {
    f();
    return 200;
  } catch (e) {
    return (e as { problem?: { status: number } }).problem?.status;
  }
};

describe('who acts on a department\u2019s cases', () => {
  it('its county officer decides at county level, its township officer at township level', () => {
    expect(actorFor(officer('housing-aid'), 'housing-aid')).toEqual({ sub: 'officer-1', role: 'officer', level: 'county' });
    expect(actorFor(officer('housing-aid', '321323101'), 'housing-aid')).toEqual({ sub: 'officer-1', role: 'officer', level: 'township' });
  });
  it('its own system (a subject starting system:) decides at level system', () => {
    const system = officer('housing-aid', '321323', 'system:housing-321323');
    expect(isDepartmentSystem(system)).toBe(true);
    expect(actorFor(system, 'housing-aid')).toEqual({ sub: 'system:housing-321323', role: 'officer', level: 'system' });
  });
  it('another department\u2019s officer, a caseworker and a village officer are refused (403)', () => {
    expect(statusOf(() => actorFor(officer('employment-aid'), 'housing-aid'))).toBe(403);
    expect(statusOf(() => actorFor({ sub: 'c', roles: ['caseworker'], jurisdiction: '321323' }, 'housing-aid'))).toBe(403);
    expect(statusOf(() => actorFor(officer('housing-aid', '321323101201'), 'housing-aid'))).toBe(403);
  });
  it('an admin without the department\u2019s claim, an auditor and a system of another department are refused (403)', () => {
    expect(statusOf(() => actorFor({ sub: 'admin-1', roles: ['admin'], jurisdiction: '321323' }, 'employment-aid'))).toBe(403);
    expect(statusOf(() => actorFor({ sub: 'admin-0', roles: ['admin'], jurisdiction: '000000' }, 'employment-aid'))).toBe(403);
    expect(statusOf(() => actorFor({ sub: 'a', roles: ['auditor'], jurisdiction: '321323', department: 'employment-aid' }, 'employment-aid'))).toBe(403);
    expect(statusOf(() => actorFor(officer('housing-aid', '321323', 'system:housing-321323'), 'employment-aid'))).toBe(403);
    expect(statusOf(() => actorFor({ sub: 'system:jobs', roles: ['admin'], jurisdiction: '321323' }, 'employment-aid'))).toBe(403);
  });
  it('an admin who is also the department\u2019s officer acts as its officer', () => {
    expect(actorFor({ sub: 'officer-2', roles: ['admin', 'officer'], department: 'employment-aid', jurisdiction: '321323' }, 'employment-aid')).toEqual({ sub: 'officer-2', role: 'officer', level: 'county' });
  });
  it('reads: the department\u2019s officers, caseworkers and auditors within their subtree; another department 403; elsewhere 404', () => {
    expect(statusOf(() => assertMayRead(officer('housing-aid'), 'housing-aid', '321323101201'))).toBe(200);
    expect(statusOf(() => assertMayRead({ sub: 'a', roles: ['auditor'], jurisdiction: '321323' }, 'housing-aid', '321323101'))).toBe(200);
    expect(statusOf(() => assertMayRead(officer('employment-aid'), 'housing-aid', '321323101'))).toBe(403);
    expect(statusOf(() => assertMayRead(officer('housing-aid'), 'housing-aid', '371602001'))).toBe(404);
    expect(statusOf(() => assertMayRead({ sub: 'a', roles: ['auditor'], jurisdiction: '321323' }, 'housing-aid', '371602001'))).toBe(404);
    expect(statusOf(() => assertMayRead({ sub: 'ad', roles: ['admin'], jurisdiction: '321323' }, 'housing-aid', '321323101'))).toBe(200);
    expect(statusOf(() => assertMayRead({ sub: 'ad', roles: ['admin'], jurisdiction: '321323' }, 'housing-aid', '371602001'))).toBe(404);
  });
});
