import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database, DatabaseOptions, Db, PostgresDatabase } from './database.types.ts';
import { redactUrl } from './redact-url.ts';
import * as schema from './schema/index.ts';

export type {
  Database,
  DatabaseOptions,
  Db,
  Driver,
  PgliteDatabase,
  PostgresDatabase,
  Schema,
  Tx,
} from './database.types.ts';
export { redactUrl };

export const DEFAULT_DATA_DIR = './.portero/data';
export const DEFAULT_POOL_SIZE = 10;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? DEFAULT_POOL_SIZE);
  // PGlite is loaded only when it is used: a deployment on PostgreSQL starts faster and holds less memory.
  const { openPglite } = await import('./pglite.ts');
  return openPglite(options.dataDir ?? DEFAULT_DATA_DIR, options);
}

function openPostgres(url: string, poolSize: number): PostgresDatabase {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // A database out of reach is said at once rather than after postgres.js's 30 s: the store retries on its own.
    connect_timeout: 5,
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
