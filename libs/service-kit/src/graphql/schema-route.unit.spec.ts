import { GRAPHQL_SCHEMA_KEY_HEADER, maySeeSchema } from './graphql-schema-route';

const production = { NODE_ENV: 'production', ONEDOOR_SCHEMA_KEY: 'k'.repeat(8) + 'gateway-shared-key-0123456789' } as NodeJS.ProcessEnv;

describe('who may read /schema.graphql', () => {
  it('anyone while introspection is allowed (outside production, or allowed explicitly)', () => {
    expect(maySeeSchema({}, {} as NodeJS.ProcessEnv)).toBe(true);
    expect(maySeeSchema({}, { ...production, ONEDOOR_GRAPHQL_INTROSPECTION: '1' })).toBe(true);
  });

  it('with introspection off, only a request carrying the shared key', () => {
    expect(maySeeSchema({}, production)).toBe(false);
    expect(maySeeSchema({ [GRAPHQL_SCHEMA_KEY_HEADER]: 'wrong' }, production)).toBe(false);
    expect(maySeeSchema({ [GRAPHQL_SCHEMA_KEY_HEADER]: production.ONEDOOR_SCHEMA_KEY }, production)).toBe(true);
    expect(maySeeSchema({ [GRAPHQL_SCHEMA_KEY_HEADER]: '' }, { NODE_ENV: 'production' } as NodeJS.ProcessEnv)).toBe(false);
  });
});
