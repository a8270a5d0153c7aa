import type { CatalogueRegistry } from './catalogue-registry';
import type { ParameterSet } from './parameter-set';
import type { ProgrammeCatalogue } from './programme';
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

/** A catalogue change is an event: payload of `ProgrammeCataloguePublished` (a new catalogue, or a new version of one). */
export interface ProgrammeCataloguePublished {
  catalogue: ProgrammeCatalogue;
}
export const PROGRAMME_CATALOGUE_PUBLISHED = 'ProgrammeCataloguePublished' as const;
export interface ProgrammeCataloguePublishedEvent {
  type: typeof PROGRAMME_CATALOGUE_PUBLISHED;
  data: ProgrammeCataloguePublished;
}

/** Folds a published catalogue into the registry; accepts the payload or the whole `{ type, data }` event. */
export function evolveCatalogues(registry: CatalogueRegistry, event: ProgrammeCataloguePublished | ProgrammeCataloguePublishedEvent): CatalogueRegistry {
  const payload = 'data' in event ? event.data : event;
  return registry.withCatalogue(payload.catalogue);
}
