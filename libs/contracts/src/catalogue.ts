import type { Service } from './common';
import type { PublicEventType } from './events';

/** Which public events each service publishes on its topic. */
export const EVENTS_BY_SERVICE: Record<Service, readonly PublicEventType[]> = {
  intake: ['ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'DeadlineMissed', 'PersonalDataErased'],
  'temporary-aid': ['CaseOpened', 'AidGranted', 'AidRefused', 'ReferralIssued', 'CasePaid', 'DeadlineMissed'],
  'medical-aid': ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'],
  'education-aid': ['CaseOpened', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'],
  funding: ['BudgetAllocated', 'BudgetToppedUp', 'FundsReserved', 'FundsDisbursed', 'FundsAwaiting', 'FundsReleased', 'DeadlineMissed'],
  partners: ['CaseOpened', 'CaseAccepted', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed'],
};

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
