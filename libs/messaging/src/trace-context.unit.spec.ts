import { childTraceparent, derivedTraceparent, isTraceparent, rootTraceparent, traceIdOf, traceparentOr } from './trace-context';

const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('accepts only W3C traceparents', () => {
    expect(isTraceparent(parent)).toBe(true);
    for (const bad of [undefined, '', 't', '00-aa-bb-01', parent.toUpperCase(), `${parent}-x`, `ff${parent.slice(2)}`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`]) {
      expect({ bad, valid: isTraceparent(bad) }).toEqual({ bad, valid: false });
    }
  });

  it('a child keeps the trace id and flags and gets a span of its own, the same for the same span name', () => {
    const child = childTraceparent(parent, 'funding|event-1');
    expect(isTraceparent(child)).toBe(true);
    expect(traceIdOf(child)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child.slice(36, 52)).not.toBe('00f067aa0ba902b7');
    expect(child.endsWith('-01')).toBe(true);
    expect(childTraceparent(parent, 'funding|event-1')).toBe(child);
    expect(childTraceparent(parent, 'funding|event-2')).not.toBe(child);
    expect(traceIdOf(childTraceparent(parent))).toBe(traceIdOf(parent));
  });

  it('starts a new trace without a valid parent', () => {
    const a = childTraceparent(undefined, 'x');
    const b = rootTraceparent();
    expect(isTraceparent(a) && isTraceparent(b)).toBe(true);
    expect(traceIdOf(a)).not.toBe(traceIdOf(b));
  });

  it('derives one trace per correlation and one span per event, deterministically', () => {
    const one = derivedTraceparent('app-1', 'e-1');
    expect(isTraceparent(one)).toBe(true);
    expect(derivedTraceparent('app-1', 'e-1')).toBe(one);
    expect(traceIdOf(derivedTraceparent('app-1', 'e-2'))).toBe(traceIdOf(one));
    expect(traceIdOf(derivedTraceparent('app-2', 'e-1'))).not.toBe(traceIdOf(one));
    expect(traceparentOr(parent, 'app-1', 'e-1')).toBe(parent);
    expect(traceparentOr('bogus', 'app-1', 'e-1')).toBe(one);
  });
});
