/**
 * The gateway's routing table: which service answers a REST path. Pure: no I/O.
 *
 * | path (under /api/v1)                 | service                                     |
 * |--------------------------------------|---------------------------------------------|
 * | /applications, /applications/…       | intake                                      |
 * | /subjects/…                          | intake (erasure)                            |
 * | /cases/{caseId}, /cases/{caseId}/…   | the department the case id starts with      |
 * | /budgets, /budgets/…                 | funding                                     |
 * | /read-log                            | every service, pages merged (newest first)  |
 */

/** The services behind the gateway. */
export type Upstream = 'intake' | 'temporary-aid' | 'medical-aid' | 'education-aid' | 'funding';
export const UPSTREAMS: readonly Upstream[] = ['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding'];
/** The departments, each answering the cases whose id starts with its name. */
export const DEPARTMENTS = ['temporary-aid', 'medical-aid', 'education-aid'] as const;
export type DepartmentUpstream = (typeof DEPARTMENTS)[number];

/** Where a REST request goes. */
export type Route =
  | { kind: 'proxy'; upstream: Upstream }
  | { kind: 'read-log' }
  /** A case id that names no department: no service has it. */
  | { kind: 'unknown-case'; caseId: string }
  | { kind: 'not-found' };

/** The department a case id names (`temporary-aid-<applicationId>` → temporary-aid), if any. */
export function departmentOfCase(caseId: string): DepartmentUpstream | undefined {
  return DEPARTMENTS.find((d) => caseId.startsWith(`${d}-`));
}

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The route of a request path (with or without its query string). */
export function routeOf(url: string): Route {
  const path = url.split('?')[0].split('#')[0];
  const match = /^\/api\/v1\/([^/]+)(?:\/([^/]*))?/.exec(path);
  if (!match) return { kind: 'not-found' };
  const [, resource, id] = match;
  switch (resource) {
    case 'applications':
    case 'subjects':
      return { kind: 'proxy', upstream: 'intake' };
    case 'budgets':
      return { kind: 'proxy', upstream: 'funding' };
    case 'read-log':
      return id === undefined ? { kind: 'read-log' } : { kind: 'not-found' };
    case 'cases': {
      if (!id) return { kind: 'not-found' };
      const caseId = decode(id);
      const department = departmentOfCase(caseId);
      return department ? { kind: 'proxy', upstream: department } : { kind: 'unknown-case', caseId };
    }
    default:
      return { kind: 'not-found' };
  }
}

/** Upstream base URLs from the environment (ONEDOOR_<SERVICE>_URL), defaults the development ports 3001–3005. */
export function upstreamUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<Upstream, string> {
  const defaults: Record<Upstream, number> = { intake: 3001, 'temporary-aid': 3002, 'medical-aid': 3003, 'education-aid': 3004, funding: 3005 };
  const out = {} as Record<Upstream, string>;
  for (const upstream of UPSTREAMS) {
    const name = `ONEDOOR_${upstream.toUpperCase().replace(/-/g, '_')}_URL`;
    const raw = env[name]?.trim() || `http://127.0.0.1:${defaults[upstream]}`;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`${name} must be an http(s) URL, got ${raw}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got ${raw}`);
    out[upstream] = raw.replace(/\/+$/, '');
  }
  return out;
}
