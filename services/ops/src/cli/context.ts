import { Presets, SingleBar } from 'cli-progress';

/** Where a command reads its configuration and writes its output (the process, or a test). */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Progress {
  /** Sets the count done (and the total, when it became known or changed). */
  update(done: number, total?: number): void;
  increment(by?: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, increment: () => undefined, stop: () => undefined };

/**
 * Output of one command: human text or one JSON document on stdout, progress bars (with rate and
 * ETA) and warnings on stderr, so `--json | jq` always gets clean input.
 */
export class Context {
  json = false;

  constructor(readonly io: Io) {}

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  /** A line of human output (suppressed under --json). */
  print(line = ''): void {
    if (!this.json) this.io.stdout.write(`${line}\n`);
  }

  /** The --json document. */
  emit(document: unknown): void {
    this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  warn(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  /**
   * A progress bar on stderr. Drawn only on a terminal (or with ONEDOOR_PROGRESS=1, then as a line
   * every few seconds), so pipes and logs stay clean.
   */
  progress(label: string, total: number, unit = 'events'): Progress {
    const tty = !!this.io.stderr.isTTY;
    const forced = this.io.env.ONEDOOR_PROGRESS === '1';
    if ((!tty && !forced) || this.io.env.ONEDOOR_PROGRESS === '0') return NO_PROGRESS;
    const bar = new SingleBar(
      {
        format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
        stream: this.io.stderr,
        barsize: 24,
        noTTYOutput: forced && !tty,
        notTTYSchedule: 2000,
        etaBuffer: 50,
        fps: 8,
      },
      Presets.shades_classic,
    );
    const started = performance.now();
    let value = 0;
    let max = Math.max(total, 0);
    const rate = () => {
      const seconds = (performance.now() - started) / 1000;
      return seconds > 0 ? Math.round(value / seconds).toLocaleString('en-US') : '0';
    };
    bar.start(max, 0, { rate: '0' });
    return {
      update(done, newTotal) {
        value = done;
        if (newTotal !== undefined && newTotal !== max) {
          max = newTotal;
          bar.setTotal(newTotal);
        } else if (done > max) {
          max = done;
          bar.setTotal(done);
        }
        bar.update(done, { rate: rate() });
      },
      increment(by = 1) {
        this.update(value + by);
      },
      stop() {
        bar.update(value, { rate: rate() });
        bar.stop();
      },
    };
  }
}
