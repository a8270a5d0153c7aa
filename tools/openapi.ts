// npm run openapi: writes docs/openapi.json (the REST API's OpenAPI document, made without a
// server) and test/support/openapi-types.ts (its TypeScript types, by openapi-typescript).
// `-- --check` writes nothing and exits 1 when either checked-in file is stale.
import './quiet-logs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { generateApiDocuments, ROOT, staleFiles } from './api-documents';

async function main() {
  const files = await generateApiDocuments();
  if (process.argv.includes('--check')) {
    const stale = staleFiles(files);
    if (stale.length) {
      console.error(`openapi: stale, run \`npm run openapi\`: ${stale.map((f) => relative(ROOT, f)).join(', ')}`);
      return 1;
    }
    console.log(`openapi: ${files.map((f) => relative(ROOT, f.file)).join(' and ')} are up to date`);
    return 0;
  }
  for (const { file, text } of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`openapi: wrote ${relative(ROOT, file)}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
