import { Injectable } from '@nestjs/common';
import type { ServiceRuntime } from './service-runtime';

/** The services running in this process, for health, metrics and orderly shutdown. */
@Injectable()
export class RuntimeRegistry {
  private readonly runtimes: ServiceRuntime[] = [];
  add(runtime: ServiceRuntime) {
    this.runtimes.push(runtime);
  }
  all(): readonly ServiceRuntime[] {
    return this.runtimes;
  }
}
