export { IntakeModule } from './intake.module';
export { INTAKE } from './app/intake.spec';
export { DossierTables, dossierIndexesSql, dossierParams, dossierTablesOnlySql, dossierTablesSql, timelineParams } from './app/dossier.tables';
export * from './read-model/dossier';
export * from './read-model/dossier-projection';
export * as intakeDomain from './domain';
export { DossierStore, dossierMigration } from './app/dossier.store';
export { intakeMigrations, migrateIntakeTables } from './app/intake.migrations';
export { DossierUpdates } from './app/dossier.updates';
export { PersonalData, dataKeyRing, parseDataKeys, sealedKeyId, type DataKeyRing } from './app/personal-data';
export {
  bundlePartsOf, isBundle, openPersonalData, recordsPastRetention, retentionDays, rewrapSubjectKey, sealApplicationData, sealedRefsOf, subjectKeysMigration,
  RETENTION_DEFAULTS, type ApplicationPersonalData,
} from './app/subject-keys';
export {
  assessmentRefsOf, openHouseholdAssessed, openHouseholdAssessedWith, sealHouseholdAssessed, sealingApplicationDecider, SEALED_ASSESSMENT_VERSION,
  type OpenedHouseholdAssessed,
} from './app/sealed-assessment';
