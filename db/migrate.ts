import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase as DrizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type Database, rows } from './client.ts';

/** drizzle-kit's output (`npm run db:generate`), committed and shipped with the code. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrationStatus {
  /** Rows in drizzle's migrations table. */
  applied: number;
  /** Journal entries the database has not run yet. */
  pending: number;
  /** Journal entries shipped with this code. */
  total: number;
}

interface JournalEntry {
  tag: string;
  when: number;
}

export function readJournal(folder = MIGRATIONS_FOLDER): JournalEntry[] {
  const path = join(folder, 'meta', '_journal.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`No migrations journal at ${path}: run \`npm run db:generate\` and commit db/migrations.`);
  }
  return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

/**
 * Brings the schema up to date; returns how many migrations this call ran.
 * On PostgreSQL several replicas may start at once: a session advisory lock makes them take turns, and the ones
 * that come second find nothing left to do.
 */
export async function migrate(
  database: Database,
  folder = MIGRATIONS_FOLDER,
): Promise<MigrationStatus & { ran: number }> {
  let ran: number;
  if (database.driver === 'pglite') {
    // One process holds the data directory, so nothing can run migrations between the two counts.
    const before = await migrationStatus(database, folder);
    await migratePglite(database.db as unknown as DrizzlePglite, { migrationsFolder: folder });
    ran = (await migrationStatus(database, folder)).applied - before.applied;
  } else {
    ran = await migratePostgresLocked(database.url, folder);
  }
  return { ...(await migrationStatus(database, folder)), ran };
}

async function migratePostgresLocked(url: string, folder: string): Promise<number> {
  // One connection of its own: the lock, the migrator's transaction and the unlock share a session, and the
  // application's pool (whatever its size) is never starved by it.
  const client = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'portero-migrate' } });
  const countApplied = async () => {
    const [table] = await client<
      { present: boolean }[]
    >`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
    if (!table?.present) return 0;
    const [row] = await client<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return row?.n ?? 0;
  };
  try {
    await client`select pg_advisory_lock(hashtext('portero.migrations'))`;
    try {
      const before = await countApplied();
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: folder });
      return (await countApplied()) - before;
    } finally {
      await client`select pg_advisory_unlock(hashtext('portero.migrations'))`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function migrationStatus(database: Database, folder = MIGRATIONS_FOLDER): Promise<MigrationStatus> {
  const journal = readJournal(folder);
  const [present] = rows<{ present: boolean }>(
    await database.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as "present"`),
  );
  if (!present?.present) return { applied: 0, pending: journal.length, total: journal.length };
  const [row] = rows<{ applied: number; last: number | null }>(
    await database.db.execute(
      sql`select count(*)::int as "applied", max(created_at)::float8 as "last" from drizzle.__drizzle_migrations`,
    ),
  );
  const last = row?.last ?? Number.NEGATIVE_INFINITY;
  // The migrator's own rule: a journal entry is due when it is newer than the last one applied.
  const pending = journal.filter((entry) => entry.when > last).length;
  return { applied: row?.applied ?? 0, pending, total: journal.length };
}

/** Readiness: the database has every migration this code ships with. */
export async function migrationsApplied(database: Database, folder = MIGRATIONS_FOLDER): Promise<boolean> {
  return (await migrationStatus(database, folder)).pending === 0;
}
