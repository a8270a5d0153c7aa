import { paidTo, routedTo, topicOf, type ApplicationRouted, type Envelope, type FundsDisbursed, type Service } from '@onedoor/contracts';
import type { ServiceRuntime } from '@onedoor/service-kit';
import type { DepartmentCases } from './department-cases';

/**
 * The consumers of a service hosting departments on the kit: `<service>.from-intake` (routings to
 * any of its departments: a case per department) and `<service>.from-funding` (payments of their
 * grants), each acting in the inbox transaction. The names are consumer groups: they must not change.
 */
export async function consumeForDepartments(runtime: ServiceRuntime, cases: DepartmentCases): Promise<void> {
  const service: Service = runtime.spec.service;
  const routed = cases.departments.map(routedTo);
  const paid = cases.departments.map(paidTo);
  await runtime.consume({
    name: `${service}.from-intake`,
    topics: [topicOf('intake')],
    accepts: (e: Envelope) => routed.some((accepts) => accepts(e)),
    handle: (envelope, store) => cases.openFromRouting(envelope.data as ApplicationRouted, envelope, store),
  });
  await runtime.consume({
    name: `${service}.from-funding`,
    topics: [topicOf('funding')],
    accepts: (e: Envelope) => paid.some((accepts) => accepts(e)),
    handle: async (envelope, store) => void (await cases.markPaid(envelope.data as FundsDisbursed, envelope, store)),
  });
}
