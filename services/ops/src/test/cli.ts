import { Writable } from 'node:stream';
import { run } from '../cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `onedoor …` in-process, as the command line would, with these environment variables. */
export async function onedoor(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await run(args, { stdout, stderr, env: { ...env, ONEDOOR_PROGRESS: '0' }, cwd: process.cwd() });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    json() {
      try {
        return JSON.parse(stdout.text);
      } catch {
        throw new Error(`not JSON (exit ${code}):\n${stdout.text}\n${stderr.text}`);
      }
    },
  };
}
