import type { DivisionCode, IsoDate } from '@onedoor/contracts';
import { chinaDateOf } from './dates';
import { ancestorsOf } from './jurisdiction';
import { DEFAULT_CATALOGUES } from './programme-defaults';
import { validateProgrammeCatalogue } from './programme-file';
import { isCatalogueInForce, type Programme, type ProgrammeCatalogue } from './programme';
import { ParameterSetConflictError } from './registry';

/** No catalogue covers the jurisdiction (nor any level above it) on that date. */
export class NoCatalogueError extends Error {
  constructor(readonly jurisdiction: DivisionCode, readonly onDate: IsoDate, readonly tried: DivisionCode[]) {
    super(`no programme catalogue in force on ${onDate} for ${jurisdiction} (looked at ${tried.join(' → ')})`);
    this.name = 'NoCatalogueError';
  }
}

/** Publishing the catalogue would make the registry ambiguous or rewrite history. */
export class CatalogueConflictError extends ParameterSetConflictError {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueConflictError';
  }
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/**
 * Immutable registry of published programme catalogues, the twin of PolicyRegistry: every version
 * stays (a routing names the catalogue and version it used); lookups use the highest version of
 * each id, at the most specific jurisdiction level with one in force, there the one that started last.
 */
export class CatalogueRegistry {
  private constructor(private readonly catalogues: readonly ProgrammeCatalogue[]) {}

  static empty(): CatalogueRegistry {
    return new CatalogueRegistry([]);
  }

  static of(catalogues: Iterable<ProgrammeCatalogue>): CatalogueRegistry {
    let registry = CatalogueRegistry.empty();
    for (const c of catalogues) registry = registry.withCatalogue(c);
    return registry;
  }

  /** The Siyang and Binzhou catalogues of policy-rules.md. */
  static defaults(): CatalogueRegistry {
    return CatalogueRegistry.of(DEFAULT_CATALOGUES);
  }

  /**
   * A registry that also holds `catalogue` (validated as stored: a catalogue on record stays readable
   * when a rule is added later; new catalogues are checked in full where they are written — the
   * catalogue file, the admin API). Republishing an identical version is a no-op;
   * a different body under an existing id and version, an id moved to another jurisdiction, or two
   * catalogues of one jurisdiction starting on the same day is a CatalogueConflictError.
   */
  withCatalogue(catalogue: ProgrammeCatalogue): CatalogueRegistry {
    const valid = deepFreeze(validateProgrammeCatalogue(catalogue, 'catalogue', 'stored'));
    const sameId = this.catalogues.filter((c) => c.id === valid.id);
    const sameVersion = sameId.find((c) => c.version === valid.version);
    if (sameVersion) {
      if (stable(sameVersion) === stable(valid)) return this;
      throw new CatalogueConflictError(`catalogue ${valid.id} version ${valid.version} is already published with other content; publish a new version`);
    }
    if (sameId[0] && sameId[0].jurisdiction !== valid.jurisdiction) {
      throw new CatalogueConflictError(`catalogue ${valid.id} belongs to ${sameId[0].jurisdiction}, not ${valid.jurisdiction}`);
    }
    const next = new CatalogueRegistry([...this.catalogues, valid]);
    const latest = next.find(valid.id) as ProgrammeCatalogue;
    const clash = next.current().find((c) => c.jurisdiction === valid.jurisdiction && c.id !== valid.id && c.validFrom === latest.validFrom);
    if (clash) throw new CatalogueConflictError(`${valid.jurisdiction} already has catalogue ${clash.id} starting ${clash.validFrom}: which one applies would be ambiguous`);
    return next;
  }

  /** The catalogue for `jurisdiction` on `onDate` (a date, or an instant taken as its China date). Throws NoCatalogueError. */
  lookup(jurisdiction: DivisionCode, onDate: IsoDate | Date): ProgrammeCatalogue {
    const found = this.tryLookup(jurisdiction, onDate);
    if (!found) throw new NoCatalogueError(jurisdiction, chinaDateOf(onDate), ancestorsOf(jurisdiction));
    return found;
  }

  /** As lookup, undefined when none is in force. */
  tryLookup(jurisdiction: DivisionCode, onDate: IsoDate | Date): ProgrammeCatalogue | undefined {
    const date = chinaDateOf(onDate);
    const current = this.current();
    for (const code of ancestorsOf(jurisdiction)) {
      const inForce = current.filter((c) => c.jurisdiction === code && isCatalogueInForce(c, date));
      if (inForce.length > 0) return inForce.reduce((a, b) => (b.validFrom > a.validFrom ? b : a));
    }
    return undefined;
  }

  /** A published catalogue by id: the given version, or the highest. */
  find(id: string, version?: number): ProgrammeCatalogue | undefined {
    return this.catalogues
      .filter((c) => c.id === id && (version === undefined || c.version === version))
      .reduce<ProgrammeCatalogue | undefined>((a, b) => (a === undefined || b.version > a.version ? b : a), undefined);
  }

  /** The highest version of every id. */
  current(): ProgrammeCatalogue[] {
    return [...new Set(this.catalogues.map((c) => c.id))].map((id) => this.find(id) as ProgrammeCatalogue);
  }

  /** Every published version, in publication order. */
  all(): readonly ProgrammeCatalogue[] {
    return this.catalogues;
  }

  /**
   * The catalogue to publish so that `programme` is offered in `jurisdiction` from `validFrom` (a
   * China date), every other programme staying as it is then: a new version of the jurisdiction's
   * own catalogue starting that day when there is one (the programme added or replaced by id), else
   * a new catalogue `${jurisdiction}-${validFrom}` for the jurisdiction holding the programmes in
   * force there on that day (inherited from the level above, if any) plus this one. Pure.
   */
  catalogueWithProgramme(jurisdiction: DivisionCode, validFrom: IsoDate, programme: Programme): ProgrammeCatalogue {
    const inForce = this.tryLookup(jurisdiction, validFrom);
    const replaced = (list: readonly Programme[]) =>
      list.some((p) => p.id === programme.id) ? list.map((p) => (p.id === programme.id ? programme : p)) : [...list, programme];
    if (inForce && inForce.jurisdiction === jurisdiction && inForce.validFrom === validFrom) {
      const highest = this.catalogues.filter((c) => c.id === inForce.id).reduce((a, b) => Math.max(a, b.version), 0);
      return { ...structuredClone(inForce), version: highest + 1, programmes: structuredClone(replaced(inForce.programmes)) };
    }
    const id = `${jurisdiction}-${validFrom}`;
    const previous = this.find(id);
    return {
      id,
      version: (previous?.version ?? 0) + 1,
      jurisdiction,
      validFrom,
      ...(inForce?.validTo !== undefined && inForce.validTo >= validFrom ? { validTo: inForce.validTo } : {}),
      source: inForce ? `from catalogue ${inForce.id} v${inForce.version}, with programme ${programme.id}` : `programme ${programme.id}`,
      programmes: structuredClone(replaced(inForce?.programmes ?? [])),
    };
  }
}
