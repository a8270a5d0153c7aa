import { EVENTS_BY_SERVICE, type Service } from './services';
import type { PublicEventType } from './events';

/** The services that publish `type` on their topics (e.g. AidGranted: whose topics funding follows). */
export const publishersOf = (type: PublicEventType): Service[] => (Object.keys(EVENTS_BY_SERVICE) as Service[]).filter((s) => EVENTS_BY_SERVICE[s].includes(type));

/** Current schema version of every public event type. */
export const SCHEMA_VERSIONS: Record<PublicEventType, number> = {
  ApplicationSubmitted: 2,
  ApplicationRouted: 2,
  ApplicationRefused: 1,
  ApplicationSettled: 2,
  CaseOpened: 1,
  CaseAccepted: 1,
  AidGranted: 1,
  AidRefused: 1,
  ReferralIssued: 2,
  CasePaid: 1,
  BudgetAllocated: 1,
  BudgetToppedUp: 1,
  FundsReserved: 1,
  FundsDisbursed: 1,
  FundsAwaiting: 1,
  FundsReleased: 1,
  DeadlineMissed: 1,
  PersonalDataErased: 1,
};
