#!/usr/bin/env node
// `npx onedoor …`: the ops and audit CLI. Runs the compiled code of `npm run build`
// (dist/services/ops/src/main.js) when it exists — the only way in a production install — and
// otherwise the TypeScript sources, compiled on the fly by tools/register.js as `npm start` does.
// ONEDOOR_CLI_SOURCES=1 runs the sources even when a build exists.
const { existsSync } = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', '..', '..', 'dist', 'services', 'ops', 'src', 'main.js');
if (process.env.ONEDOOR_CLI_SOURCES !== '1' && existsSync(compiled)) {
  require(compiled);
} else {
  require('../../../tools/register.js');
  require('../src/main.ts');
}
