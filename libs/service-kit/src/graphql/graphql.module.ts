import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { formatGraphQLError } from './graphql-errors';

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
 * GraphQL at /graphql from the resolvers of the services in this process; subscriptions over
 * graphql-ws, authenticated by an `authorization` connection parameter. Errors carry
 * `extensions.code` and the problem document (formatGraphQLError).
 */
export const graphqlModule = () =>
  GraphQLModule.forRoot<ApolloDriverConfig>({
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    subscriptions: { 'graphql-ws': true },
    context: ({ req, extra }: { req?: unknown; extra?: { connectionParams?: Record<string, unknown> } }) => ({
      req: req ?? { headers: { authorization: extra?.connectionParams?.authorization ?? extra?.connectionParams?.Authorization } },
    }),
    plugins: [subscriptionsOverWebSocketOnly],
    autoTransformHttpErrors: false,
    formatError: formatGraphQLError,
  });
