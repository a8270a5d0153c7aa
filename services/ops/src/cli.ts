/**
 * `onedoor`: the ops and audit CLI. `run` takes the arguments and where to write, and returns the
 * exit code — 0 ok, 1 problems found or the operation failed, 2 usage error — so tests call it
 * in-process with the same code paths as the command line.
 */
import { resolve, UsageError, usageLine, type CommandSpec } from './cli/args';
import { Context, type Io } from './cli/context';
import { auditCommand, auditReadsCommand, auditRecheckCommand } from './commands/audit';
import { dlqListCommand, dlqRedriveCommand, kafkaReplayCommand } from './commands/kafka';
import { keysRotateCommand } from './commands/keys';
import { migrateCommand } from './commands/migrate';
import { packageCommand } from './commands/package';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';

export const PROGRAM = 'onedoor';

export const COMMANDS: CommandSpec<Context>[] = [
  replayCommand,
  verifyCommand,
  auditCommand,
  auditRecheckCommand,
  auditReadsCommand,
  packageCommand,
  kafkaReplayCommand,
  dlqListCommand,
  dlqRedriveCommand,
  keysRotateCommand,
  migrateCommand,
];

export async function run(argv: string[], io: Io): Promise<number> {
  const context = new Context(io);
  let command: CommandSpec<Context> | undefined;
  try {
    const resolved = resolve(PROGRAM, COMMANDS, argv);
    if (resolved.kind === 'help') {
      io.stdout.write(`${resolved.text}\n`);
      return 0;
    }
    if (resolved.kind === 'version') {
      io.stdout.write('onedoor-cli 0.1.0\n');
      return 0;
    }
    command = resolved.command;
    context.json = !!resolved.parsed.options.json;
    return await resolved.command.run(context, resolved.parsed);
  } catch (e) {
    if (e instanceof UsageError) {
      const about = e.command ?? command;
      io.stderr.write(`error: ${e.message}\n${about ? `${usageLine(PROGRAM, about)}\nRun \`${PROGRAM} ${about.path.join(' ')} --help\` for the options.\n` : ''}`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`error: ${message}\n`);
    if (io.env.ONEDOOR_LOG === 'debug' && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    if (context.json) io.stdout.write(`${JSON.stringify({ error: message })}\n`);
    return 1;
  }
}
