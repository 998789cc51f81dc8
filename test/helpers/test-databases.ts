import postgres from 'postgres';

// Names and admin work for the per-run PostgreSQL databases; shared by the global setup and the workers.
// portero_test_<run>_<worker>[_<label>], where <run> = <UTC yyyymmddhhmmss>_<random>: its age is in its name.

export const PREFIX = 'portero_test_';
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${Math.random().toString(36).slice(2, 6)}`;
}

export function databaseName(runId: string, worker: string, label?: string): string {
  return `${PREFIX}${runId}_${worker}${label ? `_${label}` : ''}`;
}

/** The same server and credentials, another database. */
export function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connected to the URL's own database, from which the run's databases are created and dropped. */
export function adminClient(serverUrl: string): postgres.Sql {
  return postgres(serverUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'portero-test-admin' } });
}

export async function createDatabase(admin: postgres.Sql, name: string): Promise<void> {
  const [found] = await admin`select 1 from pg_database where datname = ${name}`;
  if (found) return;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile: fine
  }
}

export async function dropDatabase(admin: postgres.Sql, name: string): Promise<void> {
  await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
  await admin.unsafe(`drop database if exists "${name}"`);
}

/** This run's databases, and any a crashed run left more than a day ago. */
export async function dropRunDatabases(admin: postgres.Sql, runId: string, now = new Date()): Promise<string[]> {
  const all = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${PREFIX}%`}`;
  const doomed = all
    .map((row) => row.datname)
    .filter((name) => name.startsWith(`${PREFIX}${runId}_`) || isStale(name, now));
  for (const name of doomed) await dropDatabase(admin, name);
  return doomed;
}

function isStale(name: string, now: Date): boolean {
  const stamp = /^portero_test_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(name);
  if (!stamp) return false;
  const [, y, mo, d, h, mi, s] = stamp.map(Number) as number[];
  const started = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return now.getTime() - started > STALE_AFTER_MS;
}
