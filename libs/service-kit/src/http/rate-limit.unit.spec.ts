import { parse } from 'graphql';
import { graphqlLimitsFromEnv, introspectionPolicy, usesIntrospection } from '../graphql/graphql-limits';
import { parseRateLimit, rateLimitsFromEnv } from './rate-limit';
import { corsFromEnv } from './security-headers';

describe('rate limit settings', () => {
  it('reads N/unit rates', () => {
    expect(parseRateLimit('X', '60/min')).toEqual({ limit: 60, ttlMs: 60_000 });
    expect(parseRateLimit('X', '5/10s')).toEqual({ limit: 5, ttlMs: 10_000 });
    expect(parseRateLimit('X', '1000 / hour')).toEqual({ limit: 1000, ttlMs: 3_600_000 });
    expect(parseRateLimit('X', '3/minutes')).toEqual({ limit: 3, ttlMs: 60_000 });
    expect(parseRateLimit('X', 'off')).toBeUndefined();
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['60', 'sixty/min', '60/fortnight', '0/min', '-1/min', '60/0s']) {
      expect(() => parseRateLimit('ONEDOOR_RATE_LIMIT_WRITES', bad)).toThrow(/ONEDOOR_RATE_LIMIT_WRITES must look like 60\/min/);
    }
  });

  it('is on by default: 60 writes and 20 failed authentications a minute', () => {
    expect(rateLimitsFromEnv({})).toEqual({ writes: { limit: 60, ttlMs: 60_000 }, authFailures: { limit: 20, ttlMs: 60_000 } });
    expect(rateLimitsFromEnv({ ONEDOOR_RATE_LIMIT_WRITES: '3/min', ONEDOOR_RATE_LIMIT_AUTH_FAILURES: 'off' })).toEqual({ writes: { limit: 3, ttlMs: 60_000 }, authFailures: undefined });
  });
});

describe('CORS settings', () => {
  it('are off unless origins are configured', () => {
    expect(corsFromEnv({})).toBeUndefined();
    expect(corsFromEnv({ ONEDOOR_CORS_ORIGINS: ' ' })).toBeUndefined();
    expect(corsFromEnv({ ONEDOOR_CORS_ORIGINS: 'https://desk.example.gov.cn, http://localhost:5173/' })?.origin).toEqual(['https://desk.example.gov.cn', 'http://localhost:5173']);
    expect(corsFromEnv({ ONEDOOR_CORS_ORIGINS: '*' })?.origin).toBe('*');
  });

  it('refuses an entry that is not an origin', () => {
    expect(() => corsFromEnv({ ONEDOOR_CORS_ORIGINS: 'desk.example.gov.cn' })).toThrow(/ONEDOOR_CORS_ORIGINS: "desk.example.gov.cn" is not an origin/);
    expect(() => corsFromEnv({ ONEDOOR_CORS_ORIGINS: 'https://a.example/path' })).toThrow(/is not an origin/);
  });
});

describe('GraphQL limits and introspection policy', () => {
  it('limits default to 15 aliases, depth 10, cost 5000 and are configurable', () => {
    expect(graphqlLimitsFromEnv({})).toEqual({ maxAliases: 15, maxDepth: 10, maxCost: 5000 });
    expect(graphqlLimitsFromEnv({ ONEDOOR_GRAPHQL_MAX_ALIASES: '3', ONEDOOR_GRAPHQL_MAX_DEPTH: '4', ONEDOOR_GRAPHQL_MAX_COST: '100' })).toEqual({ maxAliases: 3, maxDepth: 4, maxCost: 100 });
    expect(() => graphqlLimitsFromEnv({ ONEDOOR_GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/ONEDOOR_GRAPHQL_MAX_DEPTH must be a positive integer/);
  });

  it('introspection is for staff, and off in production unless ONEDOOR_GRAPHQL_INTROSPECTION=1', () => {
    expect(introspectionPolicy({})).toBe('staff');
    expect(introspectionPolicy({ NODE_ENV: 'production' })).toBe('off');
    expect(introspectionPolicy({ ONEDOOR_ENV: 'production' })).toBe('off');
    expect(introspectionPolicy({ NODE_ENV: 'production', ONEDOOR_GRAPHQL_INTROSPECTION: '1' })).toBe('staff');
    expect(introspectionPolicy({ ONEDOOR_GRAPHQL_INTROSPECTION: '0' })).toBe('off');
    expect(() => introspectionPolicy({ ONEDOOR_GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow(/ONEDOOR_GRAPHQL_INTROSPECTION must be 1 or 0/);
  });

  it('finds introspection fields anywhere in a document', () => {
    expect(usesIntrospection(parse('{ __schema { types { name } } }'))).toBe(true);
    expect(usesIntrospection(parse('query { ...F } fragment F on Query { __type(name: "Case") { name } }'))).toBe(true);
    expect(usesIntrospection(parse('{ application(id: "a") { __typename status } }'))).toBe(false);
  });
});
