export { EducationAidModule } from './education-aid.module';
export { EDUCATION_AID, EDUCATION_AID_DEPARTMENT, EDUCATION_AID_SERVICE, EducationAidCases, educationAidParams, type EducationAidCaseView } from './educationAid';
export * as educationAidDomain from './domain';
