/**
 * What the timeline (GET /applications/{id}/events, GraphQL) shows of each event: what a
 * caseworker or auditor reading the application's history needs — decisions, reasons, amounts,
 * deadlines, references — and never members' ages, disability, serious illness or incomes (PIPL
 * art. 6, policy-rules §9). Events of schema version 1 and version 2 give the same row.
 */
import { submittedCaseFileOf } from '@onedoor/contracts';

type Data = Record<string, unknown>;

const without = (data: Data, ...keys: string[]): Data => Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));

/**
 * The timeline's projection of one event's payload, by type:
 * - ApplicationSubmitted: the public case file (references, incident, tier), no `tierReasons`
 *   (they quote incomes);
 * - ApplicationRouted: the routes (department, case id, reasons), what was not routed and why,
 *   the transfer deadline — not the departments' case files;
 * - ReferralIssued: who referred which cause to whom — not the case file;
 * - every other type as it is (decisions, payments, budgets carry no member data).
 * Pure; the input is not modified. A payload that is not an object is returned as it is.
 */
export function timelineDataOf(type: string, data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const d = data as Data;
  switch (type) {
    case 'ApplicationSubmitted': {
      const caseFile = d.caseFile && typeof d.caseFile === 'object' ? submittedCaseFileOf(d.caseFile as Data) : d.caseFile;
      return { ...without(d, 'tierReasons'), caseFile };
    }
    case 'ApplicationRouted': {
      const routes = Array.isArray(d.routes) ? d.routes.map((r) => (r && typeof r === 'object' ? without(r as Data, 'caseFile') : r)) : d.routes;
      return { ...without(d, 'caseFile'), routes };
    }
    case 'ReferralIssued':
      return without(d, 'caseFile');
    default:
      return data;
  }
}
