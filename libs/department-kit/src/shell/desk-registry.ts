import { Injectable } from '@nestjs/common';
import { ProblemError } from '@onedoor/service-kit';
import type { DepartmentDesk } from './department-desk';

/** The desks of every department on the kit in this process: by case id prefix and by department. */
@Injectable()
export class DepartmentDeskRegistry {
  private readonly desks: DepartmentDesk[] = [];

  register(desk: DepartmentDesk) {
    this.desks.push(desk);
  }

  /** @throws ProblemError 404 when no department on the kit owns the case id. */
  forCase(caseId: string): DepartmentDesk {
    const desk = this.desks.find((d) => d.owns(caseId));
    if (!desk) throw ProblemError.notFound(`case ${caseId} not found`);
    return desk;
  }

  /** @throws ProblemError 404 for a department not hosted here. */
  forDepartment(department: string): DepartmentDesk {
    const desk = this.desks.find((d) => d.department === department);
    if (!desk) throw ProblemError.notFound(`department ${department} not found`);
    return desk;
  }
}
