import type { RelayStatus } from '@onedoor/messaging';

/** A consumer's state as InboxConsumer.status() reports it. */
export interface ConsumerStatus {
  state: 'running' | 'retrying' | 'stopped' | 'failed';
  since?: string;
  reason?: string;
}

/** Outcome of a reachability check: ok, or not with the reason. */
export type Check = { ok: true } | { ok: false; reason: string };

export interface ReadinessInput {
  database: Check;
  /** Undefined when there is no broker to reach (the in-process bus). */
  broker?: Check;
  services: readonly { service: string; relay: RelayStatus; consumers: readonly { name: string; status: ConsumerStatus }[] }[];
  /** Default Date.now(). */
  now?: number;
  /** How long a relay may be 'retrying' and still count as ready (a brief hiccup). Default 5000. */
  relayGraceMs?: number;
}

export interface ComponentReadiness {
  ok: boolean;
  state: string;
  since?: string;
  reason?: string;
}

export interface Readiness {
  ready: boolean;
  /** Keyed `database`, `broker`, `<service>.relay`, `<service>.consumer.<name>`. */
  components: Record<string, ComponentReadiness>;
}

/**
 * Whether a process should take traffic, and why not. Ready when: the database answered; the
 * broker (if any) answered; every relay is running or standing by (another instance publishes), or
 * has been retrying for less than relayGraceMs; every consumer is running. A consumer retrying
 * (database or broker away), stopped or failed makes the process not ready.
 */
export function readiness(input: ReadinessInput): Readiness {
  const now = input.now ?? Date.now();
  const grace = input.relayGraceMs ?? 5000;
  const components: Record<string, ComponentReadiness> = {};
  const check = (c: Check): ComponentReadiness => (c.ok ? { ok: true, state: 'up' } : { ok: false, state: 'down', reason: c.reason });
  components.database = check(input.database);
  if (input.broker) components.broker = check(input.broker);
  for (const s of input.services) {
    const r = s.relay;
    const retryingFor = now - Date.parse(r.since);
    const relayOk = r.state === 'running' || r.state === 'standby' || (r.state === 'retrying' && retryingFor < grace);
    components[`${s.service}.relay`] = { ok: relayOk, ...r };
    for (const c of s.consumers) {
      components[`${s.service}.consumer.${c.name}`] = { ok: c.status.state === 'running', ...c.status };
    }
  }
  return { ready: Object.values(components).every((c) => c.ok), components };
}
