export { MedicalAidModule } from './medical-aid.module';
