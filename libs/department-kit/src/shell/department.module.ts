import { Inject, Module, Optional, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EVENTS_BY_SERVICE } from '@onedoor/contracts';
import { CaseDeskRegistry, loadPolicy, runtimeProvider, type ServiceRuntime, type ServiceSpec } from '@onedoor/service-kit';
import { consumeForDepartments } from './department-consumers';
import { DepartmentCases } from './department-cases';
import { DepartmentDesk } from './department-desk';
import type { DepartmentSpec } from './department-spec';
import { DepartmentDeadlineWatch } from './deadline-watch';
import { DepartmentDeskController } from './desk.controller';
import { DepartmentDeskRegistry } from './desk-registry';
import { DepartmentDeskResolver } from './desk.resolver';
import { RuleCaseDesk } from './rule-desk';

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

/** The ServiceSpec of a service on the kit: it publishes the events its SERVICE_REGISTRY entry lists (EVENTS_BY_SERVICE). */
export const departmentServiceSpec = (service: ServiceSpec['service']): ServiceSpec => ({ service, publicTypes: EVENTS_BY_SERVICE[service] });

/** Whether a hosted department is shown through the department desk (the kit's view), not a rule desk of its own view. */
const onDepartmentDesk = (d: DepartmentSpec): boolean => !d.view;

/**
 * The NestJS module of a service hosting departments on the kit, from its declaration: its runtime
 * (store, relay, topic), its case aggregates with the policy parameter sets, a desk per department
 * (GET /cases/{caseId} through the shared case desk; the department desk's list, accept, decide
 * and payment routes — or, for a department with its own view, a RuleCaseDesk), the consumers of
 * intake's ApplicationRouted, temporary aid's ReferralIssued (departments taking referrals) and
 * funding's FundsDisbursed, and the deadline watch. The department desk's routes and GraphQL fields
 * are added only when a hosted department uses them.
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
      @Optional() private readonly desks?: DepartmentDeskRegistry,
    ) {
      this.cases = new DepartmentCases(runtime, spec.departments);
      this.watch = new DepartmentDeadlineWatch(this.cases);
    }

    async onModuleInit() {
      await this.runtime.start();
      this.cases.usePolicy(await loadPolicy(this.runtime.store));
      for (const d of spec.departments) {
        if (!onDepartmentDesk(d)) {
          this.caseDesks.register(new RuleCaseDesk(d.department, this.cases, d.decidedBy));
          continue;
        }
        const desk = new DepartmentDesk(d.department, this.cases);
        this.caseDesks.register(desk);
        this.desks?.register(desk);
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
    imports: spec.departments.some(onDepartmentDesk) ? [DepartmentDeskModule] : [],
    providers: [runtimeProvider(RUNTIME, departmentServiceSpec(spec.service))],
  };
}
