import { PARTNER_DEPARTMENTS } from '@onedoor/contracts';
import { departmentServiceSpec, type DepartmentServiceSpec } from '@onedoor/department-kit/shell';

/**
 * The partner departments (policy-rules §11: housing, employment and disaster-victim aid), hosted
 * on the department kit in the `partners` service: OneDoor opens and keeps their cases; their
 * officers or their own systems accept and decide them at the desk, within each programme's bounds.
 */
export const PARTNERS: DepartmentServiceSpec = {
  service: 'partners',
  departments: PARTNER_DEPARTMENTS.map((department) => ({ department, decisions: 'partner' as const })),
};

/** The partners service's runtime spec (what its relay publishes), for the launchers and the ops CLI. */
export const PARTNERS_SERVICE = departmentServiceSpec(PARTNERS.service);
