import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ASYNCAPI_DOCUMENT } from '@onedoor/contracts';
import { Public } from '../auth/auth.guard';
import { INFRASTRUCTURE, type Infrastructure } from '../runtime/infrastructure';
import { Metrics } from '../runtime/metrics';
import { RuntimeRegistry } from '../runtime/runtime-registry';

@ApiTags('ops')
@Controller()
export class HealthController {
  constructor(
    private readonly runtimes: RuntimeRegistry,
    private readonly metrics: Metrics,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
  ) {}

  /** Ready when the store answers and every service's relay is running; reports relay lag. */
  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    let database = 'up';
    await this.infra.driver.query('SELECT 1').catch(() => (database = 'down'));
    const services = await Promise.all(
      this.runtimes.all().map(async (r) => ({ ...r.health(), relayLag: await r.relayLag().catch(() => -1) })),
    );
    const ok = database === 'up' && services.every((s) => s.relay === 'running');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'degraded', mode: this.infra.mode, database, transport: this.infra.transport.kind, services };
  }

  /** The event contract for department systems. */
  @Get('asyncapi')
  @Public()
  asyncapi() {
    return ASYNCAPI_DOCUMENT;
  }

  @Get('metrics')
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4')
  metricsText() {
    return this.metrics.render();
  }
}
