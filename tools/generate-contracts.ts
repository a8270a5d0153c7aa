// Writes libs/contracts/schemas/{events.schema.json,asyncapi.json} from the payload types.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAsyncApi, generateEventSchemas } from '../libs/contracts/scripts/generate';

const dir = join(__dirname, '..', 'libs', 'contracts', 'schemas');
const events = generateEventSchemas();
writeFileSync(join(dir, 'events.schema.json'), `${JSON.stringify(events, null, 2)}\n`);
writeFileSync(join(dir, 'asyncapi.json'), `${JSON.stringify(generateAsyncApi(events), null, 2)}\n`);
console.log(`contracts: ${Object.keys(events.definitions).length} schemas written to ${dir}`);
