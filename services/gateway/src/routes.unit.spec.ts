import { SERVICES } from '@onedoor/contracts';
import { mergeReadLogPages, readLogWindow } from './rest';
import { departmentOfCase, routeOf, upstreamUrlsFromEnv } from './routes';

describe('the gateway routing table', () => {
  it.each([
    ['/api/v1/applications', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/applications?status=settled&limit=5', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/applications/abc/events', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/subjects/p-1/erasure', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/catalogue?jurisdiction=321323', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/catalogue/programmes/housing-aid.rental-subsidy', { kind: 'proxy', upstream: 'intake' }],
    ['/api/v1/budgets', { kind: 'proxy', upstream: 'funding' }],
    ['/api/v1/budgets/temporary-aid-321323101-2025/top-ups', { kind: 'proxy', upstream: 'funding' }],
    ['/api/v1/cases/temporary-aid-0190a', { kind: 'proxy', upstream: 'temporary-aid' }],
    ['/api/v1/cases/medical-aid-0190a/decisions', { kind: 'proxy', upstream: 'medical-aid' }],
    ['/api/v1/cases/education-aid-0190a?x=1', { kind: 'proxy', upstream: 'education-aid' }],
    ['/api/v1/cases/housing-aid-0190a', { kind: 'proxy', upstream: 'partners' }],
    ['/api/v1/cases/pension-0190a', { kind: 'unknown-case', caseId: 'pension-0190a' }],
    ['/api/v1/cases', { kind: 'not-found' }],
    ['/api/v1/read-log?subject=x', { kind: 'read-log' }],
    ['/api/v1/read-log/x', { kind: 'not-found' }],
    ['/api/v1/anything', { kind: 'not-found' }],
    ['/api/v2/applications', { kind: 'not-found' }],
  ])('%s → %j', (url, route) => {
    expect(routeOf(url)).toEqual(route);
  });

  it('tells the department of a case id by its prefix only', () => {
    expect(departmentOfCase('temporary-aid-x')).toBe('temporary-aid');
    expect(departmentOfCase('medical-aid-')).toBe('medical-aid');
    expect(departmentOfCase('temporary-aidx')).toBeUndefined();
    expect(departmentOfCase('x-temporary-aid-1')).toBeUndefined();
    expect(routeOf('/api/v1/cases/%6Dedical-aid-1')).toEqual({ kind: 'proxy', upstream: 'medical-aid' });
  });

  it('takes the services\' URLs from the environment, the development ports by default', () => {
    const urls = upstreamUrlsFromEnv({});
    expect(Object.keys(urls).sort()).toEqual([...SERVICES].sort());
    expect(urls).toMatchObject({
      intake: 'http://127.0.0.1:3001',
      'temporary-aid': 'http://127.0.0.1:3002',
      'medical-aid': 'http://127.0.0.1:3003',
      'education-aid': 'http://127.0.0.1:3004',
      funding: 'http://127.0.0.1:3005',
      partners: 'http://127.0.0.1:3006',
    });
    expect(upstreamUrlsFromEnv({ ONEDOOR_MEDICAL_AID_URL: 'http://medical-aid/' })['medical-aid']).toBe('http://medical-aid');
    expect(() => upstreamUrlsFromEnv({ ONEDOOR_FUNDING_URL: 'funding:3005' })).toThrow(/ONEDOOR_FUNDING_URL/);
  });
});

describe('the merged read log', () => {
  const row = (service: string, at: string, seq: number) => ({ service, at, seq });

  it('orders every service\'s rows newest first (then by position), cuts the page and sums the totals', () => {
    const pages = [
      { total: 3, limit: 4, offset: 0, items: [row('intake', '2025-01-03', 3), row('intake', '2025-01-01', 2), row('intake', '2025-01-01', 1)] },
      { total: 2, limit: 4, offset: 0, items: [row('funding', '2025-01-02', 9), row('funding', '2025-01-01', 8)] },
    ];
    const merged = mergeReadLogPages(pages, 1, 3);
    expect(merged.total).toBe(5);
    expect(merged).toMatchObject({ limit: 3, offset: 1 });
    expect(merged.items.map((i) => `${i.service}:${i.seq}`)).toEqual(['funding:9', 'funding:8', 'intake:2']);
  });

  it('asks each service for the first offset+limit rows (at most 500), and leaves invalid windows to the services', () => {
    expect(readLogWindow(new URLSearchParams('subject=x'))).toEqual({ limit: 50, offset: 0, upstreamLimit: 50 });
    expect(readLogWindow(new URLSearchParams('limit=20&offset=30'))).toEqual({ limit: 20, offset: 30, upstreamLimit: 50 });
    expect(readLogWindow(new URLSearchParams('limit=500&offset=30'))).toEqual({ limit: 500, offset: 30, upstreamLimit: 500 });
    expect(readLogWindow(new URLSearchParams('limit=0'))).toBeUndefined();
    expect(readLogWindow(new URLSearchParams('limit=abc'))).toBeUndefined();
    expect(readLogWindow(new URLSearchParams('offset=-1'))).toBeUndefined();
  });

  it('routes partner departments\u2019 cases and desks to the partners service', () => {
    expect(departmentOfCase('housing-aid-x')).toBe('partners');
    expect(routeOf('/api/v1/cases/disaster-aid-1/payments')).toEqual({ kind: 'proxy', upstream: 'partners' });
    expect(routeOf('/api/v1/departments/employment-aid/cases?status=open')).toEqual({ kind: 'proxy', upstream: 'partners' });
    expect(routeOf('/api/v1/departments/unknown-aid/cases')).toEqual({ kind: 'not-found' });
    expect(routeOf('/api/v1/departments')).toEqual({ kind: 'not-found' });
  });
});
