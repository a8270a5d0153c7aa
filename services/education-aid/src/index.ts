export { EducationAidModule } from './education-aid.module';
export { EDUCATION_AID } from './app/education-aid.runtime';
export * as educationAidDomain from './domain';
export { EducationAidCases } from './app/education-aid-cases';
