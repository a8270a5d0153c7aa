import { run } from './cli';

// Quiet kafkajs' advice about its partitioner; the CLI produces only to redrive dead letters.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

// Output piped into a reader that stops early (`onedoor dlq list | head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
    // Pools and clients are closed by the commands; do not wait for stray timers.
    setTimeout(() => process.exit(code), 100).unref();
  },
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
