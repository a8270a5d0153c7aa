import type { FactoryProvider } from '@nestjs/common';
import type { Envelope } from '@onedoor/contracts';
import type { EventMetadata } from '@onedoor/event-store';
import { traceContextCausedBy } from './ids';
import { INFRASTRUCTURE, type Infrastructure } from './infrastructure';
import { Metrics } from './metrics';
import { RuntimeRegistry } from './runtime-registry';
import { ServiceRuntime, type ServiceSpec } from './service-runtime';

/** The Nest provider of a service's runtime under `token`, registered for health, metrics and shutdown. */
export function runtimeProvider(token: symbol, spec: ServiceSpec): FactoryProvider<ServiceRuntime> {
  return {
    provide: token,
    inject: [INFRASTRUCTURE, Metrics, RuntimeRegistry],
    useFactory: (infra: Infrastructure, metrics: Metrics, registry: RuntimeRegistry) => {
      const runtime = new ServiceRuntime(infra, spec, metrics);
      registry.add(runtime);
      return runtime;
    },
  };
}

/**
 * Metadata of events a service appends because of a consumed event: same correlation, caused by
 * it, and in its trace (same trace id, a span of this service's handling: traceContextCausedBy).
 */
export const causedBy = (service: string, envelope: Envelope, jurisdiction?: string | null): EventMetadata => ({
  correlationId: envelope.correlationId,
  causationId: envelope.eventId,
  actor: { sub: service, role: 'system' },
  jurisdiction: jurisdiction ?? undefined,
  traceparent: traceContextCausedBy(service, envelope),
});
