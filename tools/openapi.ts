// Writes the OpenAPI document of the REST API to docs/openapi.json (or the path given), without a server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildOpenApiDocument } from '../services/all-in-one/src/openapi';

async function main() {
  const out = resolve(process.argv[2] ?? join(__dirname, '..', 'docs', 'openapi.json'));
  const document = await buildOpenApiDocument();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`openapi: ${Object.keys(document.paths).length} paths written to ${out}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
