import { trace } from '@opentelemetry/api';
import { tracingConfigured } from './sdk';
import { contextOfTraceparent } from './spans';

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint or a trace exporter is configured', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingConfigured({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
  });

  it("a message's traceparent is the remote parent of its handling", () => {
    const span = trace.getSpanContext(contextOfTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'));
    expect(span).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
    expect(trace.getSpanContext(contextOfTraceparent('not-a-traceparent'))).toBeUndefined();
    expect(trace.getSpanContext(contextOfTraceparent(undefined))).toBeUndefined();
  });
});
