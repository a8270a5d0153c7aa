import { JSON_OPTION, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import { SERVICE_NAMES as SERVICES } from '../cli/services';

export const migrateCommand: CommandSpec<Context> = {
  path: ['migrate'],
  summary: "apply each service schema's pending migrations (the deployment step before the services start)",
  description: [
    "Each service's schema (intake, temporary_aid, medical_aid, education_aid, funding, partners) takes the event store's migrations, the",
    "read log's and the Idempotency-Key table's, and intake its own tables; each is applied once, recorded in the schema's",
    'schema_migrations ledger, in one transaction per schema under an advisory lock, so runs and starting services do not race.',
    'Stores created by earlier releases (tables made at start, not in the ledger) migrate cleanly and keep their rows.',
    'Services start with ONEDOOR_MIGRATE_ON_START=false when this runs as its own step (the Kubernetes Job onedoor-migrate);',
    'they then wait until their schema holds every migration. The environment is checked against the configuration schema first.',
    'Exit code 1 when the configuration is not valid or a migration fails (nothing of that schema is applied).',
  ].join('\n'),
  args: [],
  options: [
    { name: 'service', type: 'string', valueName: 'name', description: `only this service's schema (${SERVICES.join(', ')})`, choices: SERVICES },
    { name: 'dry-run', type: 'boolean', description: 'list the pending migrations of each schema, change nothing' },
    JSON_OPTION,
  ],
  examples: ['onedoor migrate', 'onedoor migrate --dry-run', 'onedoor migrate --service intake --json'],
  async run(context, { options }) {
    const [{ configurationProblems, migrateService }, { openDatabase }] = await Promise.all([import('../migrate/migrate'), import('../infra')]);
    const problems = configurationProblems(context.env);
    if (problems.length) throw new Error(`${problems.length} configuration problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    const dryRun = !!options['dry-run'];
    const services = options.service ? [String(options.service)] : SERVICES;
    const db = await openDatabase(context.io);
    try {
      context.print(`${dryRun ? 'dry run: pending migrations' : 'migrate'} in ${db.where}`);
      const schemas: { service: string; schema: string; migrations: { version: number; name: string }[] }[] = [];
      for (const service of services) {
        const result = await migrateService(db.driver, service, dryRun);
        const schema = result.schema;
        schemas.push({ service, ...result });
        const what = result.migrations.length === 0 ? 'up to date' : `${result.migrations.length} ${dryRun ? 'pending' : 'applied'}`;
        context.print(`  ${schema.padEnd(14)} ${what}`);
        for (const m of result.migrations) context.print(`    ${String(m.version).padStart(4)}  ${m.name}`);
      }
      if (context.json) context.emit({ database: db.where, dryRun, schemas });
      return 0;
    } finally {
      await db.close();
    }
  },
};
