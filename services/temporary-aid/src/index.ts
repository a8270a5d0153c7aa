export { TemporaryAidModule } from './temporary-aid.module';
export { TEMPORARY_AID } from './app/temporary-aid.runtime';
export * as temporaryAidDomain from './domain';
export { TemporaryAidCases } from './app/temporary-aid-cases';
