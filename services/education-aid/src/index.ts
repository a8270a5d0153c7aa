export { EducationAidModule } from './education-aid.module';
