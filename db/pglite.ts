import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { DatabaseOptions, Db, PgliteDatabase } from './database.types.ts';
import * as schema from './schema/index.ts';

// The embedded database: PGlite in a data directory (locked against a second process) or in memory.

export async function openPglite(
  dataDir: string,
  options: Pick<DatabaseOptions, 'command' | 'onStaleLock'> = {},
): Promise<PgliteDatabase> {
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
  const db: Db = drizzle({ client, schema });
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
