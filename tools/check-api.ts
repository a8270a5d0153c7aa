// npm run check:api: the API documents are current and valid.
//  1. docs/openapi.json and test/support/openapi-types.ts are what the code gives (npm run openapi);
//  2. Redocly's recommended rules pass on docs/openapi.json with no error (redocly.yaml);
//  3. libs/contracts/schemas/asyncapi.json is what `npm run contracts` gives and @asyncapi/parser
//     finds no error in it (other diagnostics are listed).
import './quiet-logs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { generateAsyncApi, generateEventSchemas } from '../libs/contracts/scripts/generate';
import { generateApiDocuments, OPENAPI_FILE, ROOT, staleFiles } from './api-documents';

async function main(): Promise<number> {
  let failed = 0;
  const stale = staleFiles(await generateApiDocuments());
  if (stale.length) {
    console.error(`check:api: stale, run \`npm run openapi\`: ${stale.map((f) => relative(ROOT, f)).join(', ')}`);
    failed++;
  } else console.log('check:api: OpenAPI document and types are up to date');

  try {
    execFileSync(process.execPath, [join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js'), 'lint', relative(ROOT, OPENAPI_FILE), '--format=summary'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
  } catch {
    console.error('check:api: redocly lint found errors');
    failed++;
  }

  const asyncapiFile = join(ROOT, 'libs', 'contracts', 'schemas', 'asyncapi.json');
  const text = readFileSync(asyncapiFile, 'utf8');
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(generateAsyncApi(generateEventSchemas()))) {
    console.error('check:api: libs/contracts/schemas/asyncapi.json is stale, run `npm run contracts`');
    failed++;
  }
  const { diagnostics } = await new Parser().parse(text);
  for (const d of diagnostics) console.log(`asyncapi: ${DiagnosticSeverity[d.severity]} ${d.code} ${d.path.join('/') || '(root)'}: ${d.message}`);
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length;
  if (errors) {
    console.error(`check:api: the AsyncAPI document has ${errors} error(s)`);
    failed++;
  } else console.log('check:api: the AsyncAPI document is valid');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
