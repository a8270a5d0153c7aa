import type { RecordedEvent } from '@onedoor/event-store';
import { backoffDelay } from './backoff';
import { deadLetter, DLQ_HEADERS } from './dead-letter';
import { MalformedMessageError, messageKey, parseEnvelope, toEnvelope, toMessage } from './envelope';
import { partitionForKey } from './key-hash';
import { derivedTraceparent } from './trace-context';

const event = (data: unknown, metadata: RecordedEvent['metadata'] = {}): RecordedEvent => ({
  eventId: 'e-1', type: 'AidGranted', schemaVersion: 2, streamId: 'case-1', streamVersion: 3, globalPosition: '42',
  transactionId: '7', occurredAt: new Date('2026-11-20T08:00:00.000Z'), data, metadata, prevHash: '', hash: '',
});

describe('envelope mapping', () => {
  it('keys by applicationId, then correlationId, then streamId', () => {
    expect(messageKey(event({ applicationId: 'app-1' }, { correlationId: 'c' }))).toBe('app-1');
    expect(messageKey(event({ other: 1 }, { correlationId: 'c' }))).toBe('c');
    expect(messageKey(event(null))).toBe('case-1');
  });

  it('builds the contract envelope and every contract header; a root event has an empty causation-id and a derived traceparent', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const full = toMessage(event({ applicationId: 'app-1' }, { correlationId: 'c', causationId: 'k', traceparent, actor: { sub: 's', role: 'officer' }, jurisdiction: '321323' }));
    expect(JSON.parse(String(full.value))).toEqual({
      eventId: 'e-1', type: 'AidGranted', schemaVersion: 2, streamId: 'case-1', streamVersion: 3, globalPosition: '42',
      occurredAt: '2026-11-20T08:00:00.000Z', correlationId: 'c', causationId: 'k', actor: { sub: 's', role: 'officer' },
      jurisdiction: '321323', data: { applicationId: 'app-1' },
    });
    expect(full.headers).toEqual({ 'event-type': 'AidGranted', 'event-id': 'e-1', 'schema-version': '2', 'correlation-id': 'c', 'causation-id': 'k', traceparent });
    const bare = toMessage(event({}));
    expect(bare.headers).toEqual({
      'event-type': 'AidGranted', 'event-id': 'e-1', 'schema-version': '2', 'correlation-id': 'e-1', 'causation-id': '',
      traceparent: derivedTraceparent('e-1', 'e-1'),
    });
    expect(toMessage(event({}, { traceparent: 'not-a-traceparent' })).headers!.traceparent).toBe(derivedTraceparent('e-1', 'e-1'));
    expect(toEnvelope(event({})).causationId).toBeNull();
  });

  it('parses envelopes and rejects what is not one', () => {
    expect(parseEnvelope(Buffer.from(String(toMessage(event({ a: 1 })).value))).data).toEqual({ a: 1 });
    for (const bad of [null, 'not json', '[1]', '{"type":"X"}', '{"eventId":"e"}', 'null']) {
      expect(() => parseEnvelope(bad)).toThrow(MalformedMessageError);
    }
  });
});

describe('dead letters, back-off, key hash', () => {
  it('keeps key, value and headers and adds the dlq-* headers', () => {
    const dl = deadLetter(
      { topic: 't', partition: 2, offset: '17', key: 'k', value: Buffer.from('v'), headers: { 'event-id': 'e' } },
      new Error('boom'), 'consumer-x', 5,
    );
    expect(dl.key).toBe('k');
    expect(dl.value.toString()).toBe('v');
    expect(dl.headers).toEqual({
      'event-id': 'e', [DLQ_HEADERS.error]: 'Error: boom', [DLQ_HEADERS.consumer]: 'consumer-x', [DLQ_HEADERS.attempts]: '5',
      [DLQ_HEADERS.originalTopic]: 't', [DLQ_HEADERS.originalPartition]: '2', [DLQ_HEADERS.originalOffset]: '17',
    });
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay(20, { baseDelayMs: 10, maxDelayMs: 1000 })).toBe(1000);
  });

  it('hashes a key to a stable partition', () => {
    const p = partitionForKey('app-123', 4);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(4);
    expect(partitionForKey('app-123', 4)).toBe(p);
    expect(new Set(Array.from({ length: 100 }, (_, i) => partitionForKey(`app-${i}`, 4))).size).toBe(4);
  });
});
