/**
 * A small commander-style parser: commands with sub-commands, positional arguments, `--name value`,
 * `--name=value` and boolean flags, generated help, and usage errors that exit with code 2.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command the error is about, for the "see --help" hint. */
    readonly command?: CommandSpec,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  name: string;
  type: 'boolean' | 'string' | 'number';
  description: string;
  /** Shown in help: `--from <time>`. */
  valueName?: string;
  required?: boolean;
  /** Allowed values (strings). */
  choices?: readonly string[];
}

export interface ArgumentSpec {
  name: string;
  description: string;
  required?: boolean;
  choices?: readonly string[];
}

export interface ParsedArgs {
  args: Record<string, string | undefined>;
  options: Record<string, string | number | boolean | undefined>;
}

export interface CommandSpec<C = unknown> {
  /** e.g. ['audit', 'recheck'] */
  path: string[];
  summary: string;
  /** Longer text under the usage line. */
  description?: string;
  args: ArgumentSpec[];
  options: OptionSpec[];
  examples?: string[];
  run(context: C, parsed: ParsedArgs): Promise<number>;
}

export const JSON_OPTION: OptionSpec = { name: 'json', type: 'boolean', description: 'machine-readable output (one JSON document on stdout)' };
const HELP_OPTION: OptionSpec = { name: 'help', type: 'boolean', description: 'show this help' };

export type Resolution<C> =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec<C>; parsed: ParsedArgs };

/** Finds the command named by argv (the longest matching path) and parses the rest. */
export function resolve<C>(program: string, commands: CommandSpec<C>[], argv: string[]): Resolution<C> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const topic = argv[0] === 'help' ? argv.slice(1) : [];
    if (topic.length) {
      const command = findCommand(commands, topic);
      if (command && command.path.length === topic.length) return { kind: 'help', text: commandHelp(program, command) };
      const group = commands.filter((c) => topic.every((t, i) => c.path[i] === t));
      if (group.length) return { kind: 'help', text: programHelp(program, group) };
      throw new UsageError(`unknown command: ${topic.join(' ')}`);
    }
    return { kind: 'help', text: programHelp(program, commands) };
  }
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  const command = findCommand(commands, argv);
  if (!command) {
    const group = commands.filter((c) => c.path[0] === argv[0]);
    if (group.length && (argv[1] === '--help' || argv[1] === '-h')) return { kind: 'help', text: programHelp(program, group) };
    if (group.length) {
      const what = argv.length === 1 || argv[1].startsWith('-') ? `missing command after ${argv[0]}` : `unknown command: ${argv.slice(0, 2).join(' ')}`;
      throw new UsageError(`${what}\n\n${programHelp(program, group)}`);
    }
    throw new UsageError(`unknown command: ${argv[0]} (try \`${program} --help\`)`);
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', text: commandHelp(program, command) };
  return { kind: 'run', command, parsed: parse(command, rest) };
}

function findCommand<C>(commands: CommandSpec<C>[], argv: string[]): CommandSpec<C> | undefined {
  let best: CommandSpec<C> | undefined;
  for (const c of commands) {
    if (c.path.every((p, i) => argv[i] === p) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

export function parse(command: CommandSpec<any>, argv: string[]): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  const byName = new Map([...command.options, HELP_OPTION].map((o) => [o.name, o]));
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('--') || token === '-') {
      if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) throw new UsageError(`unknown option: ${token}`, command);
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option: --${name}`, command);
    if (spec.type === 'boolean') {
      if (eq >= 0) {
        const v = token.slice(eq + 1);
        if (v !== 'true' && v !== 'false') throw new UsageError(`--${name} takes no value`, command);
        options[spec.name] = v === 'true';
      } else options[spec.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value (${spec.valueName ?? spec.type})`, command);
      i++;
    }
    if (value === '') throw new UsageError(`--${name} needs a value (${spec.valueName ?? spec.type})`, command);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}; got ${value}`, command);
    }
    if (spec.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${value}`, command);
      options[spec.name] = n;
    } else options[spec.name] = value;
  }
  for (const o of command.options) {
    if (o.required && options[o.name] === undefined) throw new UsageError(`missing required option --${o.name} <${o.valueName ?? o.type}>`, command);
  }
  const args: ParsedArgs['args'] = {};
  command.args.forEach((a, i) => {
    const value = positionals[i];
    if (value === undefined) {
      if (a.required) throw new UsageError(`missing argument <${a.name}>`, command);
      return;
    }
    if (a.choices && !a.choices.includes(value)) throw new UsageError(`<${a.name}> must be one of ${a.choices.join(', ')}; got ${value}`, command);
    args[a.name] = value;
  });
  if (positionals.length > command.args.length) {
    throw new UsageError(`unexpected argument: ${positionals[command.args.length]}`, command);
  }
  return { args, options };
}

const usageOf = (program: string, c: CommandSpec<any>) => {
  const args = c.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`));
  const required = c.options.filter((o) => o.required).map((o) => `--${o.name} <${o.valueName ?? o.type}>`);
  return [program, ...c.path, ...args, ...required, '[options]'].join(' ');
};

export const usageLine = (program: string, c: CommandSpec<any>) => `Usage: ${usageOf(program, c)}`;

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

export function commandHelp(program: string, c: CommandSpec<any>): string {
  const parts = [`Usage: ${usageOf(program, c)}`, '', c.summary];
  if (c.description) parts.push('', c.description);
  if (c.args.length) {
    parts.push('', 'Arguments:', table(c.args.map((a) => [a.name, a.description + (a.choices ? ` (${a.choices.join(' | ')})` : '')])));
  }
  const opts = [...c.options, HELP_OPTION].map((o): [string, string] => [
    `--${o.name}${o.type === 'boolean' ? '' : ` <${o.valueName ?? o.type}>`}${o.name === 'help' ? ', -h' : ''}`,
    `${o.description}${o.required ? ' (required)' : ''}${o.choices ? ` (${o.choices.join(' | ')})` : ''}`,
  ]);
  parts.push('', 'Options:', table(opts));
  if (c.examples?.length) parts.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return parts.join('\n');
}

export function programHelp(program: string, commands: CommandSpec<any>[]): string {
  return [
    `Usage: ${program} <command> [options]`,
    '',
    'OneDoor ops and audit: rebuild read models, verify the stores against Kafka, audit decisions, move',
    'consumer groups and dead letters.',
    '',
    'Commands:',
    table(commands.map((c) => [[...c.path, ...c.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`))].join(' '), c.summary])),
    '',
    `Run \`${program} <command> --help\` for a command's options. Exit codes: 0 ok, 1 problems found or failure, 2 usage error.`,
    'Connection: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; unset with ./data/pglite present:',
    'the embedded store), KAFKA_BROKERS (default 127.0.0.1:9092), ONEDOOR_TOPIC_PREFIX (topic namespace, normally unset).',
  ].join('\n');
}
