import { kafkaSecurityFromEnv, type KafkaSecurity } from '@onedoor/messaging';
import { Kafka, logLevel, type Admin } from 'kafkajs';

/**
 * One kafkajs admin client for health and metrics: consumer-group lag and a reachability probe.
 * It connects on first use; after a failure it is dropped and a new one connects on the next call,
 * so a broker that went away and came back is found again. No call ever rejects unhandled.
 * `security`: TLS and SASL as for the services' transport (default: kafkaSecurityFromEnv()).
 */
export function kafkaConsumerLag(brokers: string[], security: KafkaSecurity = kafkaSecurityFromEnv()) {
  const kafka = new Kafka({
    clientId: 'onedoor-lag',
    brokers,
    ...security,
    logLevel: logLevel.NOTHING,
    // Fail fast: a health check waits for the answer, and the next check tries again.
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 1000 },
    connectionTimeout: 2000,
    requestTimeout: 5000,
  });
  let ready: Promise<Admin> | undefined;
  let probing: Promise<void> | undefined;

  const admin = (): Promise<Admin> => {
    ready ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    const current = ready;
    current.catch(() => {
      if (ready === current) ready = undefined;
    });
    return current;
  };
  /** Runs work on the admin; on failure drops the admin (a fresh one connects next time) and rethrows. */
  const using = async <T>(work: (a: Admin) => Promise<T>): Promise<T> => {
    const current = admin();
    try {
      return await work(await current);
    } catch (e) {
      if (ready === current) {
        ready = undefined;
        void current.then((a) => a.disconnect()).catch(() => undefined);
      }
      throw e;
    }
  };

  return {
    /** Messages `groupId` has yet to read of `topics`: end offsets minus committed, over all partitions. */
    measure(groupId: string, topics: string[]): Promise<number> {
      return using(async (a) => {
        const committed = await a.fetchOffsets({ groupId, topics });
        let lag = 0;
        for (const t of committed) {
          const ends = await a.fetchTopicOffsets(t.topic);
          for (const p of t.partitions) {
            const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
            const at = Number(p.offset);
            lag += Math.max(0, end - (at < 0 ? 0 : at));
          }
        }
        return lag;
      });
    },
    /**
     * Resolves when a broker answers a metadata request within timeoutMs (default 2000); rejects
     * with the reason otherwise. Concurrent probes share one request.
     */
    ping(timeoutMs = 2000): Promise<void> {
      probing ??= using((a) => a.describeCluster())
        .then(() => undefined)
        .finally(() => (probing = undefined));
      const probe = probing;
      probe.catch(() => undefined); // the caller may have given up waiting
      return withTimeout(probe, timeoutMs, 'broker did not answer');
    },
    async close() {
      const current = ready;
      ready = undefined;
      await current?.then((a) => a.disconnect()).catch(() => undefined);
    },
  };
}

/** Resolves or rejects as `work` does, or rejects with `message` after ms; never leaves a timer behind. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
