// Run as a child process by postgres.int.spec.ts: holds a transaction open on PostgreSQL, then
// keeps querying while the parent terminates its connections. It must neither crash nor exit:
// it prints one JSON line per phase and exits 0 only once a query succeeded again.
import { PostgresDriver } from '../drivers/postgres';

const driver = new PostgresDriver({
  connectionString: process.env.DATABASE_URL!,
  application_name: process.env.APP_NAME,
  max: 2,
  onConnectionError: () => undefined,
});
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
let uncaught = 0;
process.on('uncaughtException', (e) => {
  uncaught++;
  say({ phase: 'uncaught', error: String(e) });
  process.exit(3);
});

async function main() {
  const pid = (await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  say({ phase: 'idle', pid });
  // A transaction waiting between statements: the parent terminates its backend meanwhile.
  const inTx = driver.transaction(async (tx) => {
    const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    say({ phase: 'in-transaction', pid: rows[0].pid });
    await new Promise((r) => process.stdin.once('data', r));
    await tx.query('SELECT 1');
  });
  const outcome = await inTx.then(() => 'committed', (e) => `rejected:${(e as { code?: string }).code ?? (e as Error).message}`);
  say({ phase: 'transaction', outcome });
  for (let i = 0; i < 100; i++) {
    try {
      await driver.query('SELECT 1');
      say({ phase: 'recovered', uncaught });
      await driver.close();
      process.exit(0);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  process.exit(2);
}

void main();
