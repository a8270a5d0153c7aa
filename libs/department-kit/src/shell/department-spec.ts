import type { AnyDepartment } from '@onedoor/contracts';
import type { PolicyParams } from '@onedoor/policy';
import type { DecisionMode, DepartmentRule } from '../domain/workflow';

/**
 * A department, declared: its id, how its decisions are made (`partner`: its officers or its own
 * system at the desk; `rule`: at once by `rule` when the case opens, given the policy parameters in
 * force where the case belongs on that day — the dibao standard, the amounts of a table), and the
 * decision time of routes written before the catalogue (working days, policy-rules §8).
 */
export interface DepartmentSpec {
  department: AnyDepartment;
  decisions: DecisionMode;
  rule?: (params: PolicyParams) => DepartmentRule;
  defaultDecisionWorkingDays?: number;
}
