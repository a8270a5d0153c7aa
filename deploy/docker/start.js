#!/usr/bin/env node
// Container entry point: starts the compiled service named by the first argument or SERVICE
// (default all-in-one) in this process, so that it receives SIGTERM directly and shuts down
// gracefully. `onedoor <args…>` runs the ops CLI instead.
'use strict';
const path = require('node:path');

const { existsSync, readdirSync } = require('node:fs');

const dist = path.join(__dirname, '..', '..', 'dist', 'services');
// Every compiled service with a main (all-in-one, each service, the gateway), as the build laid them out.
const SERVICES = existsSync(dist) ? readdirSync(dist).filter((s) => s !== 'ops' && existsSync(path.join(dist, s, 'src', 'main.js'))) : [];
const [arg, ...rest] = process.argv.slice(2);
const name = arg ?? process.env.SERVICE ?? 'all-in-one';

if (name === 'onedoor') {
  const main = path.join(dist, 'ops', 'src', 'main.js');
  process.argv = [process.argv[0], main, ...rest];
  require(main);
} else if (SERVICES.includes(name)) {
  require(path.join(dist, name, 'src', 'main.js'));
} else {
  console.error(`Unknown service "${name}": one of ${SERVICES.join(', ')}, or onedoor <command>`);
  process.exit(2);
}
