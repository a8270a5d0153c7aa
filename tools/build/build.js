#!/usr/bin/env node
// `npm run build`: compiles every service, the all-in-one launcher and the `onedoor` CLI with tsc
// (tsconfig.build.json: type-checked, decorator metadata for NestJS, JSON schemas copied) into
// dist/, keeping the source layout (dist/services/<name>/src/main.js, dist/libs/<name>/src/…).
//
// The @onedoor/* imports stay as they are in the compiled code; they resolve at run time, with
// Node alone, through one small package per alias under dist/node_modules/@onedoor/<name>, whose
// package.json `main` points at the compiled entry (the `paths` of tsconfig.base.json). Node looks
// for packages in every node_modules folder up from the importing file, so the compiled code finds
// dist/node_modules/@onedoor/* first and everything else in the node_modules of the root.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const { paths } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const aliases = [];
for (const [name, [source]] of Object.entries(paths)) {
  const compiled = path.join(dist, source.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) continue; // not used by anything that runs in production (e.g. @onedoor/testing)
  const packageDir = path.join(dist, 'node_modules', name);
  mkdirSync(packageDir, { recursive: true });
  const main = path.relative(packageDir, compiled).split(path.sep).join('/');
  writeFileSync(path.join(packageDir, 'package.json'), `${JSON.stringify({ name, private: true, main }, null, 2)}\n`);
  aliases.push(name);
}
console.log(`dist/: compiled; ${aliases.length} @onedoor/* packages (${aliases.join(', ')})`);
