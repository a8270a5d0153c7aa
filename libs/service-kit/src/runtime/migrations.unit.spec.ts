import { storeMigrations } from '@onedoor/event-store';
import { DEFAULT_IDEMPOTENCY_TTL_HOURS, idempotencyTtlHours } from '../http/idempotency';
import { migrateOnStart, migrationsOf, serviceMigrations } from './migrations';

describe('service migrations', () => {
  it('every module keeps its own version range, without a shared version', () => {
    const versions = migrationsOf([{ version: 301, name: 'own', sql: () => '' }]).map((m) => m.version);
    expect(versions).toEqual([...storeMigrations.map((m) => m.version), 101, 201, 202, 301]);
    expect(new Set(versions).size).toBe(versions.length);
    expect(serviceMigrations.every((m) => m.version < 300)).toBe(true);
  });

  it('ONEDOOR_MIGRATE_ON_START: on unless false or 0', () => {
    expect(migrateOnStart({})).toBe(true);
    expect(migrateOnStart({ ONEDOOR_MIGRATE_ON_START: 'TRUE' })).toBe(true);
    expect(migrateOnStart({ ONEDOOR_MIGRATE_ON_START: 'false' })).toBe(false);
    expect(migrateOnStart({ ONEDOOR_MIGRATE_ON_START: '0' })).toBe(false);
    expect(() => migrateOnStart({ ONEDOOR_MIGRATE_ON_START: 'later' })).toThrow(/true or false/);
  });

  it('ONEDOOR_IDEMPOTENCY_TTL_HOURS: 72 by default, whole hours from 1 to 8760', () => {
    expect(idempotencyTtlHours({})).toBe(DEFAULT_IDEMPOTENCY_TTL_HOURS);
    expect(DEFAULT_IDEMPOTENCY_TTL_HOURS).toBe(72);
    expect(idempotencyTtlHours({ ONEDOOR_IDEMPOTENCY_TTL_HOURS: '24' })).toBe(24);
    for (const bad of ['0', '1.5', 'a day', '9000']) expect(() => idempotencyTtlHours({ ONEDOOR_IDEMPOTENCY_TTL_HOURS: bad })).toThrow(/1 to 8760/);
  });
});
