/**
 * JSON Schema of every public event, generated from the TypeScript payload types, and the
 * AsyncAPI 3 document of the topics built from them. `npm run contracts` writes both into
 * libs/contracts/schemas; a unit test fails when the checked-in files are stale. Build tooling,
 * outside src: it reads the TypeScript sources.
 */
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { SCHEMA_VERSIONS } from '../src/catalogue';
import { EVENTS_BY_SERVICE, SERVICE_REGISTRY, SERVICES, type ServiceEntry } from '../src/services';
import type { Service } from '../src/common';
import { dlqOf, topicOf } from '../src/topics';

const root = join(__dirname, '..', '..', '..');

export function generateEventSchemas(): Record<string, any> {
  const schema = createGenerator({
    path: join(root, 'libs', 'contracts', 'src', 'events.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'PublicEvents',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  }).createSchema('PublicEvents');
  // The generator cannot enumerate a type computed from the registry's values: give the declared
  // departments as listed there, and none at all (`not: {}`) while no department is declared.
  const declared = SERVICES.flatMap((s) => Object.keys((SERVICE_REGISTRY[s] as ServiceEntry).caseFileFields ?? {}));
  const { description } = schema.definitions!.DeclaredDepartment as { description?: string };
  schema.definitions!.DeclaredDepartment = declared.length ? { type: 'string', enum: declared, description } : { not: {}, description };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://onedoor.example/schemas/events.json',
    title: 'OneDoor public events (payloads of the Kafka envelope)',
    definitions: schema.definitions,
  };
}

const ENVELOPE_REQUIRED = ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'occurredAt', 'correlationId', 'causationId', 'actor', 'jurisdiction', 'data'];

const envelopeProperties = (type: object, data: object) => ({
  eventId: { type: 'string', description: 'unique per event; a redelivery carries the same id' },
  type,
  schemaVersion: { type: 'integer', minimum: 1 },
  streamId: { type: 'string' },
  streamVersion: { type: 'integer', minimum: 1 },
  globalPosition: { type: 'string', pattern: '^[0-9]+$', description: 'position in the producing service\'s store (a decimal string)' },
  occurredAt: { type: 'string', format: 'date-time' },
  correlationId: { type: 'string', description: "the flow's id: the application's for everything about an application" },
  causationId: { type: ['string', 'null'], description: "the causing event's id; null for a root event" },
  actor: { $ref: '#/components/schemas/Actor' },
  jurisdiction: { type: ['string', 'null'], description: 'division code the event concerns' },
  data,
});

/** The envelope of one event type: `<Type>Envelope`, whose `data` is the `<Type>` payload. */
const envelopeSchema = (type: string) => ({
  title: `${type}Envelope`,
  type: 'object',
  additionalProperties: false,
  required: ENVELOPE_REQUIRED,
  properties: envelopeProperties({ const: type }, { $ref: `#/components/schemas/${type}` }),
});

/** Any envelope, whatever its type: what a dead letter carries when its value was an envelope at all. */
const ENVELOPE = {
  title: 'Envelope',
  type: 'object',
  description: 'The message value of every OneDoor topic (JSON). Each event type has its own `<Type>Envelope` with its payload in `data`.',
  required: ENVELOPE_REQUIRED,
  properties: envelopeProperties({ type: 'string', description: 'the event type' }, { type: 'object', description: 'the payload of `type`' }),
};

const ACTOR = {
  title: 'Actor',
  description: 'Who caused the event (null for events the system records by itself).',
  oneOf: [{ type: 'null' }, { type: 'object', properties: { sub: { type: 'string' }, role: { type: 'string' } }, required: ['sub', 'role'] }],
};

const CONTRACT_HEADERS = {
  'event-type': { type: 'string', description: 'the envelope\'s `type`' },
  'event-id': { type: 'string', description: 'the envelope\'s `eventId`' },
  'schema-version': { type: 'string', description: 'the envelope\'s `schemaVersion`, as decimal text' },
  'correlation-id': { type: 'string', description: "The flow's id; the event's own id for an event that starts a flow." },
  'causation-id': { type: 'string', description: "The causing event's id; empty for a root event (envelope causationId null)." },
  traceparent: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description: "W3C Trace Context: an event caused by another carries its cause's trace id with a span of its own.",
  },
};

/**
 * Headers a consumer adds when it gives a message up and sends it to `<topic>.dlq` (next to the
 * original headers): the names of DLQ_HEADERS in libs/messaging, which a unit test there holds equal.
 */
export const DEAD_LETTER_HEADERS: Record<string, { type: 'string'; description: string; pattern?: string }> = {
  'dlq-error': { type: 'string', description: 'why it was given up: the last error' },
  'dlq-consumer': { type: 'string', description: 'the consumer (group) that gave it up' },
  'dlq-attempts': { type: 'string', pattern: '^[0-9]+$', description: 'how many times it was tried (decimal text)' },
  'dlq-original-topic': { type: 'string', description: 'the topic it was read from, where it can be replayed unchanged' },
  'dlq-original-partition': { type: 'string', pattern: '^[0-9]+$', description: 'its partition there (decimal text)' },
  'dlq-original-offset': { type: 'string', pattern: '^[0-9]+$', description: 'its offset there (decimal text)' },
};

const camel = (service: string) => service.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const pascal = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

/**
 * How clients authenticate to the brokers (what KAFKA_SSL… / KAFKA_SASL… configure on OneDoor's
 * side): SASL/SCRAM over TLS, or a client certificate (mutual TLS); SASL/PLAIN only over TLS.
 */
const KAFKA_SECURITY_SCHEMES = {
  scramSha512: { type: 'scramSha512', description: 'SASL/SCRAM-SHA-512 over TLS (security.protocol=SASL_SSL).' },
  scramSha256: { type: 'scramSha256', description: 'SASL/SCRAM-SHA-256 over TLS (security.protocol=SASL_SSL).' },
  plain: { type: 'plain', description: 'SASL/PLAIN, over TLS only (security.protocol=SASL_SSL).' },
  mutualTls: { type: 'X509', description: 'A client certificate signed by the CA the brokers trust (security.protocol=SSL, mutual TLS).' },
};

const KAFKA_SERVERS = {
  production: {
    host: 'kafka.onedoor.example:9093',
    protocol: 'kafka-secure',
    description: 'Brokers of a deployment: TLS always, clients authenticated by SASL/SCRAM or a client certificate.',
    security: [
      { $ref: '#/components/securitySchemes/scramSha512' },
      { $ref: '#/components/securitySchemes/scramSha256' },
      { $ref: '#/components/securitySchemes/mutualTls' },
      { $ref: '#/components/securitySchemes/plain' },
    ],
  },
  local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'the local broker of deploy/kafka (PLAINTEXT, development only)' },
};

export function generateAsyncApi(events: Record<string, any>): Record<string, any> {
  const definitions: Record<string, any> = JSON.parse(JSON.stringify(events.definitions).replace(/#\/definitions\//g, '#/components/schemas/'));
  const channels: Record<string, any> = {};
  const operations: Record<string, any> = {};
  const messages: Record<string, any> = {};
  const envelopes: Record<string, any> = {};
  for (const [service, types] of Object.entries(EVENTS_BY_SERVICE) as [Service, readonly string[]][]) {
    const channel = camel(service);
    const topic = topicOf(service);
    channels[channel] = {
      address: topic,
      title: topic,
      description: `Public events of the ${service} service. Key: applicationId (budget events: budgetId). Dead letters of the consumers reading it: ${dlqOf(topic)}.`,
      messages: Object.fromEntries(types.map((t) => [t, { $ref: `#/components/messages/${t}` }])),
      bindings: { kafka: { topic } },
    };
    channels[`${channel}DeadLetters`] = {
      address: dlqOf(topic),
      title: dlqOf(topic),
      description:
        `Dead letters of ${topic}: a message a consumer gave up on after repeated failures (or could not read at all), with the same key and value bytes ` +
        'and original headers, plus the `dlq-*` headers saying why, where from and by whom. Replaying it onto the original topic is safe: consumers ignore an event they already handled.',
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
      bindings: { kafka: { topic: dlqOf(topic) } },
    };
    operations[`send${pascal(channel)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel}` },
      title: `Publish ${topic}`,
      summary: `The ${service} service publishes its public events on ${topic}, in order per key; department systems subscribe.`,
      messages: types.map((t) => ({ $ref: `#/channels/${channel}/messages/${t}` })),
    };
    operations[`send${pascal(channel)}DeadLetters`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel}DeadLetters` },
      title: `Dead-letter ${topic}`,
      summary: `OneDoor's consumers of ${topic} send the messages they give up on to ${dlqOf(topic)}.`,
      messages: [{ $ref: `#/channels/${channel}DeadLetters/messages/DeadLetter` }],
    };
    for (const t of types) {
      envelopes[`${t}Envelope`] = envelopeSchema(t);
      messages[t] = {
        name: t,
        title: t,
        summary: `${t}, schema version ${SCHEMA_VERSIONS[t as keyof typeof SCHEMA_VERSIONS]}`,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/Headers' },
        payload: { $ref: `#/components/schemas/${t}Envelope` },
        correlationId: { $ref: '#/components/correlationIds/correlationId' },
        bindings: { kafka: { key: { type: 'string', description: 'applicationId' } } },
        'x-schema-version': SCHEMA_VERSIONS[t as keyof typeof SCHEMA_VERSIONS],
      };
    }
  }
  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A message given up on: the original key, value and headers, with why, where from and by whom.',
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
    payload: { $ref: '#/components/schemas/Envelope' },
    correlationId: { $ref: '#/components/correlationIds/correlationId' },
    bindings: { kafka: { key: { type: 'string', description: 'the original key (applicationId)' } } },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'OneDoor events',
      version: '1.0.0',
      description:
        'Domain events of OneDoor for department systems. Values are JSON envelopes; `data` holds the payload. ' +
        'Personal data appears only as pseudonymous references (personRef, householdRef). Money is integer fen. ' +
        'The operations are OneDoor\'s: it sends on every channel (its events, and dead letters of its consumers); department systems receive.',
    },
    defaultContentType: 'application/json',
    servers: KAFKA_SERVERS,
    channels,
    operations,
    components: {
      securitySchemes: KAFKA_SECURITY_SCHEMES,
      messages,
      correlationIds: {
        correlationId: { description: "The flow's id (the application's for everything about one application).", location: '$message.header#/correlation-id' },
      },
      schemas: {
        ...definitions,
        Actor: ACTOR,
        Envelope: ENVELOPE,
        ...envelopes,
        Headers: {
          title: 'Headers',
          type: 'object',
          description: 'The headers of every event message.',
          required: Object.keys(CONTRACT_HEADERS),
          properties: CONTRACT_HEADERS,
        },
        DeadLetterHeaders: {
          title: 'DeadLetterHeaders',
          type: 'object',
          description: "A dead letter's headers: the original message's (when it had them) and the `dlq-*` headers.",
          required: Object.keys(DEAD_LETTER_HEADERS),
          properties: { ...CONTRACT_HEADERS, ...DEAD_LETTER_HEADERS },
        },
      },
    },
  };
}
