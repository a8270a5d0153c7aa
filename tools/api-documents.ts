// The API documents generated from the code: the OpenAPI document (docs/openapi.json) and the
// TypeScript types openapi-typescript makes of it (test/support/openapi-types.ts), which the
// typed-client end-to-end test compiles against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../services/all-in-one/src/openapi';
import { openApiText, openApiTypes } from './openapi-types';

export const ROOT = join(__dirname, '..');
export const OPENAPI_FILE = join(ROOT, 'docs', 'openapi.json');
export const OPENAPI_TYPES_FILE = join(ROOT, 'test', 'support', 'openapi-types.ts');

/** Every generated file with the text the code gives now. */
export async function generateApiDocuments(): Promise<{ file: string; text: string }[]> {
  const document = openApiText(await buildOpenApiDocument());
  return [
    { file: OPENAPI_FILE, text: document },
    { file: OPENAPI_TYPES_FILE, text: openApiTypes(document) },
  ];
}

/** The generated files whose checked-in text differs from what the code gives now. */
export function staleFiles(files: { file: string; text: string }[]): string[] {
  return files.filter(({ file, text }) => {
    try {
      return readFileSync(file, 'utf8') !== text;
    } catch {
      return true;
    }
  }).map(({ file }) => file);
}
