import { PostgresDriver } from './postgres';

describe('PostgresDriver', () => {
  let driver: PostgresDriver;
  beforeAll(() => {
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 1 });
  });
  afterAll(() => driver.close());

  it('runs statements with parameters as named prepared statements, planned once per connection', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect((await driver.query(text, [1])).rows[0].n).toBe(2);
    expect((await driver.query(text, [41])).rows[0].n).toBe(42);
    await driver.transaction(async (tx) => {
      expect((await tx.query(text, [2])).rows[0].n).toBe(3);
      const { rows } = await tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE name LIKE $1', ['od\\_%']);
      // One connection: the statement was prepared there once, and so was this query on itself.
      expect(rows.map((r) => r.statement)).toEqual(expect.arrayContaining([text]));
      expect(rows.filter((r) => r.statement === text)).toHaveLength(1);
    });
  });

  it('runs statements without parameters as they are (several per call for migrations)', async () => {
    await driver.exec('CREATE TEMP TABLE t_plain (n int); INSERT INTO t_plain VALUES (7)');
    expect((await driver.query('SELECT n FROM t_plain')).rows).toEqual([{ n: 7 }]);
  });
});
