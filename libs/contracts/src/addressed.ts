/**
 * Which public events concern a department: what its consumers act on. Everything else on a
 * topic is acknowledged without work (see ConsumerSpec.accepts).
 */
import type { AnyDepartment } from './common';
import type { Department } from './services';
import type { ApplicationRouted, FundsDisbursed, ReferralIssued } from './events';
import type { Envelope } from './topics';

/** Intake routed the application to the department. */
export const routedTo = (department: AnyDepartment) => (e: Envelope): boolean =>
  e.type === 'ApplicationRouted' && (e.data as ApplicationRouted).routes.some((r) => r.department === department);

/** Another department referred the case to this one. */
export const referredTo = (department: Department) => (e: Envelope): boolean =>
  e.type === 'ReferralIssued' && (e.data as ReferralIssued).toDepartment === department;

/** Funding paid one of the department's grants. */
export const paidTo = (department: AnyDepartment) => (e: Envelope): boolean =>
  e.type === 'FundsDisbursed' && (e.data as FundsDisbursed).department === department;
