import { HEADERS } from '@onedoor/contracts';
import type { Checkpoint, EventStore, RecordedEvent } from '@onedoor/event-store';
import { toMessage } from './envelope';
import { TRACEPARENT_SQL_PATTERN } from './trace-context';
import type { Headers, OutgoingMessage } from './transport';

/** What a relay's `select` sees of an event: enough to route by type or stream, cheap to provide. */
export type OutboxEvent = Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'streamVersion' | 'schemaVersion' | 'globalPosition'>;

/** A page of the outbox, as the messages to publish. */
export interface OutboxPage {
  /** Events read, published or not (select may drop some); 0 when nothing new was visible. */
  read: number;
  checkpoint: Checkpoint;
  messages: OutgoingMessage[];
}

/** The stored traceparent when valid (isTraceparent), else derivedTraceparent's value, in SQL. */
const TRACEPARENT_SQL = `CASE WHEN e.metadata->>'traceparent' ~ '${TRACEPARENT_SQL_PATTERN}'
      AND left(e.metadata->>'traceparent', 2) <> 'ff'
      AND substr(e.metadata->>'traceparent', 4, 32) <> repeat('0', 32)
      AND substr(e.metadata->>'traceparent', 37, 16) <> repeat('0', 16)
    THEN e.metadata->>'traceparent'
    ELSE '00-' || md5('trace:' || coalesce(e.metadata->>'correlationId', e.event_id)) || '-'
         || left(md5('span:' || e.event_id), 16) || '-01' END`;

/**
 * The envelope, key and contract headers built by PostgreSQL, mirroring toEnvelope, messageKey
 * and envelopeHeaders (a test holds both paths to the same output): every contract header on
 * every message, causation-id empty for a root event, traceparent derived when none is stored. The relay is CPU-bound on
 * its one Node thread: parsing every row into a RecordedEvent (JSON, dates, hashes) and
 * serialising it again cost about as much as the Kafka client itself, while here the database
 * does it on another core and Node receives a handful of strings per event.
 */
const PROJECTION = `e.event_id AS "eventId", e.type, e.stream_id AS "streamId", e.stream_version AS "streamVersion",
  e.schema_version AS "schemaVersion", e.global_position::text AS "globalPosition",
  coalesce(CASE WHEN jsonb_typeof(e.data->'applicationId') = 'string' THEN nullif(e.data->>'applicationId', '') END,
           nullif(e.metadata->>'correlationId', ''), e.stream_id) AS message_key,
  coalesce(e.metadata->>'correlationId', e.event_id) AS correlation_id,
  coalesce(e.metadata->>'causationId', '') AS causation_id,
  ${TRACEPARENT_SQL} AS traceparent,
  json_build_object(
    'eventId', e.event_id, 'type', e.type, 'schemaVersion', e.schema_version, 'streamId', e.stream_id,
    'streamVersion', e.stream_version, 'globalPosition', e.global_position::text,
    'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'correlationId', coalesce(nullif(e.metadata->'correlationId', 'null'::jsonb), to_jsonb(e.event_id)),
    'causationId', coalesce(e.metadata->'causationId', 'null'::jsonb),
    'actor', coalesce(e.metadata->'actor', 'null'::jsonb),
    'jurisdiction', coalesce(e.metadata->'jurisdiction', 'null'::jsonb),
    'data', e.data)::text AS envelope`;

/** The OutboxEvent fields are named as such, so a row is handed to `select` as it is. */
interface ProjectedRow extends OutboxEvent {
  message_key: string;
  correlation_id: string;
  causation_id: string;
  traceparent: string;
  envelope: string;
}

function projectedMessage(r: ProjectedRow): OutgoingMessage {
  const headers: Headers = {
    [HEADERS.eventType]: r.type,
    [HEADERS.eventId]: r.eventId,
    [HEADERS.schemaVersion]: String(r.schemaVersion),
    [HEADERS.correlationId]: r.correlation_id,
    [HEADERS.causationId]: r.causation_id,
    [HEADERS.traceparent]: r.traceparent,
  };
  return { key: r.message_key, value: r.envelope, headers };
}

const hasUpcasters = (store: EventStore) => Object.keys(store.options.upcasters ?? {}).length > 0;

/**
 * Reads the next page of the outbox after `after` as messages. Built in SQL; but a store with
 * upcasters is read through readAll, because published data must be at its current schema.
 */
export async function readOutboxPage(
  store: EventStore,
  after: Checkpoint,
  limit: number,
  select?: (event: OutboxEvent) => boolean,
): Promise<OutboxPage> {
  if (hasUpcasters(store)) {
    const page = await store.readAll({ after, limit });
    const events = select ? page.events.filter(select) : page.events;
    return { read: page.events.length, checkpoint: page.checkpoint, messages: events.map(toMessage) };
  }
  const page = await store.readAllProjected<ProjectedRow>(PROJECTION, { after, limit });
  const rows = select ? page.rows.filter(select) : page.rows;
  return { read: page.rows.length, checkpoint: page.checkpoint, messages: rows.map(projectedMessage) };
}
