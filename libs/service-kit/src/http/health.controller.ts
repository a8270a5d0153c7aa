import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ASYNCAPI_DOCUMENT } from '@onedoor/contracts';
import { Public } from '../auth/auth.guard';
import { withTimeout } from '../runtime/consumer-lag';
import { INFRASTRUCTURE, type Infrastructure } from '../runtime/infrastructure';
import { Metrics } from '../runtime/metrics';
import { readiness, type Check, type Readiness } from '../runtime/readiness';
import { RuntimeRegistry } from '../runtime/runtime-registry';
import { HealthDto, LivenessDto, ReadinessDto } from './api-models';

const readyTimeout = () => Number(process.env.ONEDOOR_READY_TIMEOUT_MS ?? 2000) || 2000;

const reasonOf = (e: unknown) => {
  const text = e instanceof Error ? `${(e as { code?: string }).code ? `${(e as { code?: string }).code} ` : ''}${e.message}` : String(e);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

@ApiTags('ops')
@Controller()
export class HealthController {
  constructor(
    private readonly runtimes: RuntimeRegistry,
    private readonly metrics: Metrics,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
  ) {}

  /** Liveness: 200 whenever the process answers at all (its event loop runs). */
  @Get('health/live')
  @Public()
  @ApiOperation({ summary: 'Liveness', operationId: 'getLiveness', description: '200 whenever the process answers at all.' })
  @ApiOkResponse({ type: LivenessDto, description: 'alive' })
  live() {
    return { status: 'live', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * Readiness: 200 `{ status: 'ready', components }` when the database answers within
   * ONEDOOR_READY_TIMEOUT_MS (default 2000), the broker is reachable, every relay is running or
   * standing by (retrying for no longer than a few seconds) and every consumer runs; otherwise 503
   * `{ status: 'not ready', components }` where each component has ok, state, since and reason.
   */
  @Get('health/ready')
  @Public()
  @ApiOperation({ summary: 'Readiness', operationId: 'getReadiness', description: 'Database, broker, relays and consumers: 200 when all are ready, 503 otherwise.' })
  @ApiOkResponse({ type: ReadinessDto, description: 'ready' })
  @ApiResponse({ status: 503, type: ReadinessDto, description: 'not ready: the components say which and why' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { readiness } = await this.check();
    res.status(readiness.ready ? 200 : 503);
    return { status: readiness.ready ? 'ready' : 'not ready', components: readiness.components };
  }

  /**
   * The detail: database, broker, each service's relay (state, lag) and consumers (metrics and
   * state), and the readiness components; 200 `up` when ready, 503 `degraded` otherwise.
   */
  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Health in detail', operationId: 'getHealth', description: 'Database, broker, each service\u2019s relay (state, lag) and consumers; 200 `up` when ready, 503 `degraded` otherwise.' })
  @ApiOkResponse({ type: HealthDto, description: 'up' })
  @ApiResponse({ status: 503, type: HealthDto, description: 'degraded' })
  async health(@Res({ passthrough: true }) res: Response) {
    const { readiness, database, broker } = await this.check();
    const timeout = readyTimeout();
    const services = await Promise.all(
      this.runtimes.all().map(async (r) => ({
        ...r.health(),
        relayLag: await withTimeout(r.relayLag(), timeout, 'lag').catch(() => -1),
      })),
    );
    res.status(readiness.ready ? 200 : 503);
    return {
      status: readiness.ready ? 'up' : 'degraded',
      mode: this.infra.mode,
      database: database.ok ? 'up' : 'down',
      transport: this.infra.transport.kind,
      ...(broker ? { broker: broker.ok ? 'up' : 'down' } : {}),
      services,
      components: readiness.components,
    };
  }

  private async check(): Promise<{ readiness: Readiness; database: Check; broker?: Check }> {
    const timeout = readyTimeout();
    const probe = (work: () => Promise<unknown>, what: string): Promise<Check> =>
      withTimeout(Promise.resolve().then(work), timeout, `${what} did not answer`).then(
        () => ({ ok: true }) as const,
        (e: unknown) => ({ ok: false, reason: reasonOf(e) }) as const,
      );
    const checkBroker = this.infra.checkBroker;
    const [database, broker] = await Promise.all([
      probe(() => this.infra.driver.query('SELECT 1'), 'database'),
      checkBroker ? probe(() => checkBroker(timeout), 'broker') : Promise.resolve(undefined),
    ]);
    const services = this.runtimes.all().map((r) => ({
      service: r.spec.service,
      relay: r.relayStatus(),
      consumers: r.consumerStatuses(),
    }));
    return { readiness: readiness({ database, broker, services }), database, broker };
  }

  /** The event contract for department systems. */
  @Get('asyncapi')
  @Public()
  @ApiOperation({ summary: 'The AsyncAPI document of the Kafka topics', operationId: 'getAsyncApi', description: 'AsyncAPI 3: every topic, its events and headers, dead-letter topics, brokers and their security.' })
  @ApiOkResponse({ description: 'the AsyncAPI 3 document', schema: { type: 'object', additionalProperties: true } })
  asyncapi() {
    return ASYNCAPI_DOCUMENT;
  }

  /**
   * Prometheus exposition (text format 0.0.4) of this process: every series with # HELP and
   * # TYPE, the services it hosts told apart by the `service` label.
   */
  @Get('metrics')
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics', operationId: 'getMetrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  async metricsText(@Res() res: Response) {
    const text = await this.metrics.render();
    // Written as it is: Express would reorder the content type's parameters.
    res.status(200).setHeader('content-type', this.metrics.contentType);
    res.end(text);
  }
}
