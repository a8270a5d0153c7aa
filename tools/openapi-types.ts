// TypeScript types of an OpenAPI document, by the openapi-typescript CLI (no NestJS loaded here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The document as docs/openapi.json holds it. */
export const openApiText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** The types openapi-typescript generates for the document `documentText`. */
export function openApiTypes(documentText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'onedoor-openapi-'));
  try {
    const input = join(dir, 'openapi.json');
    writeFileSync(input, documentText);
    const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    return execFileSync(process.execPath, [cli, input], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
