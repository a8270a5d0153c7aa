import { departmentModule } from '@onedoor/department-kit/shell';
import { EDUCATION_AID_SERVICE } from './educationAid';

/** Education aid per student per school year, decided as soon as the case opens: topic onedoor.education-aid.v1, store schema `education-aid`. */
export const EducationAidModule = departmentModule(EDUCATION_AID_SERVICE);
