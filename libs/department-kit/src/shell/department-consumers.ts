import { paidTo, referredTo, routedTo, topicOf, type ApplicationRouted, type Department, type Envelope, type FundsDisbursed, type ReferralIssued, type Service } from '@onedoor/contracts';
import type { ServiceRuntime } from '@onedoor/service-kit';
import type { DepartmentCases } from './department-cases';

/**
 * The consumers of a service hosting departments on the kit, each acting in the inbox transaction
 * (a ConcurrencyError retries the whole message): `<service>.from-intake` (routings to any of its
 * departments: a case per department), `<service>.from-temporary-aid` when a department takes
 * referrals (ReferralIssued addressed to it, contracts' referredTo: its case, opened by whichever of
 * routing and referral comes first) and `<service>.from-funding` (payments of their grants). The
 * names are consumer groups with committed offsets: they must not change.
 */
export async function consumeForDepartments(runtime: ServiceRuntime, cases: DepartmentCases): Promise<void> {
  const service: Service = runtime.spec.service;
  const routed = cases.departments.map(routedTo);
  const referred = cases.referredDepartments.map((d) => referredTo(d as Department));
  const paid = cases.departments.map(paidTo);
  await runtime.consume({
    name: `${service}.from-intake`,
    topics: [topicOf('intake')],
    accepts: (e: Envelope) => routed.some((accepts) => accepts(e)),
    handle: (envelope, store) => cases.openFromRouting(envelope.data as ApplicationRouted, envelope, store),
  });
  if (referred.length) {
    await runtime.consume({
      name: `${service}.from-temporary-aid`,
      topics: [topicOf('temporary-aid')],
      accepts: (e: Envelope) => referred.some((accepts) => accepts(e)),
      handle: (envelope, store) => cases.openFrom({ referral: envelope.data as ReferralIssued }, envelope, store),
    });
  }
  await runtime.consume({
    name: `${service}.from-funding`,
    topics: [topicOf('funding')],
    accepts: (e: Envelope) => paid.some((accepts) => accepts(e)),
    handle: async (envelope, store) => void (await cases.markPaid(envelope.data as FundsDisbursed, envelope, store)),
  });
}
