import { departmentModule } from '@onedoor/department-kit/shell';
import { MEDICAL_AID_SERVICE } from './medicalAid';

/** Medical aid by the table of the registered jurisdiction, decided as soon as the case opens: topic onedoor.medical-aid.v1, store schema `medical-aid`. */
export const MedicalAidModule = departmentModule(MEDICAL_AID_SERVICE);
