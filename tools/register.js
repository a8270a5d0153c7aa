// Runs TypeScript sources directly (with decorator metadata for NestJS) and resolves the
// @onedoor/* path aliases of tsconfig.base.json, so no build step is needed to start or bench.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
