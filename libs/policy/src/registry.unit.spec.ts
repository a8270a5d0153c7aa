import { BINZHOU_CITY_2025, SIYANG_COUNTY_2025 } from './defaults';
import { evolveRegistry, PARAMETER_SET_PUBLISHED } from './events';
import { ParameterSetError } from './parameter-file';
import type { ParameterSet } from './parameter-set';
import { NoParameterSetError, ParameterSetConflictError, PolicyRegistry } from './registry';

const withStandard = (set: ParameterSet, dibaoStandardFen: number, patch: Partial<ParameterSet> = {}): ParameterSet => ({
  ...set,
  ...patch,
  params: { ...set.params, dibaoStandardFen },
});

describe('PolicyRegistry', () => {
  const registry = PolicyRegistry.defaults();

  it('finds the county set for a village, a township and the county itself', () => {
    for (const code of ['321323100201', '321323100', '321323']) {
      expect(registry.lookup(code, '2026-11-20').id).toBe('siyang-321323');
    }
  });

  it('finds the city set for a district of the city', () => {
    expect(registry.lookup('371602001', '2026-11-20').id).toBe('binzhou-371600');
  });

  it('prefers the most specific level', () => {
    const township = withStandard(SIYANG_COUNTY_2025, 90000, { id: 'siyang-town-321323100', jurisdiction: '321323100' });
    const r = registry.withParameterSet(township);
    expect(r.lookup('321323100201', '2026-11-20').params.dibaoStandardFen).toBe(90000);
    expect(r.lookup('321323101', '2026-11-20').id).toBe('siyang-321323'); // a sibling township
  });

  it('falls back to a higher level when the specific set is not in force on that date', () => {
    const township = withStandard(SIYANG_COUNTY_2025, 90000, {
      id: 'siyang-town-2026', jurisdiction: '321323100', validFrom: '2026-01-01', validTo: '2026-06-30',
    });
    const r = registry.withParameterSet(township);
    expect(r.lookup('321323100', '2026-06-30').id).toBe('siyang-town-2026'); // validTo is inclusive
    expect(r.lookup('321323100', '2026-07-01').id).toBe('siyang-321323');
    expect(r.lookup('321323100', '2025-12-31').id).toBe('siyang-321323');
  });

  it('uses the set that started last when periods follow each other at one level', () => {
    const r = registry.withParameterSet(withStandard(SIYANG_COUNTY_2025, 85000, { id: 'siyang-321323-2026', validFrom: '2026-01-01' }));
    expect(r.lookup('321323', '2025-12-31').params.dibaoStandardFen).toBe(80000);
    expect(r.lookup('321323', '2026-01-01').params.dibaoStandardFen).toBe(85000);
  });

  it('uses the highest version of a set and keeps older versions for audit', () => {
    const v2 = withStandard(SIYANG_COUNTY_2025, 82000, { version: 2 });
    const r = registry.withParameterSet(v2);
    expect(r.lookup('321323', '2026-01-01').version).toBe(2);
    expect(r.find('siyang-321323', 1)?.params.dibaoStandardFen).toBe(80000);
  });

  it('fails clearly where no set applies', () => {
    expect(() => registry.lookup('110105', '2026-01-01')).toThrow(NoParameterSetError);
    expect(() => registry.lookup('110105', '2026-01-01')).toThrow('110105 → 110100 → 110000');
    expect(() => registry.lookup('321323', '2024-12-31')).toThrow(/no policy parameter set in force on 2024-12-31/);
  });

  it('is immutable: publishing returns a new registry', () => {
    const r = registry.withParameterSet(withStandard(SIYANG_COUNTY_2025, 82000, { version: 2 }));
    expect(registry.lookup('321323', '2026-01-01').version).toBe(1);
    expect(r).not.toBe(registry);
    expect(Object.isFrozen(r.lookup('321323', '2026-01-01').params.medical.edge)).toBe(true);
  });

  it('treats a republished identical version as a no-op and a changed one as a conflict', () => {
    expect(registry.withParameterSet(SIYANG_COUNTY_2025)).toBe(registry);
    expect(() => registry.withParameterSet(withStandard(SIYANG_COUNTY_2025, 1))).toThrow(ParameterSetConflictError);
  });

  it('refuses two sets of one jurisdiction starting the same day', () => {
    expect(() => registry.withParameterSet({ ...BINZHOU_CITY_2025, id: 'binzhou-copy' })).toThrow(/ambiguous/);
  });

  it('validates what is published', () => {
    const bad = { ...SIYANG_COUNTY_2025, params: { ...SIYANG_COUNTY_2025.params, dibaoStandardFen: 800.5 } };
    expect(() => registry.withParameterSet(bad)).toThrow(ParameterSetError);
  });

  it('evolves from ParameterSetPublished events', () => {
    const r = [
      { type: PARAMETER_SET_PUBLISHED, data: { parameterSet: SIYANG_COUNTY_2025 } },
      { type: PARAMETER_SET_PUBLISHED, data: { parameterSet: withStandard(SIYANG_COUNTY_2025, 82000, { version: 2 }) } },
    ].reduce(evolveRegistry, PolicyRegistry.empty());
    expect(r.lookup('321323100201', '2026-11-20').params.dibaoStandardFen).toBe(82000);
    expect(evolveRegistry(PolicyRegistry.empty(), { parameterSet: BINZHOU_CITY_2025 }).lookup('371602', '2026-01-01').id).toBe('binzhou-371600');
  });
});
