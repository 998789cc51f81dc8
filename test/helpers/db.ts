import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { type Database, type Db, type Driver, openDatabase, rows } from '../../db/client.ts';
import { MIGRATIONS_FOLDER, migrate } from '../../db/migrate.ts';
import { wrapPglite } from '../../db/pglite.ts';
import { adminClient, createDatabase, databaseName, dropDatabase, urlFor } from './test-databases.ts';

// The suites run on PGlite always and on PostgreSQL when DATABASE_URL is set. A worker opens and migrates its
// database once and every test file it runs reuses it (vitest.config.ts shares the module graph between a worker's
// files; a file runs alone in its worker, so nobody else writes meanwhile). Between tests every table is truncated,
// which measured ~20 ms against ~800 ms for a PGlite clone(). On PGlite the migrated state is loaded from a dump keyed
// by the migrations' content (~0.7 s instead of ~3 s to create and migrate).

export interface TestDatabase {
  readonly database: Database;
  readonly db: Db;
  readonly driver: Driver;
  /** Empties every table of the application (the schema stays). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const testDriver = (): Driver => (process.env.DATABASE_URL ? 'postgres' : 'pglite');

let workerDatabase: Promise<Database> | undefined;

/**
 * This worker's migrated database, ready for a suite; `useTestDb()` is the usual way in. Opened and migrated by the
 * worker's first file; `close()` leaves it open for the next one (it closes with the worker).
 */
export async function createTestDb(): Promise<TestDatabase> {
  workerDatabase ??= openWorkerDatabase().then(async (database) => {
    await migrate(database);
    return database;
  });
  const opening = workerDatabase;
  const database = await opening.catch((error: unknown) => {
    if (workerDatabase === opening) workerDatabase = undefined; // the next file tries again
    throw error;
  });
  return {
    database,
    db: database.db,
    driver: database.driver,
    reset: () => truncateAll(database.db),
    close: async () => {},
  };
}

/**
 * Inside a describe: a migrated database for the suite, emptied before each test.
 * Read `t.db` inside tests and hooks (it exists from beforeAll on).
 */
export function useTestDb(): TestDatabase {
  let current: TestDatabase | undefined;
  const get = () => {
    if (!current) throw new Error('useTestDb(): the database exists from beforeAll on; read t.db inside a test');
    return current;
  };
  beforeAll(async () => {
    current = await createTestDb();
  });
  beforeEach(async () => {
    await get().reset();
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get database() {
      return get().database;
    },
    get db() {
      return get().db;
    },
    get driver() {
      return get().driver;
    },
    reset: () => get().reset(),
    close: () => get().close(),
  };
}

/** A database with nothing in it, not even migrations: for tests of the migrator. The caller closes it. */
export async function openEmptyDatabase(label: string): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory' });
  const name = databaseName(inject('dbRunId'), worker(), label);
  const admin = adminClient(serverUrl);
  try {
    await dropDatabase(admin, name);
    await createDatabase(admin, name);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return openDatabase({ url: urlFor(serverUrl, name), poolSize: 4 });
}

const worker = () => process.env.VITEST_POOL_ID ?? '0';

async function openWorkerDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return wrapPglite(await pgliteFromTemplate(), 'memory');
  const name = databaseName(inject('dbRunId'), worker());
  const admin = adminClient(serverUrl);
  try {
    await createDatabase(admin, name);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return openDatabase({ url: urlFor(serverUrl, name), poolSize: 4 });
}

async function truncateAll(db: Db): Promise<void> {
  const tables = rows<{ name: string }>(
    await db.execute(sql`select tablename as "name" from pg_tables where schemaname = 'public'`),
  );
  if (tables.length === 0) return;
  const list = tables.map((table) => `"${table.name.replaceAll('"', '""')}"`).join(', ');
  await db.execute(sql.raw(`truncate table ${list} restart identity cascade`));
}

async function pgliteFromTemplate(): Promise<PGlite> {
  const file = await templateFile();
  try {
    return await PGlite.create({ loadDataDir: new Blob([await readFile(file)]) });
  } catch {
    await rm(file, { force: true }); // unreadable dump: the next file rebuilds it
    return PGlite.create();
  }
}

async function templateFile(): Promise<string> {
  const dir = join(tmpdir(), 'portero-test-pglite');
  const file = join(dir, `${templateKey()}.tar`);
  if (existsSync(file)) return file;
  const client = await PGlite.create();
  try {
    await migrate(wrapPglite(client, 'memory'));
    const dump = await client.dumpDataDir('none');
    await mkdir(dir, { recursive: true });
    // Written aside and renamed: a worker reading it never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    await removeOldDumps(dir);
  } finally {
    await client.close();
  }
  return file;
}

/** Dumps of other migration sets (40 MB each) go once nobody can still be loading them. */
async function removeOldDumps(dir: string): Promise<void> {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name !== `${templateKey()}.tar` && statSync(path).mtimeMs < hourAgo) await rm(path, { force: true });
  }
}

let key: string | undefined;
/** Changes with any migration and with the PGlite version, so a stale dump is never loaded. */
function templateKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const pglite = fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url));
  hash.update(String(JSON.parse(readFileSync(pglite, 'utf8')).version));
  hash.update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  for (const name of readdirSync(MIGRATIONS_FOLDER)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    hash.update(name).update(readFileSync(join(MIGRATIONS_FOLDER, name)));
  }
  key = hash.digest('hex').slice(0, 16);
  return key;
}
