import { getTableName, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase, rows } from '../../db/client.ts';
import { migrate, migrationStatus, migrationsApplied, readJournal } from '../../db/migrate.ts';
import * as schema from '../../db/schema/index.ts';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';

const journal = readJournal();
const schemaTables = Object.values(schema)
  .filter((value) => value instanceof PgTable)
  .map((table) => getTableName(table as PgTable))
  .sort();

async function publicTables(database: Database): Promise<string[]> {
  const found = rows<{ name: string }>(
    await database.db.execute(sql`select tablename as "name" from pg_tables where schemaname = 'public' order by 1`),
  );
  return found.map((row) => row.name);
}

async function withEmpty<T>(label: string, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openEmptyDatabase(label);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

describe(`migrations on ${testDriver()}`, () => {
  it('ships at least one migration', () => {
    expect(journal.length).toBeGreaterThan(0);
    expect(schemaTables.length).toBeGreaterThan(0);
  });

  it('brings an empty database to the schema once, and reports it pending before and applied after', async () => {
    await withEmpty('migrate', async (database) => {
      expect(await migrationStatus(database)).toEqual({ applied: 0, pending: journal.length, total: journal.length });
      expect(await migrationsApplied(database)).toBe(false);

      expect(await migrate(database)).toMatchObject({ ran: journal.length, applied: journal.length, pending: 0 });
      expect(await publicTables(database)).toEqual(schemaTables);
      expect(await migrationsApplied(database)).toBe(true);

      expect((await migrate(database)).ran).toBe(0);
    });
  });

  it('reports a migration shipped after the last one applied as pending', async () => {
    await withEmpty('pending', async (database) => {
      await migrate(database);
      const last = journal.at(-1)!;
      // As if this version shipped one more: the journal's newest entry is newer than the database has.
      await database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = ${last.when - 1}`);
      expect(await migrationStatus(database)).toMatchObject({ pending: 1 });
      expect(await migrationsApplied(database)).toBe(false);
    });
  });

  it.runIf(testDriver() === 'postgres')(
    '(PostgreSQL only: PGlite is one process) lets replicas that start together take turns: one migrates, the rest find it done',
    async () => {
      await withEmpty('replicas', async (first) => {
        const url = first.driver === 'postgres' ? first.url : '';
        const others = await Promise.all([1, 2].map(() => openDatabase({ url, poolSize: 2 })));
        try {
          const results = await Promise.all([first, ...others].map((database) => migrate(database)));
          expect(results.map((result) => result.ran).sort()).toEqual([0, 0, journal.length]);
          expect(await publicTables(first)).toEqual(schemaTables);
        } finally {
          await Promise.all(others.map((database) => database.close()));
        }
      });
    },
  );
});
