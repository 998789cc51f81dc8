import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock, type LockHolder } from './data-dir-lock.ts';
import { redactUrl } from './redact-url.ts';
import * as schema from './schema/index.ts';

export { redactUrl };
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

export const DEFAULT_DATA_DIR = './.portero/data';
export const DEFAULT_POOL_SIZE = 10;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? DEFAULT_POOL_SIZE);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === 'memory') return wrapPglite(await PGlite.create(), 'memory');
  const dir = resolve(dataDir);
  const lock = acquireDataDirLock(dir, { command: options.command ?? 'portero', onStaleLock: options.onStaleLock });
  try {
    return wrapPglite(await PGlite.create(dir), dir, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A drizzle handle over a PGlite you created (a test template, a loaded dump); closing it closes the client. */
export function wrapPglite(client: PGlite, location: string, lock?: DataDirLock): PgliteDatabase {
  const db: Db = drizzlePglite({ client, schema });
  let closed = false;
  return {
    driver: 'pglite',
    db,
    client,
    location,
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function openPostgres(url: string, poolSize: number): PostgresDatabase {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connection: { application_name: 'portero' },
    // bigint (count(*), identity ids) as a number, as PGlite returns it, so raw rows have one shape on both.
    types: { bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) } },
  });
  const db: Db = drizzlePostgres({ client, schema });
  let closed = false;
  return {
    driver: 'postgres',
    db,
    client,
    url,
    location: redactUrl(url),
    async ping() {
      await client`select 1`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * The rows of `db.execute(sql…)`: PGlite answers `{ rows }`, postgres.js an array with extra fields.
 * Raw rows are not mapped by drizzle: name columns with `as "camelCase"` in the SQL if you want them so.
 */
export function rows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return Array.from(result) as T[];
  const inner = (result as { rows?: unknown } | null | undefined)?.rows;
  if (Array.isArray(inner)) return inner as T[];
  throw new TypeError('rows(): not the result of db.execute()');
}
