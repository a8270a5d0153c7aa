/**
 * Everything the stores know about one application: every event (public or internal) whose data
 * names it, from all five stores, in the order it happened — and, for each decision, who took it,
 * when, why, by which rules and with which parameter set.
 */
import type { Service } from '@onedoor/contracts';
import { quoteSchema, type EventMetadata, type RecordedEvent } from '@onedoor/event-store';
import type { ServiceStore } from '../stores';

export interface AuditEvent {
  service: Service;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  occurredAt: string;
  /** Published on the service's topic, or internal to its store. */
  public: boolean;
  actor: { sub: string; role: string } | null;
  metadata: EventMetadata;
  data: any;
}

export const DECISION_TYPES = new Set([
  'ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'AidGranted', 'AidRefused', 'FundsReserved', 'FundsDisbursed', 'FundsAwaiting',
]);

export interface Decision {
  eventId: string;
  service: Service;
  type: string;
  at: string;
  /** Who is on record: the event's actor (and for department decisions, decidedBy with its level). */
  actor: { sub: string; role: string } | null;
  decidedBy?: { sub: string; role: string; level: string };
  department?: string;
  caseId?: string;
  grantId?: string;
  amountFen?: number;
  /** A one-line statement of the outcome. */
  outcome: string;
  reasons: string[];
  ruleIds: string[];
  parameterSet: { id: string; version: number } | null;
  inputs?: Record<string, unknown>;
}

/** The application's events from every store, ordered by occurredAt (then service, stream position). */
export async function applicationEvents(stores: ServiceStore[], applicationId: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (const s of stores) {
    // Streams holding an event of the application; read through the store (upcasters apply).
    const { rows } = await s.store.sql.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM ${quoteSchema(s.schema)}.events WHERE data->>'applicationId' = $1 ORDER BY stream_id`,
      [applicationId],
    );
    const publicTypes = new Set(s.publicTypes);
    for (const { stream_id } of rows) {
      for (const e of await s.store.readStream(stream_id)) {
        if ((e.data as { applicationId?: unknown } | null)?.applicationId !== applicationId) continue;
        out.push(auditEvent(s.service, e, publicTypes.has(e.type)));
      }
    }
  }
  const order = new Map(stores.map((s, i) => [s.service, i]));
  return out.sort(
    (a, b) =>
      a.occurredAt.localeCompare(b.occurredAt) ||
      order.get(a.service)! - order.get(b.service)! ||
      a.streamId.localeCompare(b.streamId) ||
      a.streamVersion - b.streamVersion,
  );
}

function auditEvent(service: Service, e: RecordedEvent, isPublic: boolean): AuditEvent {
  return {
    service,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    globalPosition: e.globalPosition,
    occurredAt: e.occurredAt.toISOString(),
    public: isPublic,
    actor: e.metadata?.actor ?? null,
    metadata: e.metadata ?? {},
    data: e.data,
  };
}

const provenanceOf = (data: any) => ({
  ruleIds: (data?.provenance?.ruleIds as string[] | undefined) ?? [],
  parameterSet: data?.provenance ? { id: String(data.provenance.parameterSetId), version: Number(data.provenance.parameterSetVersion) } : null,
});

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} yuan`;

/** The decision an event records, or undefined for other events. */
export function decisionOf(e: AuditEvent): Decision | undefined {
  if (!DECISION_TYPES.has(e.type)) return undefined;
  const d = e.data ?? {};
  const base = { eventId: e.eventId, service: e.service, type: e.type, at: e.occurredAt, actor: e.actor, ...provenanceOf(d) };
  switch (e.type) {
    case 'ApplicationSubmitted':
      return { ...base, outcome: `assessed as tier ${d.caseFile?.tier ?? '?'}`, reasons: d.tierReasons ?? [], inputs: { tier: d.caseFile?.tier, perCapitaIncomeFen: d.caseFile?.perCapitaIncomeFen, causes: d.caseFile?.causes, urgent: d.caseFile?.urgent } };
    case 'ApplicationRouted':
      return {
        ...base,
        outcome: `routed to ${(d.routes ?? []).map((r: { department: string }) => r.department).join(', ')}; transfer due by ${d.transferDueBy}`,
        reasons: (d.routes ?? []).flatMap((r: { reasons?: string[] }) => r.reasons ?? []),
      };
    case 'ApplicationRefused':
      return { ...base, outcome: `refused; appeal by ${d.appealBy}`, reasons: d.reasons ?? [] };
    case 'AidGranted':
      return {
        ...base, decidedBy: d.decidedBy, department: d.department, caseId: d.caseId, grantId: d.grantId, amountFen: d.amountFen,
        outcome: `${d.department} granted ${d.amountFen} fen (${yuan(d.amountFen)})${d.track ? `, track ${d.track}` : ''}, grant ${d.grantId}`,
        reasons: d.reasons ?? [], inputs: d.inputs,
      };
    case 'AidRefused':
      return { ...base, decidedBy: d.decidedBy, department: d.department, caseId: d.caseId, outcome: `${d.department} refused; appeal by ${d.appealBy}`, reasons: d.reasons ?? [], inputs: d.inputs };
    case 'FundsReserved':
    case 'FundsDisbursed':
    case 'FundsAwaiting': {
      const verb = e.type === 'FundsReserved' ? 'reserved' : e.type === 'FundsDisbursed' ? 'disbursed' : 'awaiting funds for';
      const extra = e.type === 'FundsAwaiting' ? ` (available ${d.availableFen} fen, place ${d.queuePosition} in the queue)` : '';
      return {
        ...base, department: d.department, caseId: d.caseId, grantId: d.grantId, amountFen: d.amountFen,
        outcome: `budget ${d.budgetId} ${verb} ${d.amountFen} fen of grant ${d.grantId}${extra}`, reasons: [],
      };
    }
  }
  return undefined;
}
