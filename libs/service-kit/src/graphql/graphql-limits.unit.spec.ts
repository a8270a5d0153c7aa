import { buildSchema, parse, validate } from 'graphql';
import { graphqlLimitRules } from './graphql-limits';

const schema = buildSchema('type Query { a: Int, b: Int }');
const check = (query: string) => validate(schema, parse(query), graphqlLimitRules({ maxAliases: 3, maxDepth: 10, maxCost: 5000 })).map((e) => e.message);

describe('GraphQL document limits', () => {
  it('counts __typename aliases like any other alias', () => {
    const typenames = Array.from({ length: 500 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(check(`{ ${typenames} }`)).toEqual(['Aliases limit of 3 exceeded, found 500.']);
    expect(check('{ x: __typename y: a z: b }')).toEqual([]);
    expect(check('{ x: __typename y: __typename z: a w: b }')).toEqual(['Aliases limit of 3 exceeded, found 4.']);
  });

  it('leaves an unaliased __typename alone', () => {
    expect(check('{ __typename a b }')).toEqual([]);
  });
});
