import { readFileSync } from 'node:fs';
import type { EventStore, RecordedEvent } from '@onedoor/event-store';
import {
  DEFAULT_PARAMETER_SETS, evolveRegistry, PARAMETER_SET_PUBLISHED, parseParameterFile, PolicyRegistry, type ParameterSet,
  type ParameterSetPublished,
} from '@onedoor/policy';
import { uuidFromName } from './ids';

export const POLICY_STREAM = 'policy-parameter-sets';

/**
 * The parameter sets a service decides with. A parameter change is an event: the defaults and the
 * sets of ONEDOOR_POLICY_FILE are published to the service's store as ParameterSetPublished
 * (once per id and version) and the registry is folded from that stream.
 */
export async function loadPolicy(store: EventStore, file = process.env.ONEDOOR_POLICY_FILE): Promise<PolicyRegistry> {
  const sets: ParameterSet[] = [...DEFAULT_PARAMETER_SETS, ...(file ? parseParameterFile(readFileSync(file, 'utf8')) : [])];
  const published = (await store.readStream(POLICY_STREAM)) as RecordedEvent<ParameterSetPublished>[];
  const known = new Set(published.map((e) => `${e.data.parameterSet.id}@${e.data.parameterSet.version}`));
  const fresh = sets.filter((s) => !known.has(`${s.id}@${s.version}`));
  if (fresh.length) {
    await store.append(
      POLICY_STREAM,
      fresh.map((parameterSet) => ({
        type: PARAMETER_SET_PUBLISHED,
        data: { parameterSet },
        eventId: uuidFromName(`parameter-set|${parameterSet.id}|${parameterSet.version}`),
        metadata: { correlationId: 'policy', actor: { sub: 'policy-loader', role: 'admin' } },
      })),
    );
  }
  const events = (await store.readStream(POLICY_STREAM)) as RecordedEvent<ParameterSetPublished>[];
  return events.reduce((r, e) => evolveRegistry(r, e.data), PolicyRegistry.empty());
}
export * from './catalogue';
