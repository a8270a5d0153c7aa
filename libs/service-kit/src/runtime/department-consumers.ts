import {
  paidTo, referredTo, routedTo, topicOf, type ApplicationRouted, type Department, type Envelope, type FundsDisbursed, type ReferralIssued,
} from '@onedoor/contracts';
import type { EventStore } from '@onedoor/event-store';
import type { ServiceRuntime } from './service-runtime';

type On<T> = (data: T, envelope: Envelope, store: EventStore) => Promise<unknown>;

export interface DepartmentReactions {
  /** Intake routed an application to the department. */
  routed: On<ApplicationRouted>;
  /** Another department referred a case to it (departments that take referrals). */
  referred?: On<ReferralIssued>;
  /** Funding paid one of its grants. */
  paid: On<FundsDisbursed>;
}

/**
 * The consumers every department has: `<department>.from-intake`, `.from-temporary-aid` (referrals)
 * and `.from-funding`, each acting only on the events addressed to the department, inside the
 * inbox transaction. The names are the consumer groups: they must not change.
 */
export async function consumeAsDepartment(runtime: ServiceRuntime, department: Department, on: DepartmentReactions): Promise<void> {
  await runtime.consume({
    name: `${department}.from-intake`,
    topics: [topicOf('intake')],
    accepts: routedTo(department),
    handle: async (envelope, store) => void (await on.routed(envelope.data as ApplicationRouted, envelope, store)),
  });
  const referred = on.referred;
  if (referred) {
    await runtime.consume({
      name: `${department}.from-temporary-aid`,
      topics: [topicOf('temporary-aid')],
      accepts: referredTo(department),
      handle: async (envelope, store) => void (await referred(envelope.data as ReferralIssued, envelope, store)),
    });
  }
  await runtime.consume({
    name: `${department}.from-funding`,
    topics: [topicOf('funding')],
    accepts: paidTo(department),
    handle: async (envelope, store) => void (await on.paid(envelope.data as FundsDisbursed, envelope, store)),
  });
}
