import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { serviceName } from '../logging/service-name';
import { flushTracing, markTracingActive } from './state';

/**
 * OpenTelemetry tracing, off unless configured by the standard variables: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an exporter named in
 * `OTEL_TRACES_EXPORTER` (otlp, console, zipkin; `none` keeps it off), and never with
 * `OTEL_SDK_DISABLED=true`. The protocol follows `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL`
 * (http/protobuf by default, http/json, grpc); `OTEL_SERVICE_NAME` defaults to the process's
 * service (onedoor-intake …, onedoor for the all-in-one process). Only traces are exported:
 * metrics are Prometheus's (/metrics) unless `OTEL_METRICS_EXPORTER` says otherwise.
 */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (exporters.length > 0) return exporters.some((e) => e !== 'none');
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

const HEALTH_OR_METRICS = /^\/(health|metrics)(\/|\?|$)/;

let sdk: NodeSDK | undefined;

/**
 * Starts the SDK when configured (see tracingConfigured): instrumentation of HTTP (W3C
 * `traceparent` in and out), Express routes and PostgreSQL queries. Must run before those modules
 * load, which is why every service's entry point imports `@onedoor/service-kit/tracing` first.
 * Health checks and scrapes make no spans; queries and outgoing calls only inside a trace.
 */
export function startTracing(service = serviceName()): boolean {
  if (sdk) return true;
  if (!tracingConfigured()) return false;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || service,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => HEALTH_OR_METRICS.test(req.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  const running = sdk;
  markTracingActive(true, () => running.shutdown());
  return true;
}

/** Exports the spans still buffered and stops the SDK (at shutdown); nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  sdk = undefined;
  await flushTracing();
}
