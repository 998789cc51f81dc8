import { type Database, openDatabase } from '../../db/client.ts';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { migrate, migrationStatus } from '../../db/migrate.ts';
import { loadConfig } from '../config.ts';
import { type CliCommand, type CliIo, UsageError } from './cli-io.ts';

const USAGE = [
  'usage: portero db migrate   apply the migrations this version ships with',
  '       portero db status    driver, location, applied and pending migrations',
  '(DATABASE_URL selects PostgreSQL; otherwise the embedded database in PORTERO_DATA_DIR, default ./.portero/data)',
].join('\n');

export interface DbCommandDeps {
  env?: Record<string, string | undefined>;
}

/** `portero db …`; the environment is a parameter so tests point it at a directory or database of their own. */
export function createDbCommand(deps: DbCommandDeps = {}): CliCommand {
  return {
    name: 'db',
    summary: 'apply migrations, show the database and its migration status',
    usage: [
      USAGE,
      '',
      'Exit codes: 0 done, 1 the data directory is held by another process, 2 a configuration problem or a misuse.',
      '',
      'example: DATABASE_URL=postgres://portero:secret@db:5432/portero portero db migrate',
    ].join('\n'),
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub !== 'migrate' && sub !== 'status')
        throw new UsageError(sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE);
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"\n${USAGE}`);
      const loaded = loadConfig(deps.env ?? process.env);
      if (!loaded.ok) {
        // As for every command that opens Portero: a configuration problem is exit 2, each on its own line.
        for (const problem of loaded.problems) io.err(`configuration: ${problem}`);
        return 2;
      }
      const database = await open(io, { ...loaded.config.database, command: `portero db ${sub}` });
      if (!database) return 1;
      try {
        return sub === 'migrate' ? await runMigrate(database, io) : await runStatus(database, io);
      } finally {
        await database.close();
      }
    },
  };
}

export const dbCommand = createDbCommand();

async function open(io: CliIo, options: Parameters<typeof openDatabase>[0]): Promise<Database | undefined> {
  try {
    return await openDatabase({
      ...options,
      onStaleLock: (previous) =>
        io.err(`took over the lock left by "${previous.command}" (pid ${previous.pid}, no longer running)`),
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(error.message);
      return undefined;
    }
    throw error;
  }
}

function describe(database: Database): string {
  if (database.driver === 'postgres') return `database: PostgreSQL at ${database.location}`;
  if (database.location === 'memory') return 'database: embedded (PGlite), in memory';
  return `database: embedded (PGlite), data directory ${database.location}`;
}

async function runMigrate(database: Database, io: CliIo): Promise<number> {
  io.out(describe(database));
  const result = await migrate(database);
  io.out(
    result.ran === 0
      ? `already up to date: ${result.applied} ${plural(result.applied)} applied`
      : `applied ${result.ran} ${plural(result.ran)} (${result.applied} of ${result.total} in all)`,
  );
  return 0;
}

async function runStatus(database: Database, io: CliIo): Promise<number> {
  const status = await migrationStatus(database);
  io.out(`driver: ${database.driver}`);
  io.out(`location: ${database.location}`);
  io.out(`migrations: ${status.applied} applied, ${status.pending} pending (this version ships ${status.total})`);
  if (status.pending > 0) io.out('run `portero db migrate` (or start the server, which migrates at start-up)');
  return 0;
}

const plural = (n: number) => (n === 1 ? 'migration' : 'migrations');
