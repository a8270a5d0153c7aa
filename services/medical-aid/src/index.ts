export { MedicalAidModule } from './medical-aid.module';
export { MEDICAL_AID, MEDICAL_AID_DEPARTMENT, MEDICAL_AID_SERVICE, MedicalAidCases, medicalAidParams, type MedicalAidCaseView } from './medicalAid';
export * as medicalAidDomain from './domain';
