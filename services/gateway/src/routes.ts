/**
 * The gateway's routing table: which service answers a REST path. Pure: no I/O.
 *
 * | path (under /api/v1)                 | service                                     |
 * |--------------------------------------|---------------------------------------------|
 * | /applications, /applications/…       | intake                                      |
 * | /subjects/…                          | intake (erasure)                            |
 * | /catalogue, /catalogue/…             | intake (the programme catalogue)            |
 * | /cases/{caseId}, /cases/{caseId}/…   | the service of the department the case id starts with (partners for housing-, employment-, disaster-aid) |
 * | /departments/{department}/…          | the service of that department (partners)   |
 * | /budgets, /budgets/…                 | funding                                     |
 * | /read-log                            | every service, pages merged (newest first)  |
 */

import { ALL_DEPARTMENTS, defaultPortOf, serviceOfDepartment, SERVICES, serviceUrlVariable, type AnyDepartment, type Service } from '@onedoor/contracts';

/** The services behind the gateway: every service of the contract (libs/contracts SERVICES). */
export type Upstream = Service;
export const UPSTREAMS: readonly Upstream[] = SERVICES;
/** The departments, each answering the cases whose id starts with its name (through the service that hosts it). */
export const DEPARTMENTS = ALL_DEPARTMENTS;
export type DepartmentUpstream = Upstream;

/** Where a REST request goes. */
export type Route =
  | { kind: 'proxy'; upstream: Upstream }
  | { kind: 'read-log' }
  /** A case id that names no department: no service has it. */
  | { kind: 'unknown-case'; caseId: string }
  | { kind: 'not-found' };

/**
 * The service that holds the case a case id names (`temporary-aid-<applicationId>` → temporary-aid,
 * `housing-aid-<applicationId>` → partners), if any.
 */
export function departmentOfCase(caseId: string): DepartmentUpstream | undefined {
  const department = DEPARTMENTS.find((d) => caseId.startsWith(`${d}-`));
  return department && serviceOfDepartment(department);
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
    case 'catalogue':
      return { kind: 'proxy', upstream: 'intake' };
    case 'budgets':
      return { kind: 'proxy', upstream: 'funding' };
    case 'read-log':
      return id === undefined ? { kind: 'read-log' } : { kind: 'not-found' };
    case 'departments': {
      const department = id && decode(id);
      return department && (DEPARTMENTS as readonly string[]).includes(department) ? { kind: 'proxy', upstream: serviceOfDepartment(department as AnyDepartment) } : { kind: 'not-found' };
    }
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

/** Upstream base URLs from the environment (ONEDOOR_<SERVICE>_URL), defaults the development ports 3001–3006. */
export function upstreamUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<Upstream, string> {
  const out = {} as Record<Upstream, string>;
  for (const upstream of UPSTREAMS) {
    const name = serviceUrlVariable(upstream);
    const raw = env[name]?.trim() || `http://127.0.0.1:${defaultPortOf(upstream)}`;
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
