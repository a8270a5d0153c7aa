/**
 * @onedoor/department-kit/shell: the NestJS shell of the department kit — a service hosting
 * departments from a declaration (departmentModule), their desk (REST and GraphQL), consumers and
 * deadline watch.
 */
export * from './department-spec';
export * from './case-view';
export * from './department-cases';
export * from './access';
export * from './department-desk';
export * from './desk-registry';
export * from './desk.controller';
export * from './desk.resolver';
export * from './department-consumers';
export * from './deadline-watch';
export * from './department.module';
export * from './rule-case-view';
export * from './rule-desk';
