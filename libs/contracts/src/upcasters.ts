import type { Department } from './services';
import { departmentCaseFileOf, isFullCaseFile, submittedCaseFileOf } from './department-case-files';
import type { CaseFile, PublicEventType } from './events';

/** Turns the payload of version n of an event type into the payload of version n + 1. */
export type PayloadUpcaster = (data: unknown) => unknown;

/** event type → from version → upcaster to the next version. */
export type PayloadUpcasters = Partial<Record<PublicEventType | string, Record<number, PayloadUpcaster>>>;

/**
 * How consumers read payloads published under an older schema version of a public event: when
 * a payload type changes (SCHEMA_VERSIONS raised), the step from the previous version goes here,
 * so that messages already on a topic (published before the change, kept by Kafka for replays)
 * still reach every consumer in the current shape. A producing service may pass the same steps to
 * its store (ServiceSpec.upcasters) so that what it publishes is always current. A step is used
 * only for versions below the type's SCHEMA_VERSIONS entry.
 */
export const PAYLOAD_UPCASTERS: PayloadUpcasters = {
  /**
   * Version 1 carried intake's full case file (members' ages, disability, illness, the per-capita
   * income) and the tier's reasons: version 2 keeps the SubmittedCaseFile fields only.
   */
  ApplicationSubmitted: {
    1: (data) => {
      const d = data as { caseFile?: unknown; tierReasons?: unknown } | null;
      if (!d || typeof d !== 'object' || !d.caseFile || typeof d.caseFile !== 'object') return data; // left for the schema to reject
      const { tierReasons: _reasons, ...rest } = d;
      return { ...rest, caseFile: submittedCaseFileOf(d.caseFile as Record<string, unknown>) };
    },
  },
  /** Version 1 carried one full case file for all departments: version 2 gives each route its department's. */
  ApplicationRouted: {
    1: (data) => {
      const d = data as { caseFile?: unknown; routes?: unknown } | null;
      if (!d || typeof d !== 'object' || !isFullCaseFile(d.caseFile) || !Array.isArray(d.routes)) return data;
      const { caseFile, ...rest } = d as { caseFile: CaseFile; routes: { department: Department }[] };
      return { ...rest, routes: rest.routes.map((r) => ({ ...r, caseFile: departmentCaseFileOf(r.department, caseFile) })) };
    },
  },
  /** Version 1 carried intake's full case file: version 2 the receiving department's. */
  ReferralIssued: {
    1: (data) => {
      const d = data as { caseFile?: unknown; toDepartment?: Department } | null;
      if (!d || typeof d !== 'object' || !isFullCaseFile(d.caseFile) || typeof d.toDepartment !== 'string') return data;
      return { ...d, caseFile: departmentCaseFileOf(d.toDepartment, d.caseFile) };
    },
  },
  /** Version 1 had no `outcome`: it is the one its grantedFen implies. */
  ApplicationSettled: {
    1: (data) => {
      const d = data as { outcome?: string; grantedFen?: unknown } | null;
      if (!d || typeof d !== 'object') return data; // left for the schema to reject
      return { ...d, outcome: d.outcome ?? (typeof d.grantedFen === 'number' && d.grantedFen > 0 ? 'granted' : 'refused') };
    },
  },
};
