/**
 * The services, declared once: each has its own store schema (`schemaOf`), topic
 * `onedoor.<service>.v1`, port in distributed mode and gateway variable (`ONEDOOR_<SERVICE>_URL`),
 * and publishes the public events it lists. A service hosting departments names them: `departments`
 * whose rules OneDoor runs (policy-rules §4–§6), `partnerDepartments` whose officers or own systems
 * decide at OneDoor's desk (policy-rules §11). A department added after the first six names the
 * application fields its case file carries (`caseFileFields`, field paths of intake's case file such
 * as `members[].personRef`): the least its rule needs (privacy by default).
 *
 * Every launcher, deployment, test cluster and tool derives its services from SERVICE_REGISTRY:
 * adding a service is one entry here (see README "Add a department"). This module imports nothing
 * at run time, so a command-line tool can read it without loading the JSON Schema validators.
 */
import type { PublicEventType } from './events';

export interface ServiceEntry {
  /** Port offset from the base (3000 in development; the gateway is the base). */
  portOffset: number;
  /** Public event types the service publishes on its topic (its relay selects them). */
  publishes: readonly PublicEventType[];
  /** Departments whose rules the service runs. */
  departments?: readonly string[];
  /** Partner departments the service hosts on the department kit. */
  partnerDepartments?: readonly string[];
  /** Fields of intake's case file each of the service's departments receives (departments without their own case-file type). */
  caseFileFields?: Readonly<Record<string, readonly string[]>>;
}

export const SERVICE_REGISTRY = {
  intake: { portOffset: 1, publishes: ['ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'DeadlineMissed', 'PersonalDataErased'] },
  'temporary-aid': { portOffset: 2, departments: ['temporary-aid'], publishes: ['CaseOpened', 'AidGranted', 'AidRefused', 'ReferralIssued', 'CasePaid', 'DeadlineMissed'] },
  'medical-aid': { portOffset: 3, departments: ['medical-aid'], publishes: ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'] },
  'education-aid': { portOffset: 4, departments: ['education-aid'], publishes: ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'] },
  funding: { portOffset: 5, publishes: ['BudgetAllocated', 'BudgetToppedUp', 'FundsReserved', 'FundsDisbursed', 'FundsAwaiting', 'FundsReleased', 'DeadlineMissed'] },
  partners: { portOffset: 6, partnerDepartments: ['housing-aid', 'employment-aid', 'disaster-aid'], publishes: ['CaseOpened', 'CaseAccepted', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'] },
} as const satisfies Record<string, ServiceEntry>;

type Registry = typeof SERVICE_REGISTRY;
/** A service of SERVICE_REGISTRY. */
export type Service = keyof Registry;
/** The departments whose rules OneDoor runs, each in the service that declares it (policy-rules §4–§6). */
export type Department = { [S in Service]: Registry[S] extends { departments: readonly (infer D)[] } ? D : never }[Service];
/**
 * Partner departments (policy-rules §11): OneDoor opens, keeps and publishes their cases; their
 * officers or their own systems decide, within the programme's bounds, through OneDoor's partner desk.
 * Housing aid (住房救助), employment aid (就业救助), disaster-victim aid (受灾人员救助).
 */
export type PartnerDepartment = { [S in Service]: Registry[S] extends { partnerDepartments: readonly (infer D)[] } ? D : never }[Service];

/** Departments with no case-file type of their own: their case file is intake's, cut to the fields their entry declares (`caseFileFields`). */
export type DeclaredDepartment = { [S in Service]: Registry[S] extends { caseFileFields: infer F } ? keyof F & string : never }[Service];

const entries = Object.entries(SERVICE_REGISTRY) as [Service, ServiceEntry][];

/** The services, in the registry's order. */
export const SERVICES: readonly Service[] = entries.map(([s]) => s);
export const DEPARTMENTS: readonly Department[] = entries.flatMap(([, e]) => (e.departments ?? []) as Department[]);
export const PARTNER_DEPARTMENTS: readonly PartnerDepartment[] = entries.flatMap(([, e]) => (e.partnerDepartments ?? []) as PartnerDepartment[]);

/** Which public events each service publishes on its topic. */
export const EVENTS_BY_SERVICE: Record<Service, readonly PublicEventType[]> = Object.fromEntries(entries.map(([s, e]) => [s, e.publishes])) as Record<Service, readonly PublicEventType[]>;

/** Port offsets from the base (3000 in development: intake :3001 … partners :3006; the gateway is the base). */
export const SERVICE_PORT_OFFSETS: Record<Service, number> = Object.fromEntries(entries.map(([s, e]) => [s, e.portOffset])) as Record<Service, number>;

/** The service that hosts a department's cases (the one whose entry names it). @throws Error for a department no service names. */
export function serviceOfDepartment(department: Department | PartnerDepartment): Service {
  const found = entries.find(([, e]) => e.departments?.includes(department) || e.partnerDepartments?.includes(department));
  if (!found) throw new Error(`no service hosts department ${department}`);
  return found[0];
}

/** The case-file fields a department declared in the registry, or undefined for one with its own case-file type. */
export const declaredCaseFileFields = (department: string): readonly string[] | undefined =>
  entries.map(([, e]) => e.caseFileFields?.[department]).find((f) => f !== undefined);

/** The service's PostgreSQL schema: its name with `_` for `-` (`temporary_aid`). */
export const schemaOf = (service: Service | string): string => service.replace(/-/g, '_');

/** The gateway's variable for the service's base URL: `ONEDOOR_<SERVICE>_URL` (`ONEDOOR_TEMPORARY_AID_URL`). */
export const serviceUrlVariable = (service: Service): string => `ONEDOOR_${service.toUpperCase().replace(/-/g, '_')}_URL`;

/** The service's default port: base + its offset (development base 3000). */
export const defaultPortOf = (service: Service, base = 3000): number => base + SERVICE_PORT_OFFSETS[service];
