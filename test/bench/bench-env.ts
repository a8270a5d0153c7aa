/** Shared setup for benchmarks: a PostgreSQL URL (DATABASE_URL or the local server). */
export const benchDatabaseUrl = (): string =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function time(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function timed(label: string, ops: number, run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSec = Math.round(ops / seconds);
  console.log(`${label.padEnd(44)} ${String(ops).padStart(7)} in ${seconds.toFixed(2)} s  → ${perSec}/s`);
  return perSec;
}

/** Runs `total` operations on `concurrency` workers pulling from one counter. */
export async function concurrently(concurrency: number, total: number, op: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++);
    }),
  );
}
