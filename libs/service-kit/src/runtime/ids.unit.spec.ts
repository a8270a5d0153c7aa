import { HEADERS, type Envelope } from '@onedoor/contracts';
import { derivedTraceparent, isTraceparent, traceIdOf } from '@onedoor/messaging';
import { noteTraceContext, traceContextCausedBy, traceContextOf, traceContextOfRequest } from './ids';
import { causedBy } from './runtime-provider';

const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const envelope = (eventId: string): Envelope => ({
  eventId, type: 'ApplicationRouted', schemaVersion: 1, streamId: 'application-app-1', streamVersion: 2, globalPosition: '7',
  occurredAt: '2026-11-20T08:00:00.000Z', correlationId: 'app-1', causationId: null, actor: null, jurisdiction: '321323100', data: {},
});

describe('trace context of events', () => {
  it('a request joins the incoming trace with a span of its own, or the trace of its correlation without a valid one', () => {
    const joined = traceContextOfRequest(incoming, 'app-1');
    expect(traceIdOf(joined)).toBe(traceIdOf(incoming));
    expect(joined).not.toBe(incoming);
    for (const none of [undefined, '', 'garbage']) {
      const started = traceContextOfRequest(none, 'app-1');
      expect(isTraceparent(started)).toBe(true);
      expect(traceIdOf(started)).toBe(traceIdOf(derivedTraceparent('app-1', 'any')));
    }
  });

  it('causedBy carries the consumed message’s trace id, in a span of the consuming service, the same on redelivery', () => {
    const cause = envelope('e-1');
    noteTraceContext(cause, { [HEADERS.traceparent]: incoming });
    expect(traceContextOf(cause)).toBe(incoming);
    const metadata = causedBy('funding', cause, '321323');
    expect(metadata).toEqual({
      correlationId: 'app-1', causationId: 'e-1', actor: { sub: 'funding', role: 'system' }, jurisdiction: '321323',
      traceparent: expect.stringMatching(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/),
    });
    expect(metadata.traceparent).not.toBe(incoming);
    expect(causedBy('funding', cause, '321323').traceparent).toBe(metadata.traceparent);
    expect(traceContextCausedBy('medical-aid', cause)).not.toBe(metadata.traceparent);
  });

  it('a message without trace context is in the trace the relay derives for its event', () => {
    const cause = envelope('e-2');
    noteTraceContext(cause, {});
    expect(traceContextOf(cause)).toBe(derivedTraceparent('app-1', 'e-2'));
    expect(traceIdOf(causedBy('intake', cause).traceparent)).toBe(traceIdOf(derivedTraceparent('app-1', 'e-2')));
  });
});
