export { TemporaryAidModule } from './temporary-aid.module';
