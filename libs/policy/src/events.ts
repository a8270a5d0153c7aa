import type { ParameterSet } from './parameter-set';
import type { PolicyRegistry } from './registry';

/** A parameter change is an event: payload of `ParameterSetPublished`. */
export interface ParameterSetPublished {
  parameterSet: ParameterSet;
}
export const PARAMETER_SET_PUBLISHED = 'ParameterSetPublished' as const;
export interface ParameterSetPublishedEvent {
  type: typeof PARAMETER_SET_PUBLISHED;
  data: ParameterSetPublished;
}

/** Folds a published set into the registry; accepts the payload or the whole `{ type, data }` event. */
export function evolveRegistry(registry: PolicyRegistry, event: ParameterSetPublished | ParameterSetPublishedEvent): PolicyRegistry {
  const payload = 'data' in event ? event.data : event;
  return registry.withParameterSet(payload.parameterSet);
}
