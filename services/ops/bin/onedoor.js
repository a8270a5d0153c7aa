#!/usr/bin/env node
// `npx onedoor …`: the ops and audit CLI. Runs the TypeScript sources directly (tools/register.js
// compiles on the fly and resolves the @onedoor/* aliases), as `npm start` does.
require('../../../tools/register.js');
require('../src/main.ts');
