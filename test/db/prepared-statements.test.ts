import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, type Db, openDatabase, rows } from '../../db/client.ts';
import { createRepositories } from '../../db/repositories/store.ts';
import { testDriver, useTestDb } from '../helpers/db.ts';

// The case path's statements are prepared (drizzle's .prepare()): on PostgreSQL each is parsed once per connection and
// then runs in one round trip. A pooler in transaction mode without prepared statements needs `?prepare=false`.

/** The statements prepared on the connection of a transaction that read a tenant the way every use case does. */
async function preparedAfterTenantRead(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await createRepositories(tx).tenants.get('nobody');
    const found = rows<{ statement: string }>(await tx.execute(sql`select statement from pg_prepared_statements`));
    return found.map((row) => row.statement);
  });
}

describe.runIf(testDriver() === 'postgres')('prepared statements (PostgreSQL only)', () => {
  const t = useTestDb();

  it('prepares what the repositories send; ?prepare=false in DATABASE_URL turns it off', async () => {
    expect((await preparedAfterTenantRead(t.db)).some((text) => /from "tenants"/.test(text))).toBe(true);

    const url = (t.database as Extract<Database, { driver: 'postgres' }>).url;
    const unprepared = await openDatabase({ url: `${url}${url.includes('?') ? '&' : '?'}prepare=false`, poolSize: 1 });
    try {
      expect(await preparedAfterTenantRead(unprepared.db)).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });
});
