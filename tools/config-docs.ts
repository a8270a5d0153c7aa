/**
 * `npm run config:docs`: writes the README's Configuration table from the configuration schema
 * (libs/service-kit/src/config/schema.ts), between `<!-- config:begin -->` and `<!-- config:end -->`.
 * `--check` changes nothing and exits 1 when the README's table is not the schema's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTable } from '../libs/service-kit/src/config/schema';

const path = join(__dirname, '..', 'README.md');
const readme = readFileSync(path, 'utf8');
const marker = /(<!-- config:begin[^>]*-->\n)[\s\S]*?(\n<!-- config:end -->)/;
if (!marker.test(readme)) {
  process.stderr.write('README.md has no <!-- config:begin --> … <!-- config:end --> section\n');
  process.exit(1);
}
const updated = readme.replace(marker, (_, begin: string, end: string) => `${begin}${configurationTable()}${end}`);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('README.md: the Configuration table is not the schema\'s: run npm run config:docs\n');
    process.exit(1);
  }
  process.stdout.write('README.md: the Configuration table is the schema\'s\n');
} else if (updated !== readme) {
  writeFileSync(path, updated);
  process.stdout.write('README.md: Configuration table written\n');
} else {
  process.stdout.write('README.md: Configuration table already up to date\n');
}
