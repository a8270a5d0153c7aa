import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { formatGraphQLError } from './graphql-errors';

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
    autoTransformHttpErrors: false,
    formatError: formatGraphQLError,
  });
