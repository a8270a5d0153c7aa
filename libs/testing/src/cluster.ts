/**
 * Runs OneDoor as real processes for end-to-end tests, the demo and benchmarks.
 *
 * - `startDistributed`: each service its own Node process (`services/<service>/src/main.ts`) on
 *   PostgreSQL and Kafka; `restart(service)` kills one with SIGKILL and starts it again on its port.
 * - `startEmbedded`: the all-in-one process (PGlite under `dataDir`, in-process bus).
 * - `api(baseUrl, token)`: a small JSON client; `waitFor(fn)`: polls until `fn` gives a value.
 *
 * Children write stdout and stderr to tmp/e2e-logs/<run>/<service>.{out,err}.log. Ports come from
 * ONEDOOR_E2E_PORT_BASE when set, else a random free block in 20000–32000 (freePortBase): intake base+1 …
 * funding base+5, embedded base+0. Topics and consumer groups are namespaced per run
 * (ONEDOOR_TOPIC_PREFIX) so that runs sharing a broker stay apart.
 *
 * Nothing here loads NestJS (unit tests import this library): tokens are signed through a dynamic
 * import of the service kit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { SERVICE_PORT_OFFSETS, SERVICES, serviceUrlVariable, type Role, type Service } from '@onedoor/contracts';

export const ROOT = join(__dirname, '..', '..', '..');

/** Every service of the contract (libs/contracts SERVICES), each at its port offset from the base (the gateway at the base). */
export type ServiceName = Service;
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES;
const PORT_OFFSET: Record<ServiceName, number> = SERVICE_PORT_OFFSETS;
/** Ports a cluster takes from its base: the gateway's and one per service. */
const PORT_SPAN = Math.max(...Object.values(SERVICE_PORT_OFFSETS)) + 1;

/** ONEDOOR_E2E_PORT_BASE, default 4100 (clear of the development ports 3000–3005). */
export function portBase(): number {
  const base = Number(process.env.ONEDOOR_E2E_PORT_BASE ?? 4100);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) throw new Error(`ONEDOOR_E2E_PORT_BASE must be a port number, got ${process.env.ONEDOOR_E2E_PORT_BASE}`);
  return base;
}

export const portOf = (service: ServiceName, base = portBase()) => base + PORT_OFFSET[service];

/**
 * A port base whose ports base…base+span-1 are all free: ONEDOOR_E2E_PORT_BASE exactly when it is
 * set, else a free block at a random multiple of ten in 20000–32000 (below the kernel's ephemeral
 * range), so that suites running at the same time — Jest workers, or two runs on one machine —
 * do not pick the same block between checking and binding it.
 */
export async function freePortBase(span = PORT_SPAN): Promise<number> {
  return process.env.ONEDOOR_E2E_PORT_BASE ? portBase() : freePortBlock(span);
}

/**
 * A base port whose `span` ports from it are all free, picked at random among multiples of ten in
 * 20000–32000 (below the kernel's ephemeral range), whatever ONEDOOR_E2E_PORT_BASE says: for a
 * cluster that must not meet another run on this machine, nor its clients.
 */
export async function freePortBlock(span = PORT_SPAN): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20000 + 10 * Math.floor(Math.random() * 1200);
    let free = true;
    for (let p = base; p < base + span && free; p++) free = await portFree(p);
    if (free) return base;
  }
  throw new Error(`no block of ${span} free ports found in 20000–32000`);
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

const LOG_ROOT = join(ROOT, 'tmp', 'e2e-logs');
const KEEP_LOG_RUNS = 12;

function newLogDir(label: string): string {
  mkdirSync(LOG_ROOT, { recursive: true });
  // Keep the most recent runs; never remove one younger than an hour (it may still be running).
  const runs = readdirSync(LOG_ROOT).flatMap((name) => {
    try {
      const st = statSync(join(LOG_ROOT, name));
      return st.isDirectory() ? [{ path: join(LOG_ROOT, name), mtimeMs: st.mtimeMs }] : [];
    } catch {
      return [];
    }
  });
  runs.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const r of runs.slice(KEEP_LOG_RUNS - 1)) {
    if (Date.now() - r.mtimeMs > 3600_000) rmSync(r.path, { recursive: true, force: true });
  }
  const dir = join(LOG_ROOT, `${new Date().toISOString().replace(/[:.]/g, '-')}-${label}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no output)';
  const text = readFileSync(file, 'utf8');
  const all = text.split('\n');
  return all.slice(Math.max(0, all.length - lines - 1)).join('\n').trim() || '(empty)';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when nothing listens on `port` (127.0.0.1 and all interfaces). */
async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * A /health answer of an instance that is up but leaves publishing to another instance: the
 * database up and every relay running or on standby.
 */
function standbyOnly(text: string): boolean {
  try {
    const h = JSON.parse(text) as { database?: string; services?: { relay?: string }[] };
    return h.database === 'up' && !!h.services?.length && h.services.every((s) => s.relay === 'running' || s.relay === 'standby');
  } catch {
    return false;
  }
}

/** Every child still alive is killed when this process exits, whatever way it ends. */
const alive = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess) {
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of alive) c.kill('SIGKILL');
    });
  }
}

interface ProcessSpec {
  name: string;
  entry: string;
  port: number;
  env: NodeJS.ProcessEnv;
  logDir: string;
}

class ManagedProcess {
  child?: ChildProcess;
  exited?: { code: number | null; signal: NodeJS.Signals | null };
  private exitWaiters: (() => void)[] = [];
  readonly outFile: string;
  readonly errFile: string;
  readonly url: string;

  constructor(readonly spec: ProcessSpec) {
    this.outFile = join(spec.logDir, `${spec.name}.out.log`);
    this.errFile = join(spec.logDir, `${spec.name}.err.log`);
    this.url = `http://127.0.0.1:${spec.port}`;
  }

  async start(healthTimeoutMs: number): Promise<void> {
    if (!(await portFree(this.spec.port))) {
      throw new Error(`${this.spec.name}: port ${this.spec.port} is already in use (another run? set ONEDOOR_E2E_PORT_BASE to move the ports)`);
    }
    const out = openSync(this.outFile, 'a');
    const err = openSync(this.errFile, 'a');
    const banner = `--- ${new Date().toISOString()} starting ${this.spec.name} on port ${this.spec.port}\n`;
    writeSync(out, banner);
    writeSync(err, banner);
    this.exited = undefined;
    // ONEDOOR_SERVICE_NODE_ARGS: extra node flags for every service process (e.g. --cpu-prof).
    const nodeArgs = (process.env.ONEDOOR_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '-r', './tools/register.js', this.spec.entry], {
      cwd: ROOT,
      env: this.spec.env,
      stdio: ['ignore', out, err],
    });
    closeSync(out);
    closeSync(err);
    this.child = child;
    trackChild(child);
    child.once('exit', (code, signal) => {
      this.exited = { code, signal };
      const waiters = this.exitWaiters;
      this.exitWaiters = [];
      waiters.forEach((w) => w());
    });
    await this.waitHealthy(healthTimeoutMs);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(
          `${this.spec.name} exited during start-up (code ${this.exited.code}, signal ${this.exited.signal}); ` +
            `last stderr lines (${relative(ROOT, this.errFile)}):\n${tail(this.errFile)}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        const text = await res.text();
        if (res.status === 200 || standbyOnly(text)) return;
        last = `${res.status} ${text.slice(0, 500)}`;
      } catch (e) {
        last = (e as Error).message;
      }
      await sleep(250);
    }
    throw new Error(
      `${this.spec.name} did not become healthy on ${this.url}/health within ${timeoutMs} ms (last: ${last}); ` +
        `last stderr lines (${relative(ROOT, this.errFile)}):\n${tail(this.errFile)}`,
    );
  }

  private waitExit(timeoutMs: number): Promise<boolean> {
    if (!this.child || this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** SIGKILL: no shutdown hooks, no consumer leaving its group, nothing flushed. */
  async kill(): Promise<void> {
    if (!this.child || this.exited) return;
    this.child.kill('SIGKILL');
    await this.waitExit(10_000);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.child || this.exited) return;
    this.child.kill('SIGTERM');
    if (!(await this.waitExit(graceMs))) await this.kill();
  }

  lastStderr(lines = 30) {
    return tail(this.errFile, lines);
  }
}

// ---------------------------------------------------------------------------------------------
// Distributed mode
// ---------------------------------------------------------------------------------------------

export interface DistributedOptions {
  databaseUrl: string;
  kafkaBrokers: string;
  /** Default: every service. */
  services?: readonly ServiceName[];
  /** Extra environment for every child (e.g. ONEDOOR_JWT_SECRET). */
  env?: Record<string, string | undefined>;
  /** Default: freePortBase() (ONEDOOR_E2E_PORT_BASE, else a random free block). */
  basePort?: number;
  /** Default 90 s (five processes compiling on a small machine). */
  healthTimeoutMs?: number;
  /**
   * Namespace of topics and consumer groups (ONEDOOR_TOPIC_PREFIX), so that runs sharing a broker
   * never read each other's events. Default: the environment's ONEDOOR_TOPIC_PREFIX, else a fresh
   * one for this cluster. '' uses the contract's plain topic names.
   */
  topicPrefix?: string;
  /**
   * With plain topic names only: before starting, move idle consumer groups on the onedoor.*
   * topics to their end, so that messages of earlier runs (against other databases) are not
   * replayed into this fresh one. Default true.
   */
  fastForwardConsumerGroups?: boolean;
  /** Label of the log directory. */
  label?: string;
  /**
   * Processes per service, default 1. Instance i of a service listens on its usual port plus
   * 10 × i (intake base+1, base+11, …); logs of instance i > 0 are `<service>-<i>.{out,err}.log`.
   */
  instances?: number;
  /**
   * Also start the gateway (services/gateway) on base+0, in front of instance 0 of every service
   * (ONEDOOR_<SERVICE>_URL), once they are healthy; its URL is `gatewayUrl`. Default false.
   */
  gateway?: boolean;
}

/** One service process of a cluster, as it stands. */
export interface ClusterProcess {
  service: ServiceName;
  instance: number;
  url: string;
  pid?: number;
  /** How it ended, when it is not running. */
  exited?: { code: number | null; signal: NodeJS.Signals | null };
}

export interface Cluster {
  urls: Record<ServiceName, string>;
  /** The gateway's URL, when the cluster was started with `gateway: true`. */
  gatewayUrl?: string;
  logDir: string;
  /** ONEDOOR_TOPIC_PREFIX of the services ('' for the plain contract names). */
  topicPrefix: string;
  /** Every instance's URL per service (`urls` is instance 0). */
  instanceUrls: Record<ServiceName, string[]>;
  /** Kills one service (SIGKILL) and starts it again on the same port; resolves when healthy. */
  restart(service: ServiceName, instance?: number): Promise<void>;
  /** Kills one service (SIGKILL) and leaves it down. */
  kill(service: ServiceName, instance?: number): Promise<void>;
  /** Starts a killed service again. */
  start(service: ServiceName, instance?: number): Promise<void>;
  lastStderr(service: ServiceName, lines?: number, instance?: number): string;
  /** Every process of the cluster: pid while running, how it ended otherwise. */
  processes(): ClusterProcess[];
  /** Stops every service (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

/**
 * Test, demo and benchmark runs fire far more writes (and refused tokens) per caller than the
 * production rate limits allow; they run with limits high enough never to be met, unless the
 * caller's environment or `options.env` sets them.
 */
const HARNESS_RATE_LIMITS = {
  ONEDOOR_RATE_LIMIT_WRITES: process.env.ONEDOOR_RATE_LIMIT_WRITES ?? '1000000/min',
  ONEDOOR_RATE_LIMIT_AUTH_FAILURES: process.env.ONEDOOR_RATE_LIMIT_AUTH_FAILURES ?? '1000000/min',
};

export async function startDistributed(options: DistributedOptions): Promise<Cluster> {
  const services = options.services ?? SERVICE_NAMES;
  const instances = Math.max(1, Math.floor(options.instances ?? 1));
  const base = options.basePort ?? (await freePortBase(instances > 1 ? 10 * (instances - 1) + PORT_SPAN : PORT_SPAN));
  const healthTimeoutMs = options.healthTimeoutMs ?? 90_000;
  const logDir = newLogDir(options.label ?? 'distributed');
  const topicPrefix = options.topicPrefix ?? options.env?.ONEDOOR_TOPIC_PREFIX ?? process.env.ONEDOOR_TOPIC_PREFIX ?? `c${Date.now().toString(36)}.`;
  if (topicPrefix === '' && (options.fastForwardConsumerGroups ?? true)) await fastForwardConsumerGroups(options.kafkaBrokers);

  const processes = new Map<ServiceName, ManagedProcess>();
  const extra = new Map<ServiceName, ManagedProcess[]>();
  for (let instance = 0; instance < instances; instance++) {
    for (const service of services) {
      const port = portOf(service, base) + 10 * instance;
      const managed = new ManagedProcess({
        name: instance === 0 ? service : `${service}-${instance}`,
        entry: `services/${service}/src/main.ts`,
        port,
        logDir,
        env: {
          ...process.env,
          ONEDOOR_LOG: 'quiet',
          ...HARNESS_RATE_LIMITS,
          ...options.env,
          ONEDOOR_TOPIC_PREFIX: topicPrefix,
          PORT: String(port),
          DATABASE_URL: options.databaseUrl,
          KAFKA_BROKERS: options.kafkaBrokers,
        },
      });
      if (instance === 0) processes.set(service, managed);
      else extra.set(service, [...(extra.get(service) ?? []), managed]);
    }
  }
  const all = [...processes.values(), ...[...extra.values()].flat()];
  const started = await Promise.allSettled(all.map((p) => p.start(healthTimeoutMs)));
  const failures = started.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length) {
    await Promise.all(all.map((p) => p.stop(3000)));
    throw new Error(`the distributed cluster did not start (logs in ${relative(ROOT, logDir)}):\n${failures.join('\n\n')}`);
  }
  const urls = Object.fromEntries([...processes.entries()].map(([service, p]) => [service, p.url])) as Record<ServiceName, string>;
  let gateway: ManagedProcess | undefined;
  if (options.gateway) {
    const upstreamEnv = Object.fromEntries(Object.entries(urls).map(([service, url]) => [serviceUrlVariable(service as Service), url]));
    gateway = new ManagedProcess({
      name: 'gateway',
      entry: 'services/gateway/src/main.ts',
      port: base,
      logDir,
      env: { ...process.env, ONEDOOR_LOG: 'quiet', ...options.env, ...upstreamEnv, PORT: String(base) },
    });
    try {
      await gateway.start(healthTimeoutMs);
    } catch (e) {
      await Promise.all([...all, gateway].map((p) => p.stop(3000)));
      throw new Error(`the gateway did not start (logs in ${relative(ROOT, logDir)}):\n${(e as Error).message}`);
    }
    all.push(gateway);
  }
  const instancesOf = (service: ServiceName) => [processes.get(service)!, ...(extra.get(service) ?? [])];
  const instanceUrls = Object.fromEntries([...processes.keys()].map((service) => [service, instancesOf(service).map((p) => p.url)])) as Record<ServiceName, string[]>;
  const get = (service: ServiceName, instance = 0) => {
    const p = processes.has(service) ? instancesOf(service)[instance] : undefined;
    if (!p) throw new Error(`${service}${instance ? ` instance ${instance}` : ''} is not part of this cluster`);
    return p;
  };
  return {
    urls,
    gatewayUrl: gateway?.url,
    instanceUrls,
    logDir,
    topicPrefix,
    async restart(service, instance) {
      const p = get(service, instance);
      await p.kill();
      await p.start(healthTimeoutMs);
    },
    async kill(service, instance) {
      await get(service, instance).kill();
    },
    async start(service, instance) {
      await get(service, instance).start(healthTimeoutMs);
    },
    lastStderr: (service, lines, instance) => get(service, instance).lastStderr(lines),
    processes: () =>
      [...processes.keys()].flatMap((service) =>
        instancesOf(service).map((p, instance) => ({
          service,
          instance,
          url: p.url,
          pid: p.exited ? undefined : p.child?.pid,
          exited: p.exited,
        })),
      ),
    async stop() {
      await Promise.all(all.map((p) => p.stop()));
    },
  };
}

/**
 * Moves consumer groups with no members to the latest offsets of the onedoor.* topics they
 * committed on. Groups with live members (someone else's services) are left alone.
 */
export async function fastForwardConsumerGroups(kafkaBrokers: string): Promise<string[]> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'onedoor-e2e-harness', brokers: kafkaBrokers.split(',').map((b) => b.trim()), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const moved: string[] = [];
  try {
    const { groups } = await admin.listGroups();
    if (groups.length === 0) return moved;
    const described = await admin.describeGroups(groups.map((g) => g.groupId));
    for (const g of described.groups) {
      if (g.members.length > 0 || (g.state !== 'Empty' && g.state !== 'Dead')) continue;
      const offsets = await admin.fetchOffsets({ groupId: g.groupId });
      for (const { topic, partitions } of offsets) {
        if (!topic.startsWith('onedoor.')) continue;
        const latest = await admin.fetchTopicOffsets(topic);
        const behind = partitions.some((p) => {
          const high = latest.find((l) => l.partition === p.partition)?.high;
          return high !== undefined && Number(p.offset) < Number(high);
        });
        if (!behind && partitions.length === latest.length) continue;
        await admin.setOffsets({ groupId: g.groupId, topic, partitions: latest.map((l) => ({ partition: l.partition, offset: l.high })) });
        moved.push(`${g.groupId}:${topic}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------
// Embedded mode
// ---------------------------------------------------------------------------------------------

export interface EmbeddedOptions {
  /** PGlite data directory (ONEDOOR_DATA_DIR). */
  dataDir: string;
  /** Default: freePortBase(1) (ONEDOOR_E2E_PORT_BASE, else a random free port). */
  port?: number;
  env?: Record<string, string | undefined>;
  healthTimeoutMs?: number;
  label?: string;
}

export interface EmbeddedServer {
  url: string;
  logDir: string;
  /** Kills the process (SIGKILL) and starts it again on the same data directory and port. */
  restart(): Promise<void>;
  lastStderr(lines?: number): string;
  stop(): Promise<void>;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const port = options.port ?? (await freePortBase(1));
  const healthTimeoutMs = options.healthTimeoutMs ?? 90_000;
  const logDir = newLogDir(options.label ?? 'embedded');
  mkdirSync(options.dataDir, { recursive: true });
  // Embedded means no DATABASE_URL and no KAFKA_BROKERS, whatever the caller's environment holds.
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...inherited } = process.env;
  const p = new ManagedProcess({
    name: 'all-in-one',
    entry: 'services/all-in-one/src/main.ts',
    port,
    logDir,
    env: { ...inherited, ONEDOOR_LOG: 'quiet', ...HARNESS_RATE_LIMITS, ...options.env, PORT: String(port), ONEDOOR_DATA_DIR: options.dataDir },
  });
  try {
    await p.start(healthTimeoutMs);
  } catch (e) {
    await p.stop(3000);
    throw e;
  }
  return {
    url: p.url,
    logDir,
    async restart() {
      await p.kill();
      await p.start(healthTimeoutMs);
    },
    lastStderr: (lines) => p.lastStderr(lines),
    stop: () => p.stop(),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP client, tokens, polling
// ---------------------------------------------------------------------------------------------

export interface TokenClaims {
  sub: string;
  roles: Role[];
  jurisdiction: string;
  department?: string;
}

/** A bearer token for the configured secret (ONEDOOR_JWT_SECRET), via the service kit's signToken. */
export async function tokenFor(claims: TokenClaims): Promise<string> {
  const { signToken } = await import('@onedoor/service-kit');
  return signToken(claims);
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface ApiClient {
  readonly baseUrl: string;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** A string body is sent as it is (for malformed JSON); anything else as JSON. */
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The same client with another caller. */
  as(token: string | TokenClaims | undefined): ApiClient;
}

/**
 * JSON over fetch. `path` is relative to `/api/v1` unless it starts with `/health`, `/metrics`,
 * `/docs` or `/api/`. `token` is a JWT, or claims to sign on first use, or nothing.
 */
export function api(baseUrl: string, token?: string | TokenClaims): ApiClient {
  const base = baseUrl.replace(/\/$/, '');
  let bearer: Promise<string | undefined> | undefined;
  const auth = () => (bearer ??= typeof token === 'object' ? tokenFor(token) : Promise.resolve(token));
  const urlOf = (path: string) => (/^\/(health|metrics|docs|api\/|graphql)/.test(path) ? `${base}${path}` : `${base}/api/v1${path.startsWith('/') ? '' : '/'}${path}`);

  async function request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    const jwt = await auth();
    if (jwt) headers.authorization = `Bearer ${jwt}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(urlOf(path), { method, headers, body: payload, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await res.text();
    let parsed: unknown = text;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    } else {
      parsed = undefined;
    }
    const out: Record<string, string> = {};
    res.headers.forEach((value, key) => (out[key] = value));
    return { status: res.status, body: parsed as T, headers: out };
  }

  return {
    baseUrl: base,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body ?? {}, options),
    as: (other) => api(base, other),
  };
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
}

/**
 * Calls `fn` until it returns something other than undefined, null or false (errors count as "not
 * yet"), and resolves with it. On timeout, rejects with the last value or error.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitOptions = {}): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  let lastError: unknown = undefined;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<T, undefined | null | false>;
      last = value;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  const detail = lastError ? `last error: ${(lastError as Error).message ?? String(lastError)}` : `last value: ${safeJson(last)}`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'} (${detail})`);
}

/**
 * Fetches with `get` until `done(value)` holds and resolves with that value; on timeout, rejects
 * with the last value fetched (or the last error).
 */
export async function waitUntil<T>(get: () => Promise<T>, done: (value: T) => boolean, options: WaitOptions = {}): Promise<T> {
  let last: { value?: T; error?: unknown } = {};
  try {
    return await waitFor(async () => {
      try {
        const value = await get();
        last = { value };
        return done(value) ? { value } : undefined;
      } catch (error) {
        last = { error };
        throw error;
      }
    }, options).then((r) => r.value);
  } catch (e) {
    const detail = last.error ? `last error: ${(last.error as Error).message ?? String(last.error)}` : `last value: ${safeJson(last.value)}`;
    throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.what ?? 'a condition'} (${detail})`);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}
