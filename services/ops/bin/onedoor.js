#!/usr/bin/env node
// `npx onedoor …`: the ops and audit CLI. Runs the compiled code of `npm run build`
// (dist/services/ops/src/main.js) when it exists and is not older than the sources beside it —
// always, in a production install, which has no sources — and otherwise the TypeScript sources,
// compiled on the fly by tools/register.js as `npm start` does. ONEDOOR_CLI_SOURCES=1 runs the
// sources even when a fresh build exists.
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const compiled = path.join(root, 'dist', 'services', 'ops', 'src', 'main.js');

/** Newest modification time (ms) of the .ts files under these folders; 0 when there are none. */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

const fresh = () => statSync(compiled).mtimeMs >= newestSource([path.join(root, 'services'), path.join(root, 'libs')]);
if (process.env.ONEDOOR_CLI_SOURCES !== '1' && existsSync(compiled) && fresh()) {
  require(compiled);
} else {
  require('../../../tools/register.js');
  require('../src/main.ts');
}
