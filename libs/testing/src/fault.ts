/**
 * Infrastructure that fault tests may break on purpose, and what they measure while it is broken.
 *
 * - `startDisposablePostgres`: a PostgreSQL server of its own (initdb into a temporary folder,
 *   `pg_ctl start` on a free port) that can be restarted (`pg_ctl restart -m fast`), killed
 *   (SIGKILL to the postmaster) and started again on the same data.
 * - `startDisposableKafka`: a single-node KRaft broker of its own (deploy/kafka/start.sh on free
 *   ports and a temporary data folder) that can be killed with SIGKILL and started again on the
 *   same data.
 * - `createDatabase`: a fresh database on a server (the shared one of the test run).
 * - `runLoad`: submissions spread over a time window, each retried with the same idempotency key
 *   until accepted, every response counted by status (503s apart from other 5xx).
 * - `watchReadiness`: polls readiness endpoints and counts their answers.
 * - `topicCounts`, `readTopic`, `deadLetterCount`: what the broker holds.
 *
 * Disposable servers are stopped and their folders removed by `stop()`, and killed when the test
 * process exits whatever way it ends.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type ApiResponse } from './cluster';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Ports, processes, clean-up
// ---------------------------------------------------------------------------------------------

/** A TCP port nothing listens on right now (the kernel's choice, on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** True when nothing listens on `port` (all interfaces). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** True while a process with this pid exists and is not a zombie. */
export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Sends SIGKILL to `pid` and resolves when it is gone (or after `timeoutMs`). */
export async function killHard(pid: number | undefined, timeoutMs = 15_000): Promise<void> {
  if (!pid || !processAlive(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await sleep(50);
}

/** Clean-ups run synchronously if the test process exits before `stop()` was called. */
const onExit = new Set<() => void>();
let exitHookInstalled = false;
function atExit(fn: () => void): () => void {
  onExit.add(fn);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const f of onExit) {
        try {
          f();
        } catch {
          // best effort on the way out
        }
      }
    });
  }
  return () => onExit.delete(fn);
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`.trim()), { cause: error }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Disposable PostgreSQL
// ---------------------------------------------------------------------------------------------

/**
 * The directory of initdb and pg_ctl: `PG_BINDIR`, else `pg_config --bindir` when it holds them,
 * else the newest /usr/lib/postgresql/<version>/bin.
 */
export async function postgresBinDir(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // no pg_config on the PATH
  }
  const lib = '/usr/lib/postgresql';
  if (existsSync(lib)) {
    const { readdirSync } = await import('node:fs');
    const versions = readdirSync(lib).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(lib, v, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(`initdb and pg_ctl not found (looked in ${candidates.join(', ') || 'nothing'}); set PG_BINDIR`);
  return found;
}

export interface DisposablePostgres {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly serverUrl: string;
  /** The URL of another database on this server. */
  urlOf(database: string): string;
  /** The postmaster's pid while it runs. */
  pid(): number | undefined;
  /** `pg_ctl restart -m <mode>`: sessions are ended, the server is back when it resolves. */
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** SIGKILL to the postmaster (its backends end when they notice); the data stays. */
  kill(): Promise<void>;
  /** Starts the server again on the same data and port (after `kill`); retried while old backends linger. */
  start(): Promise<void>;
  /** Stops the server (immediate) and removes its folder. */
  stop(): Promise<void>;
}

export interface DisposablePostgresOptions {
  /** Extra server settings (`-c name=value`). */
  settings?: Record<string, string | number>;
  /** Keep the folder after stop() (for a post-mortem). Default false. */
  keep?: boolean;
}

/**
 * Starts a PostgreSQL server of its own on a free port of 127.0.0.1, trust authentication, user
 * `postgres`. Runs initdb and pg_ctl as the `postgres` user when this process is root (the server
 * refuses to run as root). fsync is off (a killed postmaster is not a lost machine: the kernel
 * keeps what was written); commits stay synchronous so that nothing acknowledged is lost.
 */
export async function startDisposablePostgres(options: DisposablePostgresOptions = {}): Promise<DisposablePostgres> {
  const bin = await postgresBinDir();
  const base = mkdtempSync(join(tmpdir(), 'onedoor-pg-'));
  const dataDir = join(base, 'data');
  const logFile = join(base, 'postgres.log');
  const root = process.getuid?.() === 0;
  if (root) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]).then((r) => r.map((x) => Number(x.stdout.trim())));
    chownSync(base, uid, gid);
  }
  const as = (command: string, args: string[], timeoutMs?: number) =>
    root ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeoutMs, cwd: base }) : run(join(bin, command), args, { timeoutMs, cwd: base });
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: 300,
    shared_buffers: '64MB',
    ...options.settings,
  };
  const serverOptions = [`-p ${port}`, `-k ${base}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  const pidFile = join(dataDir, 'postmaster.pid');
  const pid = () => {
    const p = readPid(pidFile);
    return p && processAlive(p) ? p : undefined;
  };

  let stopped = false;
  const forget = atExit(() => {
    const p = readPid(pidFile);
    if (p && processAlive(p)) process.kill(p, 'SIGKILL');
    if (!options.keep) rmSync(base, { recursive: true, force: true });
  });

  const pgStart = () => as('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start'], 90_000);
  try {
    await as('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8'], 120_000);
    await pgStart();
  } catch (e) {
    forget();
    const p = readPid(pidFile);
    await killHard(p);
    rmSync(base, { recursive: true, force: true });
    throw e;
  }

  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    dataDir,
    logFile,
    serverUrl,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    pid,
    async restart(mode = 'fast') {
      await as('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-m', mode, '-o', serverOptions, 'restart'], 90_000);
    },
    async kill() {
      const p = readPid(pidFile);
      await killHard(p);
      // Backends notice the postmaster's death and end on their own; wait for them (the next
      // start refuses while they still hold the shared memory).
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await backendsLeft(base))) await sleep(100);
    },
    async start() {
      let last: unknown;
      for (let attempt = 0; attempt < 30; attempt++) {
        try {
          await pgStart();
          return;
        } catch (e) {
          last = e;
          await sleep(500);
        }
      }
      throw last;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      forget();
      if (pid()) await as('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], 30_000).catch(() => undefined);
      await killHard(readPid(pidFile));
      if (!options.keep) rmSync(base, { recursive: true, force: true });
    },
  };
}

/** True while a process of this server remains (its processes run in its data folder). */
async function backendsLeft(base: string): Promise<boolean> {
  const { readdirSync, readlinkSync } = await import('node:fs');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(join(base, 'data')) && processAlive(Number(entry))) return true;
    } catch {
      // gone, or not ours to look at
    }
  }
  return false;
}

/**
 * Creates a fresh database `onedoor_t_<time>_<label><random>` on the server of `serverUrl` and
 * returns its URL. The name follows the test run's databases, so that stale ones are dropped with
 * theirs.
 */
export async function createDatabase(serverUrl: string, label = 'f'): Promise<string> {
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const name = `onedoor_t_${Date.now()}_${label}${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '');
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Disposable Kafka
// ---------------------------------------------------------------------------------------------

export interface DisposableKafka {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** 127.0.0.1:<port> */
  readonly brokers: string;
  readonly logFile: string;
  pid(): number | undefined;
  /** SIGKILL to the broker; the data stays. */
  kill(): Promise<void>;
  /** Starts the broker again on the same data and ports (deploy/kafka/start.sh). */
  start(): Promise<void>;
  /** Kills the broker and removes its folder. */
  stop(): Promise<void>;
}

export interface DisposableKafkaOptions {
  /** KAFKA_HEAP, default 384m. */
  heap?: string;
  keep?: boolean;
}

/**
 * Starts a single-node KRaft broker of its own with deploy/kafka/start.sh (KAFKA_PORT,
 * KAFKA_CONTROLLER_PORT, KAFKA_DATA_DIR) on free ports and a temporary data folder.
 */
export async function startDisposableKafka(options: DisposableKafkaOptions = {}): Promise<DisposableKafka> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-kafka-'));
  const [port, controllerPort] = await freePorts(2);
  const pidFile = join(dataDir, 'kafka.pid');
  const logFile = join(dataDir, 'kafka.log');
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_DATA_DIR: dataDir, KAFKA_HEAP: options.heap ?? '384m' };
  const pid = () => {
    const p = readPid(pidFile);
    return p && processAlive(p) ? p : undefined;
  };
  const forget = atExit(() => {
    const p = readPid(pidFile);
    if (p && processAlive(p)) process.kill(p, 'SIGKILL');
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  });
  const startScript = () =>
    new Promise<void>((resolve, reject) => {
      // The broker outlives the script (nohup …&): wait for the script's exit, not for its pipes.
      const child = spawn('bash', [join(ROOT, 'deploy', 'kafka', 'start.sh')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka start.sh exited with ${code}: ${stderr.trim()}`))));
    });
  const waitMetadata = async () => {
    const { Kafka, logLevel } = await import('kafkajs');
    const deadline = Date.now() + 60_000;
    let last: unknown;
    while (Date.now() < deadline) {
      const admin = new Kafka({ clientId: 'onedoor-fault', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        await admin.describeCluster();
        return;
      } catch (e) {
        last = e;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(250);
    }
    throw new Error(`the broker on ${port} did not answer: ${(last as Error)?.message}`);
  };
  try {
    await startScript();
    await waitMetadata();
  } catch (e) {
    forget();
    await killHard(readPid(pidFile));
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let stopped = false;
  return {
    port,
    controllerPort,
    dataDir,
    brokers: `127.0.0.1:${port}`,
    logFile,
    pid,
    async kill() {
      await killHard(readPid(pidFile));
    },
    async start() {
      await startScript();
      await waitMetadata();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      forget();
      await killHard(readPid(pidFile));
      if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

export interface LoadStats {
  /** Items submitted. */
  items: number;
  /** Items accepted in the end (2xx). */
  accepted: number;
  /** Items answered with a 4xx other than 409/429 (not retried). */
  rejected: number;
  /** Items still not accepted when the give-up time passed, or failed (5xx other than 503) too often. */
  abandoned: number;
  /** HTTP requests made, retries included. */
  requests: number;
  /** Requests retried (503, 409, 429, 5xx, no connection). */
  retries: number;
  /** Responses by status; 'error' for requests that got no response. */
  statuses: Record<string, number>;
  status503: number;
  /** 503 answers without a Retry-After header or not application/problem+json. */
  status503Bare: number;
  /** 5xx other than 503: failures. */
  status5xx: number;
  connectionErrors: number;
  /** The first few 5xx (other than 503) answers, for the report. */
  failures: string[];
  elapsedMs: number;
}

export interface LoadOptions<T> {
  items: readonly T[];
  /** Starts are spread evenly over this window. Default 10 s. */
  spreadMs?: number;
  /**
   * Sends one attempt. `key` is the item's idempotency key (the same on every attempt);
   * `attempt` counts from 0 (e.g. to try another instance).
   */
  send: (item: T, key: string, attempt: number, index: number) => Promise<ApiResponse>;
  /** An item still not accepted after this long is abandoned. Default 180 s. */
  giveUpMs?: number;
  /** Longest wait between attempts; Retry-After is honoured up to it. Default 2 s. */
  maxRetryDelayMs?: number;
  /** An item answered this many times with a 5xx other than 503 is given up (a failure). Default 5. */
  maxFailures?: number;
}

export interface LoadResult<T> {
  stats: LoadStats;
  /** Per item: the accepted (or last) response, or the last error. */
  outcomes: { item: T; key: string; response?: ApiResponse; error?: string }[];
}

/**
 * Submits every item once, starts spread over `spreadMs`, each retried with the same idempotency
 * key while the answer is 503, 409 (the same key still in flight), 429, another 5xx, or no answer
 * at all. Nothing is lost unless the give-up time passes; every answer is counted.
 */
export async function runLoad<T>(options: LoadOptions<T>): Promise<LoadResult<T>> {
  const spreadMs = options.spreadMs ?? 10_000;
  const giveUpMs = options.giveUpMs ?? 180_000;
  const maxFailures = options.maxFailures ?? 5;
  const maxDelay = options.maxRetryDelayMs ?? 2000;
  const stats: LoadStats = {
    items: options.items.length, accepted: 0, rejected: 0, abandoned: 0, requests: 0, retries: 0, statuses: {}, status503: 0, status503Bare: 0, status5xx: 0,
    connectionErrors: 0, failures: [], elapsedMs: 0,
  };
  const started = Date.now();
  const count = (status: string) => (stats.statuses[status] = (stats.statuses[status] ?? 0) + 1);
  const outcomes = await Promise.all(
    options.items.map(async (item, index) => {
      await sleep(options.items.length > 1 ? (spreadMs * index) / (options.items.length - 1) : 0);
      const key = randomUUID();
      const deadline = Date.now() + giveUpMs;
      let last: { response?: ApiResponse; error?: string } = {};
      let failures = 0;
      for (let attempt = 0; ; attempt++) {
        let delay = Math.min(maxDelay, 100 * 2 ** Math.min(attempt, 5));
        stats.requests++;
        try {
          const response = await options.send(item, key, attempt, index);
          last = { response };
          count(String(response.status));
          if (response.status >= 200 && response.status < 300) {
            stats.accepted++;
            break;
          }
          if (response.status === 503) {
            stats.status503++;
            if (!response.headers['retry-after'] || !(response.headers['content-type'] ?? '').startsWith('application/problem+json')) stats.status503Bare++;
            const retryAfter = Number(response.headers['retry-after']);
            if (Number.isFinite(retryAfter) && retryAfter >= 0) delay = Math.min(maxDelay, retryAfter * 1000);
          } else if (response.status >= 500) {
            stats.status5xx++;
            if (stats.failures.length < 10) stats.failures.push(`${response.status} ${JSON.stringify(response.body)?.slice(0, 500)}`);
            if (++failures >= maxFailures) {
              stats.abandoned++;
              break;
            }
          } else if (response.status !== 409 && response.status !== 429) {
            stats.rejected++;
            break;
          }
        } catch (e) {
          stats.connectionErrors++;
          count('error');
          last = { error: (e as Error).message };
        }
        if (Date.now() + delay > deadline) {
          stats.abandoned++;
          break;
        }
        stats.retries++;
        await sleep(delay);
      }
      return { item, key, ...last };
    }),
  );
  stats.elapsedMs = Date.now() - started;
  return { stats, outcomes };
}

// ---------------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------------

export interface ReadinessWatch {
  /** Answers per URL and status ('error' when none came). */
  readonly counts: Record<string, Record<string, number>>;
  /** Bodies of the first not-ready answers per URL (up to 3). */
  readonly notReady: Record<string, unknown[]>;
  /** Resets the counts (e.g. at the start of an outage). */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Polls `<url><path>` (default /health/ready) of every URL every `intervalMs` until stopped, and
 * counts the answers by status.
 */
export function watchReadiness(urls: readonly string[], options: { path?: string; intervalMs?: number } = {}): ReadinessWatch {
  const path = options.path ?? '/health/ready';
  const intervalMs = options.intervalMs ?? 250;
  const counts: Record<string, Record<string, number>> = {};
  const notReady: Record<string, unknown[]> = {};
  const reset = () => {
    for (const url of urls) {
      counts[url] = {};
      notReady[url] = [];
    }
  };
  reset();
  let running = true;
  const loops = urls.map(async (url) => {
    while (running) {
      let status = 'error';
      try {
        const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(3000) });
        status = String(res.status);
        const text = await res.text();
        if (res.status !== 200 && notReady[url].length < 3) {
          try {
            notReady[url].push(JSON.parse(text));
          } catch {
            notReady[url].push(text.slice(0, 500));
          }
        }
      } catch {
        status = 'error';
      }
      counts[url][status] = (counts[url][status] ?? 0) + 1;
      await sleep(intervalMs);
    }
  });
  return {
    counts,
    notReady,
    reset,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------------

async function withAdmin<R>(brokers: string, fn: (admin: import('kafkajs').Admin) => Promise<R>): Promise<R> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'onedoor-fault', brokers: brokers.split(',').map((b) => b.trim()), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Messages held per topic (end offset minus start offset, summed over partitions), for topics whose name passes `filter`. */
export async function topicCounts(brokers: string, filter: (topic: string) => boolean): Promise<Record<string, number>> {
  return withAdmin(brokers, async (admin) => {
    const out: Record<string, number> = {};
    for (const topic of (await admin.listTopics()).filter(filter).sort()) {
      const offsets = await admin.fetchTopicOffsets(topic);
      out[topic] = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    }
    return out;
  });
}

/** Dead letters per `<prefix>….dlq` topic. */
export const deadLetterCount = (brokers: string, prefix: string) => topicCounts(brokers, (t) => t.startsWith(prefix) && t.endsWith('.dlq'));

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Every message of `topic` from the start to its end offsets of the moment (a throw-away consumer group). */
export async function readTopic(brokers: string, topic: string): Promise<TopicMessage[]> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'onedoor-fault', brokers: brokers.split(',').map((b) => b.trim()), logLevel: logLevel.NOTHING });
  const ends = await withAdmin(brokers, async (admin) => (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })));
  const left = new Map(ends.filter((e) => e.high > e.low).map((e) => [e.partition, e.high]));
  const out: TopicMessage[] = [];
  if (left.size === 0) return out;
  const groupId = `onedoor-fault-read-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out (${out.length} read)`)), 60_000);
      void consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const high = left.get(partition);
            if (high === undefined || Number(message.offset) >= high) return;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
            out.push({ topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value, headers });
            if (Number(message.offset) >= high - 1) left.delete(partition);
            if (left.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await withAdmin(brokers, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  }
  return out;
}
