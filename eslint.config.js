// Module boundaries: services depend on libs, never on each other; libs never on services;
// domain code (libs tagged type:domain and services' src/domain folders) does no I/O.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// The services' aliases (tsconfig.base.json paths into services/): what launchers may import.
const serviceAliases = Object.entries(require('./tsconfig.base.json').compilerOptions.paths)
  .filter(([, [target]]) => target.startsWith('services/'))
  .map(([alias]) => alias);

const ioModules = ['@nestjs/*', 'pg', 'kafkajs', '@electric-sql/*', '@onedoor/event-store', '@onedoor/messaging',
  '@onedoor/service-kit', 'node:fs', 'fs', 'node:net', 'node:http', 'node:child_process'];

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', 'tmp/**', 'deploy/**', 'data/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:service', 'type:lib', 'type:domain'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:domain'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
          ],
        },
      ],
    },
  },
  {
    // Launchers host services side by side (the embedded process, the ops CLI): the one place
    // allowed to import service modules, by their aliases.
    files: ['services/all-in-one/**/*.ts', 'services/ops/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: serviceAliases,
          depConstraints: [{ sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:service', 'type:lib', 'type:domain'] }],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts', 'libs/*/src/domain/**/*.ts', 'libs/policy/src/**/*.ts', 'libs/contracts/src/**/*.ts', 'libs/department-kit/src/index.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ioModules.map((group) => ({ group: [group], message: 'domain code does no I/O' })) }],
    },
  },
];
