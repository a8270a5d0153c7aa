import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CaseDeskRegistry, loadPolicy, runtimeProvider, type ServiceRuntime, type ServiceSpec } from '@onedoor/service-kit';
import { PUBLIC_CASE_EVENT_TYPES } from '../domain/events';
import { consumeForDepartments } from './department-consumers';
import { DepartmentCases } from './department-cases';
import { DepartmentDesk } from './department-desk';
import type { DepartmentSpec } from './department-spec';
import { DepartmentDeadlineWatch } from './deadline-watch';
import { DepartmentDeskController } from './desk.controller';
import { DepartmentDeskRegistry } from './desk-registry';
import { DepartmentDeskResolver } from './desk.resolver';

/**
 * The desk's routes and GraphQL fields, once per process however many services host departments
 * on the kit (Nest imports a module once).
 */
@Module({ controllers: [DepartmentDeskController], providers: [DepartmentDeskRegistry, DepartmentDeskResolver], exports: [DepartmentDeskRegistry] })
export class DepartmentDeskModule {}

/** A service hosting departments on the kit, declared. */
export interface DepartmentServiceSpec {
  /** The service (its store schema, its topic `onedoor.<service>.v1`). */
  service: ServiceSpec['service'];
  departments: readonly DepartmentSpec[];
}

/** The ServiceSpec of a service on the kit: it publishes the case lifecycle's public events. */
export const departmentServiceSpec = (service: ServiceSpec['service']): ServiceSpec => ({ service, publicTypes: [...PUBLIC_CASE_EVENT_TYPES] });

/**
 * The NestJS module of a service hosting departments on the kit, from its declaration: its runtime
 * (store, relay, topic), its case aggregates with the policy parameter sets, a desk per department
 * (GET /cases/{caseId} through the shared case desk; the department desk's list, accept, decide
 * and payment routes), the consumers of intake's ApplicationRouted and funding's FundsDisbursed,
 * and the deadline watch.
 */
export function departmentModule(spec: DepartmentServiceSpec): DynamicModule {
  const RUNTIME = Symbol(`${spec.service}-runtime`);

  @Module({})
  class DepartmentServiceModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
    readonly cases: DepartmentCases;
    private readonly watch: DepartmentDeadlineWatch;

    constructor(
      @Inject(RUNTIME) readonly runtime: ServiceRuntime,
      private readonly caseDesks: CaseDeskRegistry,
      private readonly desks: DepartmentDeskRegistry,
    ) {
      this.cases = new DepartmentCases(runtime, spec.departments);
      this.watch = new DepartmentDeadlineWatch(this.cases);
    }

    async onModuleInit() {
      await this.runtime.start();
      this.cases.usePolicy(await loadPolicy(this.runtime.store));
      for (const d of spec.departments) {
        const desk = new DepartmentDesk(d.department, this.cases);
        this.caseDesks.register(desk);
        this.desks.register(desk);
      }
    }

    async onApplicationBootstrap() {
      await consumeForDepartments(this.runtime, this.cases);
      this.watch.start();
    }

    onApplicationShutdown() {
      return this.watch.stop();
    }
  }
  Object.defineProperty(DepartmentServiceModule, 'name', { value: `${spec.service.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase())}Module` });

  return {
    module: DepartmentServiceModule,
    imports: [DepartmentDeskModule],
    providers: [runtimeProvider(RUNTIME, departmentServiceSpec(spec.service))],
  };
}
