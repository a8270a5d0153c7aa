import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { BREAK, GraphQLError, Kind, visit, type DocumentNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { Principal } from '../auth/jwt';
import { verifyToken } from '../auth/jwt';
import { ProblemError, problemType } from '../http/problem';

/** Limits on one GraphQL document, checked before anything is executed. */
export interface GraphQLLimits {
  /** Most aliased fields in one operation, `__typename` aliases counted like any other. */
  maxAliases: number;
  /** Deepest field nesting of one operation (introspection not counted). */
  maxDepth: number;
  /** Highest cost: scalar 1, object 2, children weighted ×1.5 per level (graphql-armor's cost model). */
  maxCost: number;
}

export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphQLLimits> = { maxAliases: 15, maxDepth: 10, maxCost: 5000 };

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(raw.slice(0, 40))}`);
  return n;
}

/**
 * The limits from `ONEDOOR_GRAPHQL_MAX_ALIASES` (15), `ONEDOOR_GRAPHQL_MAX_DEPTH` (10) and
 * `ONEDOOR_GRAPHQL_MAX_COST` (5000). Throws an Error naming the variable when one is not a
 * positive integer.
 */
export function graphqlLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): GraphQLLimits {
  return {
    maxAliases: positiveInt(env, 'ONEDOOR_GRAPHQL_MAX_ALIASES', DEFAULT_GRAPHQL_LIMITS.maxAliases),
    maxDepth: positiveInt(env, 'ONEDOOR_GRAPHQL_MAX_DEPTH', DEFAULT_GRAPHQL_LIMITS.maxDepth),
    maxCost: positiveInt(env, 'ONEDOOR_GRAPHQL_MAX_COST', DEFAULT_GRAPHQL_LIMITS.maxCost),
  };
}

/**
 * graphql-armor reports a refusal as "Syntax Error: … limit of N exceeded, found M."; it is a
 * validation error of the document, reported (not thrown) so that graphql-js collects it like any
 * other: clients get GRAPHQL_VALIDATION_FAILED with "Aliases limit of 15 exceeded, found 1000."
 */
const report = (context: ValidationContext | null, error: GraphQLError) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error:\s*/, ''), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
};

/**
 * Validation rules enforcing `limits` with graphql-armor (max-aliases, max-depth, cost-limit), for
 * Apollo's `validationRules` and graphql-ws's `validate`. A document over a limit is refused before
 * execution with a validation error naming the limit and the value found.
 */
export function graphqlLimitRules(limits: GraphQLLimits = graphqlLimitsFromEnv()): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };
  return [
    // graphql-armor lets `__typename` aliases pass by default (allowList); each costs a field all the same.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...common }),
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...common }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true, ...common }),
  ] as ValidationRule[];
}

/** Who may introspect the schema: authenticated staff (any role but applicant), or no one. */
export type IntrospectionPolicy = 'staff' | 'off';

/**
 * `ONEDOOR_GRAPHQL_INTROSPECTION=1` → staff; `=0` → off; unset → off in production
 * (`NODE_ENV=production` or `ONEDOOR_ENV=production`), staff otherwise.
 */
export function introspectionPolicy(env: NodeJS.ProcessEnv = process.env): IntrospectionPolicy {
  const raw = env.ONEDOOR_GRAPHQL_INTROSPECTION?.trim().toLowerCase();
  if (raw === '1' || raw === 'true') return 'staff';
  if (raw === '0' || raw === 'false') return 'off';
  if (raw) throw new Error(`ONEDOOR_GRAPHQL_INTROSPECTION must be 1 or 0, not ${JSON.stringify(raw.slice(0, 40))}`);
  const production = env.NODE_ENV === 'production' || env.ONEDOOR_ENV === 'production';
  return production ? 'off' : 'staff';
}

/** True when the document selects `__schema` or `__type` anywhere (fragments included). */
export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

const isStaff = (p: Principal) => p.roles.some((r) => r !== 'applicant');

/** The bearer token of an Authorization header value ("Bearer <token>", scheme case-insensitive). */
export function bearerTokenOf(header: unknown): string | undefined {
  const match = typeof header === 'string' ? /^Bearer +([^\s]+) *$/i.exec(header) : null;
  return match?.[1];
}

function refusal(status: 401 | 403, detail: string): GraphQLError {
  const problem = new ProblemError({
    type: problemType(status === 401 ? 'unauthorized' : 'forbidden'),
    title: status === 401 ? 'Unauthorized' : 'Forbidden',
    status,
    detail,
  });
  return new GraphQLError(detail, { originalError: problem, extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', http: { status } } });
}

/**
 * Apollo plugin: a document that introspects (`__schema`, `__type`) runs only for a caller whose
 * bearer token — verified by verifyToken, as the HTTP guard does — carries a staff role. Without a
 * token or with an invalid one: UNAUTHENTICATED (401); an applicant: FORBIDDEN (403). Nothing of
 * the document is executed then. (With the policy `off` a validation rule refuses it earlier.)
 */
export const staffOnlyIntrospection: ApolloServerPlugin<{ req?: { headers?: Record<string, unknown> } }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        if (!usesIntrospection(document)) return;
        const token = bearerTokenOf(contextValue.req?.headers?.authorization);
        if (!token) throw refusal(401, 'introspection requires a bearer token of staff');
        let principal: Principal;
        try {
          principal = await verifyToken(token);
        } catch (e) {
          if ((e as Error)?.name === 'IssuerUnavailableError') {
            const unavailable = ProblemError.serviceUnavailable('the token issuer cannot be reached to verify the token; retry later');
            throw new GraphQLError(unavailable.message, { originalError: unavailable, extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
          }
          throw refusal(401, `introspection requires a valid bearer token of staff: ${(e as Error)?.message ?? 'invalid token'}`);
        }
        if (!isStaff(principal)) throw refusal(403, 'introspection is open to staff only');
      },
    };
  },
};
