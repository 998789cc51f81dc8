import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { rows } from '../../db/client.ts';
import { migrationsApplied } from '../../db/migrate.ts';
import { tenants } from '../../db/schema/index.ts';
import { testDriver, useTestDb } from '../helpers/db.ts';
import { PREFIX } from '../helpers/test-databases.ts';

// Runs in order: the second test relies on the first having written.
describe(`test database isolation on ${testDriver()}`, () => {
  const t = useTestDb();

  it('starts migrated and empty, and keeps what a test writes for that test', async () => {
    expect(await migrationsApplied(t.database)).toBe(true);
    expect(await t.db.$count(tenants)).toBe(0);
    await t.db.insert(tenants).values({ id: 'itbx', name: 'ITBX', policyId: 'itbx', casePrefix: 'ITBX' });
    expect(await t.db.$count(tenants)).toBe(1);
  });

  it('gives the next test none of it', async () => {
    expect(await t.db.$count(tenants)).toBe(0);
  });

  it.runIf(testDriver() === 'postgres')('(PostgreSQL only) works in a database of this run and worker', async () => {
    const [row] = rows<{ name: string }>(await t.db.execute(sql`select current_database() as "name"`));
    expect(row?.name.startsWith(`${PREFIX}${inject('dbRunId')}_`)).toBe(true);
  });
});
