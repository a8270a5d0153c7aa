#!/usr/bin/env node
// `npm test`: prepares PostgreSQL and Kafka once, runs every Jest tier, and ends with
// "N passed, N failed". Extra arguments go to Jest (e.g. `npm test -- --selectProjects unit`).
require('./register');
const { spawnSync } = require('node:child_process');
const { readFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const { prepareInfrastructure } = require('../libs/testing/src/infrastructure');

(async () => {
  const args = process.argv.slice(2);
  const onlyUnit = args.includes('unit') && args.includes('--selectProjects');
  if (!onlyUnit) await prepareInfrastructure();
  const out = path.join(__dirname, '..', 'tmp', 'jest-results.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const jest = require.resolve('jest/bin/jest');
  const run = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', jest, '--json', `--outputFile=${out}`, ...args], {
    stdio: 'inherit',
    env: process.env,
  });
  let passed = 0;
  let failed = 0;
  try {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  } catch {
    failed = Math.max(failed, 1);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(run.status === 0 && failed === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
