import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { HEADERS, type Envelope } from '@onedoor/contracts';
import { errorText, isTraceparent, type IncomingMessage, type OutgoingMessage, type Transport } from '@onedoor/messaging';
import { runWithLogContext } from '../logging/context';
import { tracingActive } from './state';

/**
 * Spans of the messages a service publishes and handles. Their parent is the W3C `traceparent`
 * every message carries (the product writes it on each event: the submission's trace, carried by
 * every event caused by another), so a consumer's handling is a child of the producing event and
 * one application is one trace across every service. Without the SDK these are no-ops.
 */
const tracer = () => trace.getTracer('onedoor.messaging');

/** A context whose span is the (remote) one a valid `traceparent` names; the root context otherwise. */
export function contextOfTraceparent(traceparent: string | undefined, parent: Context = ROOT_CONTEXT): Context {
  if (!isTraceparent(traceparent)) return parent;
  return trace.setSpanContext(parent, {
    traceId: traceparent.slice(3, 35),
    spanId: traceparent.slice(36, 52),
    traceFlags: parseInt(traceparent.slice(53, 55), 16),
    isRemote: true,
  });
}

function failed(span: Span, e: unknown) {
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(e, 200) });
}

/**
 * Handles one consumed message within a CONSUMER span `process <topic>` (child of the message's
 * traceparent) and with the log context of its flow (correlation id, trace), so the handler's
 * queries, logs and the events it appends belong to the producing event's trace.
 */
export async function withMessageSpan<T>(consumer: string, envelope: Envelope, message: IncomingMessage, work: () => Promise<T>): Promise<T> {
  const traceparent = message.headers[HEADERS.traceparent];
  const parent = contextOfTraceparent(traceparent);
  const span = tracer().startSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER, attributes: consumedAttributes(consumer, envelope, message) }, parent);
  return runWithLogContext({ correlationId: envelope.correlationId, traceparent }, () =>
    context.with(trace.setSpan(parent, span), async () => {
      try {
        return await work();
      } catch (e) {
        failed(span, e);
        throw e;
      } finally {
        span.end();
      }
    }),
  );
}

/**
 * Several consumed messages handled together (one transaction): a CONSUMER span per message, each
 * the child of its own message's traceparent, lasting as long as the batch. A batch of one runs in
 * its message's context, as withMessageSpan.
 */
export async function withBatchSpans<T>(consumer: string, items: { envelope: Envelope; message: IncomingMessage }[], work: () => Promise<T>): Promise<T> {
  if (items.length === 1) return withMessageSpan(consumer, items[0].envelope, items[0].message, work);
  const spans = items.map(({ envelope, message }) =>
    tracer().startSpan(
      `process ${message.topic}`,
      { kind: SpanKind.CONSUMER, attributes: { ...consumedAttributes(consumer, envelope, message), 'messaging.batch.message_count': items.length } },
      contextOfTraceparent(message.headers[HEADERS.traceparent]),
    ),
  );
  try {
    return await work();
  } catch (e) {
    for (const span of spans) failed(span, e);
    throw e;
  } finally {
    for (const span of spans) span.end();
  }
}

function consumedAttributes(consumer: string, envelope: Envelope, message: IncomingMessage): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.kafka.offset': Number(message.offset),
    'messaging.consumer.group.name': consumer,
    'messaging.message.id': envelope.eventId,
    'onedoor.event.type': envelope.type,
    'onedoor.correlation_id': envelope.correlationId,
  };
}

/**
 * `transport` whose publish makes a PRODUCER span `send <topic>` per message, child of the
 * message's own traceparent (its event's trace), ended when the broker acknowledged. The headers
 * are sent as they are: the traceparent stays the event's. Without tracing, `transport` itself.
 */
export function tracedTransport(transport: Transport): Transport {
  if (!tracingActive()) return transport;
  return {
    get kind() {
      return transport.kind;
    },
    ensureTopics: (topics) => transport.ensureTopics(topics),
    subscribe: (options) => transport.subscribe(options),
    close: () => transport.close(),
    async publish(topic: string, messages: OutgoingMessage[]) {
      const spans = messages.map((m) =>
        tracer().startSpan(
          `send ${topic}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.operation.type': 'send',
              'messaging.destination.name': topic,
              'messaging.message.id': m.headers?.[HEADERS.eventId] ?? '',
              'onedoor.event.type': m.headers?.[HEADERS.eventType] ?? '',
              'onedoor.correlation_id': m.headers?.[HEADERS.correlationId] ?? '',
            },
          },
          contextOfTraceparent(m.headers?.[HEADERS.traceparent]),
        ),
      );
      try {
        await transport.publish(topic, messages);
      } catch (e) {
        for (const span of spans) failed(span, e);
        throw e;
      } finally {
        for (const span of spans) span.end();
      }
    },
  };
}
