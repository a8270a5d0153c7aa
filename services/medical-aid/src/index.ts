export { MedicalAidModule } from './medical-aid.module';
export { MEDICAL_AID } from './app/medical-aid.runtime';
export * as medicalAidDomain from './domain';
export { MedicalAidCases } from './app/medical-aid-cases';
