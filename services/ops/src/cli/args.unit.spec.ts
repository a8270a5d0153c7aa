import { commandHelp, parse, resolve, UsageError, type CommandSpec } from './args';

const noop = async () => 0;
const commands: CommandSpec[] = [
  {
    path: ['replay'], summary: 'rebuild', run: noop,
    args: [{ name: 'projection', description: 'what', required: true, choices: ['dossier', 'timeline', 'all'] }],
    options: [
      { name: 'from', type: 'string', valueName: 'time', description: 'since' },
      { name: 'swap', type: 'boolean', description: 'promote' },
      { name: 'limit', type: 'number', description: 'how many' },
    ],
  },
  { path: ['audit'], summary: 'timeline', run: noop, args: [{ name: 'applicationId', description: 'id', required: true }], options: [] },
  { path: ['audit', 'recheck'], summary: 're-run', run: noop, args: [{ name: 'applicationId', description: 'id', required: true }], options: [] },
  {
    path: ['kafka', 'replay'], summary: 'offsets', run: noop, args: [],
    options: [{ name: 'group', type: 'string', description: 'g', required: true }, { name: 'dry-run', type: 'boolean', description: 'd' }],
  },
];

const usage = (argv: string[]) => {
  try {
    resolve('onedoor', commands, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('argument parsing', () => {
  it('finds the longest command and parses arguments and options in any order', () => {
    const r = resolve('onedoor', commands, ['replay', '--from=2026-11-20', 'all', '--swap', '--limit', '5']);
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.command.path).toEqual(['replay']);
    expect(r.parsed).toEqual({ args: { projection: 'all' }, options: { from: '2026-11-20', swap: true, limit: 5 } });
    const recheck = resolve('onedoor', commands, ['audit', 'recheck', 'app-1']);
    expect(recheck.kind === 'run' && recheck.command.path).toEqual(['audit', 'recheck']);
    const audit = resolve('onedoor', commands, ['audit', 'app-1']);
    expect(audit.kind === 'run' && audit.parsed.args).toEqual({ applicationId: 'app-1' });
  });

  it('gives help for the program, a group and a command', () => {
    expect(resolve('onedoor', commands, []).kind).toBe('help');
    const group = resolve('onedoor', commands, ['kafka', '--help']);
    expect(group.kind === 'help' && group.text).toContain('kafka replay');
    const one = resolve('onedoor', commands, ['replay', 'all', '--help']);
    expect(one.kind === 'help' && one.text).toContain('--from <time>');
    expect(commandHelp('onedoor', commands[3])).toContain('Usage: onedoor kafka replay --group <string> [options]');
  });

  it('reports every kind of mistake as a usage error', () => {
    expect(usage(['nope'])).toContain('unknown command: nope');
    expect(usage(['kafka'])).toContain('missing command after kafka');
    expect(usage(['replay'])).toBe('missing argument <projection>');
    expect(usage(['replay', 'dossiers'])).toContain('must be one of dossier, timeline, all');
    expect(usage(['replay', 'all', '--frm', 'x'])).toBe('unknown option: --frm');
    expect(usage(['replay', 'all', '--from'])).toContain('--from needs a value');
    expect(usage(['replay', 'all', '--limit', 'many'])).toContain('--limit must be a number');
    expect(usage(['replay', 'all', 'extra'])).toBe('unexpected argument: extra');
    expect(usage(['replay', 'all', '-x'])).toBe('unknown option: -x');
    expect(usage(['kafka', 'replay'])).toContain('missing required option --group');
    expect(usage(['replay', 'all', '--swap=maybe'])).toContain('--swap takes no value');
  });

  it('takes values after --, and negative numbers as values', () => {
    expect(parse(commands[1], ['--', '--weird-id']).args).toEqual({ applicationId: '--weird-id' });
    expect(parse(commands[0], ['all', '--limit', '-1']).options.limit).toBe(-1);
  });
});
