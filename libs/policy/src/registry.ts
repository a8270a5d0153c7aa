import type { DivisionCode, IsoDate } from '@onedoor/contracts';
import { chinaDateOf } from './dates';
import { DEFAULT_PARAMETER_SETS } from './defaults';
import { ancestorsOf } from './jurisdiction';
import { validateParameterSet } from './parameter-file';
import { isInForce, type ParameterSet } from './parameter-set';

/** No set covers the jurisdiction (nor any level above it) on that date. */
export class NoParameterSetError extends Error {
  constructor(readonly jurisdiction: DivisionCode, readonly onDate: IsoDate, readonly tried: DivisionCode[]) {
    super(`no policy parameter set in force on ${onDate} for ${jurisdiction} (looked at ${tried.join(' → ')})`);
    this.name = 'NoParameterSetError';
  }
}

/** Publishing the set would make the registry ambiguous or rewrite history. */
export class ParameterSetConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterSetConflictError';
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/**
 * Immutable, in-memory registry of published parameter sets. Every version stays (decisions name the
 * set and version they used, so an auditor can re-run them with `find`); lookups use the highest
 * version of each id.
 */
export class PolicyRegistry {
  private constructor(private readonly sets: readonly ParameterSet[]) {}

  static empty(): PolicyRegistry {
    return new PolicyRegistry([]);
  }

  static of(sets: Iterable<ParameterSet>): PolicyRegistry {
    let registry = PolicyRegistry.empty();
    for (const set of sets) registry = registry.withParameterSet(set);
    return registry;
  }

  /** The Siyang and Binzhou defaults of policy-rules.md. */
  static defaults(): PolicyRegistry {
    return PolicyRegistry.of(DEFAULT_PARAMETER_SETS);
  }

  /**
   * A registry that also holds `set`. Republishing an identical version is a no-op (events may be
   * replayed); a different body under an existing id and version, or two sets of one jurisdiction
   * starting on the same day, is a conflict.
   */
  withParameterSet(set: ParameterSet): PolicyRegistry {
    const valid = deepFreeze(validateParameterSet(set));
    const sameId = this.sets.filter((s) => s.id === valid.id);
    const sameVersion = sameId.find((s) => s.version === valid.version);
    if (sameVersion) {
      if (stable(sameVersion) === stable(valid)) return this;
      throw new ParameterSetConflictError(`parameter set ${valid.id} version ${valid.version} is already published with other content; publish a new version`);
    }
    const other = sameId[0];
    if (other && other.jurisdiction !== valid.jurisdiction) {
      throw new ParameterSetConflictError(`parameter set ${valid.id} belongs to ${other.jurisdiction}, not ${valid.jurisdiction}`);
    }
    const next = new PolicyRegistry([...this.sets, valid]);
    const current = next.current().filter((s) => s.jurisdiction === valid.jurisdiction);
    const clash = current.find((s) => s.id !== valid.id && s.validFrom === (next.find(valid.id) as ParameterSet).validFrom);
    if (clash) {
      throw new ParameterSetConflictError(`${valid.jurisdiction} already has parameter set ${clash.id} starting ${clash.validFrom}: which one applies would be ambiguous`);
    }
    return next;
  }

  /**
   * The set for `jurisdiction` on `onDate` (a date, or an instant taken as its China date): the most
   * specific level that has a set in force, and there the one that started last.
   */
  lookup(jurisdiction: DivisionCode, onDate: IsoDate | Date): ParameterSet {
    const date = chinaDateOf(onDate);
    const tried = ancestorsOf(jurisdiction);
    const current = this.current();
    for (const code of tried) {
      const inForce = current.filter((s) => s.jurisdiction === code && isInForce(s, date));
      if (inForce.length > 0) return inForce.reduce((a, b) => (b.validFrom > a.validFrom ? b : a));
    }
    throw new NoParameterSetError(jurisdiction, date, tried);
  }

  /** A published set by id: the given version, or the highest. */
  find(id: string, version?: number): ParameterSet | undefined {
    const versions = this.sets.filter((s) => s.id === id && (version === undefined || s.version === version));
    return versions.reduce<ParameterSet | undefined>((a, b) => (a === undefined || b.version > a.version ? b : a), undefined);
  }

  /** The highest version of every id. */
  current(): ParameterSet[] {
    const ids = [...new Set(this.sets.map((s) => s.id))];
    return ids.map((id) => this.find(id) as ParameterSet);
  }

  /** Every published version, in publication order. */
  all(): readonly ParameterSet[] {
    return this.sets;
  }
}
