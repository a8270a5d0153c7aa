import { readerOf, subjectRefsIn, type Principal, type ServiceRuntime } from '@onedoor/service-kit';
import type { DepartmentCaseView } from './case-view';

/**
 * Records a read of a department's case list in the hosting service's read log (PIPL art. 45)
 * before it is answered: who, why, which cases and the references they hold.
 */
export async function recordCaseListRead(runtime: ServiceRuntime, principal: Principal, department: string, views: DepartmentCaseView[], purpose: string): Promise<void> {
  if (views.length === 0) return;
  await runtime.readLog.record({
    reader: readerOf(principal),
    purpose,
    resource: 'case',
    resourceId: `department:${department}`,
    fields: ['beneficiaryRef', 'caseFile', 'programmes', 'grants'],
    applicationIds: views.map((v) => v.applicationId),
    subjectRefs: subjectRefsIn(views),
    scope: [...new Set(views.map((v) => v.jurisdiction))],
  });
}
