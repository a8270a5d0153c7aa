import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { RETRY_AFTER_SECONDS } from '../http/problem';
import { formatGraphQLError } from './graphql-errors';
import { GraphqlIdeModule, graphqlIdeLandingPage } from './graphql-ide';
import { graphqlLimitRules, graphqlLimitsFromEnv, introspectionPolicy, staffOnlyIntrospection } from './graphql-limits';
import { graphqlContext, graphqlWsOptions } from './graphql-subscriptions';

/** Subscriptions are served over graphql-ws only: one sent as an HTTP request is a 400 (BAD_REQUEST). */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('subscriptions are served over graphql-ws (connect a WebSocket to /graphql)', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};

/**
 * A response whose only errors say the database or broker is away (SERVICE_UNAVAILABLE) and that
 * carries no data is an HTTP 503 with `Retry-After`, as in REST, so that load balancers and
 * monitoring see the outage on /graphql too. Partial results keep their 200.
 */
export const outageIsServiceUnavailable: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        if (!errors?.length || (data && Object.values(data).some((v) => v != null))) return;
        if (!errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(errors[0].extensions?.retryAfter ?? RETRY_AFTER_SECONDS));
      },
    };
  },
};

/**
 * GraphQL at /graphql from the resolvers of the services in this process.
 *
 * - Subscriptions over graphql-ws only, on a connection authenticated by `connectionParams:
 *   { authorization: 'Bearer <token>' }` (closed with 4401 otherwise; see graphql-subscriptions).
 * - Every document is checked against the limits of graphqlLimitsFromEnv (aliases, depth, cost;
 *   graphql-armor) before anything runs: GRAPHQL_VALIDATION_FAILED naming the limit.
 * - Introspection (introspectionPolicy): for staff bearer tokens only, or off (production unless
 *   ONEDOOR_GRAPHQL_INTROSPECTION=1); never over graphql-ws.
 * - Errors carry `extensions.code` and the problem document (formatGraphQLError).
 * - A browser opening /graphql gets the self-hosted GraphiQL of graphql-ide.ts (its assets under
 *   /graphql-ide/), in place of Apollo's landing pages, which load from a CDN.
 *
 * Throws at start for a limit or policy variable that is not valid.
 */
export const graphqlModule = (): DynamicModule => {
  const limitRules = graphqlLimitRules(graphqlLimitsFromEnv());
  const introspection = introspectionPolicy();
  const graphql = GraphQLModule.forRoot<ApolloDriverConfig>({
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false, // Apollo's own landing pages load from a CDN; graphqlIdeLandingPage serves ours
    subscriptions: { 'graphql-ws': graphqlWsOptions(limitRules) as never },
    context: graphqlContext,
    // The policy is applied by the rule and the plugin below, the same in every environment.
    introspection: true,
    validationRules: introspection === 'off' ? [...limitRules, NoSchemaIntrospectionCustomRule] : limitRules,
    plugins: [subscriptionsOverWebSocketOnly, staffOnlyIntrospection, outageIsServiceUnavailable, graphqlIdeLandingPage],
    autoTransformHttpErrors: false,
    // Automatic persisted queries are not offered: a request carrying one is a client error.
    persistedQueries: false,
    formatError: formatGraphQLError,
  });
  return { module: GraphqlIdeModule, imports: [graphql], exports: [graphql] };
};
