import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { LockHolder } from './data-dir-lock.ts';
import type * as schema from './schema/index.ts';

// The database's types, shared by the two drivers (client.ts for PostgreSQL, pglite.ts for the embedded one).

export type Schema = typeof schema;

/**
 * The database as everything above the driver sees it, the same on PGlite and PostgreSQL.
 * Code that runs inside `db.transaction(...)` uses the transaction handle only: PGlite has one connection, so a query
 * on the outer handle waits for the transaction that is waiting for it (a deadlock), and on PostgreSQL it would
 * silently run outside the transaction.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; it is also a `Db`, so a repository written over `Db` runs inside one unchanged. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Driver = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** A postgres:// URL: PostgreSQL through postgres.js. Absent: the embedded PGlite. */
  url?: string | undefined;
  /** Connections in the postgres.js pool; default 10. */
  poolSize?: number | undefined;
  /** PGlite data directory (default ./.portero/data), or `memory` for a database that lives in this process only. */
  dataDir?: string | undefined;
  /** Named to a second process that finds the data directory locked: `portero serve`. */
  command?: string | undefined;
  /** Told when a lock left by a dead process is taken over. */
  onStaleLock?: ((previous: LockHolder) => void) | undefined;
}

interface DatabaseBase {
  db: Db;
  /** Where the data is, safe to print: the URL without its password, the data directory, or `memory`. */
  location: string;
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  /** Idempotent. Releases the data-directory lock on PGlite. */
  close(): Promise<void>;
}
export interface PgliteDatabase extends DatabaseBase {
  driver: 'pglite';
  client: PGlite;
}
export interface PostgresDatabase extends DatabaseBase {
  driver: 'postgres';
  client: postgres.Sql;
  /** The full URL, password included: for the migrator's own connection. Never print it; print `location`. */
  url: string;
}
export type Database = PgliteDatabase | PostgresDatabase;
