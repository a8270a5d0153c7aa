/**
 * JSON Schema of every public event, generated from the TypeScript payload types, and the
 * AsyncAPI 3 document of the topics built from them. `npm run contracts` writes both into
 * libs/contracts/schemas; a unit test fails when the checked-in files are stale. Build tooling,
 * outside src: it reads the TypeScript sources.
 */
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { EVENTS_BY_SERVICE, SCHEMA_VERSIONS } from '../src/catalogue';
import type { Service } from '../src/common';
import { topicOf } from '../src/topics';

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
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://onedoor.example/schemas/events.json',
    title: 'OneDoor public events (payloads of the Kafka envelope)',
    definitions: schema.definitions,
  };
}

const envelopeSchema = (type: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'occurredAt', 'correlationId', 'causationId', 'actor', 'jurisdiction', 'data'],
  properties: {
    eventId: { type: 'string' },
    type: { const: type },
    schemaVersion: { type: 'integer', minimum: 1 },
    streamId: { type: 'string' },
    streamVersion: { type: 'integer', minimum: 1 },
    globalPosition: { type: 'string', pattern: '^[0-9]+$' },
    occurredAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string' },
    causationId: { type: ['string', 'null'] },
    actor: { oneOf: [{ type: 'null' }, { type: 'object', properties: { sub: { type: 'string' }, role: { type: 'string' } }, required: ['sub', 'role'] }] },
    jurisdiction: { type: ['string', 'null'] },
    data: { $ref: `#/components/schemas/${type}` },
  },
});

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
  for (const [service, types] of Object.entries(EVENTS_BY_SERVICE) as [Service, readonly string[]][]) {
    const channel = service.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    channels[channel] = {
      address: topicOf(service),
      description: `Public events of the ${service} service. Key: applicationId (budget events: budgetId). Dead letters of its consumers: ${topicOf(service)}.dlq.`,
      messages: Object.fromEntries(types.map((t) => [t, { $ref: `#/components/messages/${t}` }])),
    };
    operations[`receive${channel[0].toUpperCase()}${channel.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channel}` },
      summary: `Department systems subscribe to ${topicOf(service)}.`,
    };
    for (const t of types) {
      messages[t] = {
        name: t,
        title: t,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/Headers' },
        payload: envelopeSchema(t),
        correlationId: { location: '$message.header#/correlation-id' },
        bindings: { kafka: { key: { type: 'string', description: 'applicationId' } } },
        'x-schema-version': SCHEMA_VERSIONS[t as keyof typeof SCHEMA_VERSIONS],
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'OneDoor events',
      version: '1.0.0',
      description:
        'Domain events of OneDoor for department systems. Values are JSON envelopes; `data` holds the payload. ' +
        'Personal data appears only as pseudonymous references (personRef, householdRef). Money is integer fen.',
    },
    defaultContentType: 'application/json',
    servers: KAFKA_SERVERS,
    channels,
    operations,
    components: {
      securitySchemes: KAFKA_SECURITY_SCHEMES,
      messages,
      schemas: {
        ...definitions,
        Headers: {
          type: 'object',
          required: ['event-type', 'event-id', 'schema-version', 'correlation-id', 'causation-id', 'traceparent'],
          properties: {
            'event-type': { type: 'string' },
            'event-id': { type: 'string' },
            'schema-version': { type: 'string' },
            'correlation-id': { type: 'string', description: "The flow's id; the event's own id for an event that starts a flow." },
            'causation-id': { type: 'string', description: "The causing event's id; empty for a root event (envelope causationId null)." },
            traceparent: {
              type: 'string',
              pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
              description: "W3C Trace Context: an event caused by another carries its cause's trace id with a span of its own.",
            },
          },
        },
      },
    },
  };
}
