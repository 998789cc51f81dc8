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
  /**
   * PostgreSQL: told of each statement as it is sent, BEGIN and COMMIT included (benches count round trips with it,
   * tests check what travels together). For benches and tests: it makes the driver's errors carry their parameters.
   */
  onStatement?: ((query: string) => void) | undefined;
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
  if (options.url) return openPostgres(options.url, options.poolSize ?? DEFAULT_POOL_SIZE, options.onStatement);
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

function openPostgres(url: string, poolSize: number, onStatement?: (query: string) => void): PostgresDatabase {
  const client = postgres(url, {
    max: poolSize,
    ...(onStatement && { debug: (_connection: number, query: string) => onStatement(query) }),
    onnotice: () => {},
    connection: { application_name: 'portero' },
    // bigint (count(*), identity ids) as a number, as PGlite returns it, so raw rows have one shape on both.
    types: { bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) } },
  });
  const db: Db = drizzlePostgres({ client: preparing(client), schema });
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
 * The client as drizzle should see it: every statement a named prepared statement of its connection.
 * drizzle asks postgres.js for an unnamed statement unless a query is given a name, and postgres.js sends an unnamed
 * statement with parameters in two round trips (Parse/Describe, wait for the parameter types, then Bind/Execute).
 * A prepared one is parsed once per connection and then costs one round trip. postgres.js keys its cache by the SQL
 * text and parameter types, so the name drizzle would need adds nothing. `?prepare=false` in DATABASE_URL still turns
 * it off for the whole client (a pooler without prepared statements: PgBouncer before 1.21 in transaction mode).
 */
export function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, key) {
      if (key === 'unsafe') {
        return (query: string, params?: never[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      if (key === 'begin') {
        return (...args: unknown[]) => {
          const work = args.pop() as (sql: postgres.Sql) => unknown;
          return pipelinedTransaction(target, typeof args[0] === 'string' ? args[0] : '', work);
        };
      }
      // postgres.js builds its client from closures: nothing of it depends on `this`.
      return Reflect.get(target, key);
    },
  });
}

/**
 * postgres.js's `begin`, less round trips: BEGIN is sent with the transaction's first statement instead of on its own
 * and waited for, and COMMIT can go with its last one (`commitWithNextStatement`). A transaction's statements are
 * prepared as well. Nested transactions (savepoints) are not offered: nothing here uses them.
 */
async function pipelinedTransaction(client: postgres.Sql, mode: string, work: (sql: postgres.Sql) => unknown) {
  const connection = await client.reserve();
  let commit: Promise<unknown> | undefined;
  let commitNext = false;
  // Prepared like every statement (`preparing`); `unsafe` also sends the COMMIT when told to. (A reserved connection
  // is typed apart from the pool in postgres.js 4, with the same `unsafe`.)
  const statements = new Proxy(preparing(connection as unknown as postgres.Sql), {
    get(target, key) {
      if (key === COMMIT_WITH_NEXT) {
        return () => {
          commitNext = true;
        };
      }
      if (key === 'unsafe') {
        return (query: string, params?: never[], options?: postgres.UnsafeQueryOptions) => {
          if (commit) throw new Error('transaction: a statement after the one its COMMIT was sent with');
          const statement = target.unsafe(query, params, options);
          if (commitNext) {
            // Executed now (the caller still sets how rows come back: postgres.js sends it a tick later), so that
            // the COMMIT queued next follows it on the wire. Should the statement fail, the COMMIT ends the failed
            // transaction as a rollback.
            statement.execute();
            const sent = target.unsafe('commit').execute();
            sent.catch(() => {});
            commit = sent;
          }
          return statement;
        };
      }
      return Reflect.get(target, key);
    },
  });
  try {
    const begin = connection.unsafe(`begin ${mode.replace(/[^a-z ]/gi, '')}`, [], { prepare: true });
    // Sent now, in the same write as the first statement; its outcome is awaited once the work is done.
    begin.execute().catch(() => {});
    let result: unknown;
    try {
      result = await work(statements);
      await begin;
    } catch (error) {
      // A COMMIT already sent ends the transaction either way: committed, or rolled back by the failed statement. On
      // a connection that is gone, the ROLLBACK fails at once, and is not needed.
      await (commit ?? connection.unsafe('rollback')).catch(() => {});
      throw error;
    }
    const done = (await (commit ?? connection.unsafe('commit', [], { prepare: true }))) as { command?: string };
    // A statement that failed inside work that carried on regardless leaves the transaction aborted: its COMMIT is
    // answered as a ROLLBACK, and nothing was written.
    if (done.command !== 'COMMIT') throw new Error('transaction rolled back by the server: a statement in it failed');
    return result;
  } finally {
    // Safe whatever happened: postgres.js drops a connection that closed, and closes one left in a transaction.
    connection.release();
  }
}

const COMMIT_WITH_NEXT = Symbol('commitWithNextStatement');

/**
 * On PostgreSQL, sends the transaction's COMMIT right behind its next statement, in the same round trip, instead of
 * after the answer and the work that follows it. That statement must be the transaction's last, and nothing after it
 * may fail: the transaction commits once it succeeds (it is rolled back if it fails). A later statement is an error.
 * On PGlite, which has no round trips, nothing changes.
 */
export function commitWithNextStatement(tx: Tx): void {
  const { client } = (tx as unknown as { _: { session: { client: Record<symbol, unknown> } } })._.session;
  const hook = client[COMMIT_WITH_NEXT];
  if (typeof hook === 'function') hook();
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
