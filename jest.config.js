// Test tiers by file suffix: *.unit.spec.ts (pure, no I/O), *.int.spec.ts (real PostgreSQL and
// Kafka), test/**/*.e2e.spec.ts (services as separate apps). Infrastructure is prepared once in
// tools/jest.global-setup.js.
const { pathsToModuleNameMapper } = require('./tools/paths');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata', '<rootDir>/tools/jest.locale.js'],
};

module.exports = {
  // Integration and end-to-end tests wait on real brokers and databases.
  testTimeout: 180000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools}/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{libs,services}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/tools/jest.global-setup.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/tools/jest.global-setup.js',
    },
  ],
};
