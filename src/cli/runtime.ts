import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { describeDatabaseProblem } from '../../db/database-problem.ts';
import { fixedClock } from '../app/clock.port.ts';
import { loadConfig } from '../config.ts';
import { createPortero, type Portero } from '../main.ts';
import type { CliIo } from './cli-io.ts';

export type Runtime = Portero;

/**
 * Opens Portero for one CLI command (config, policies, database, migrations), runs `work`, closes it.
 * Configuration problems are exit 2, each on its own line; a locked data directory says who holds it.
 */
export async function withRuntime(
  io: CliIo,
  work: (runtime: Runtime) => Promise<number>,
  options: { now?: Date; command?: string } = {},
): Promise<number> {
  const loaded = loadConfig();
  if (!loaded.ok) {
    for (const problem of loaded.problems) io.err(`configuration: ${problem}`);
    return 2;
  }
  let runtime: Runtime;
  try {
    runtime = await (io.openPortero ?? createPortero)({
      config: { ...loaded.config, logLevel: loaded.config.logLevel === 'info' ? 'warn' : loaded.config.logLevel },
      command: options.command ?? `portero ${process.argv.slice(2, 4).join(' ')}`.trim(),
      ...(options.now && { clock: fixedClock(options.now) }),
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(error.message);
      return 1;
    }
    const problem = describeDatabaseProblem(error, loaded.config.database.url);
    if (problem) {
      io.err(problem);
      return 2;
    }
    throw error;
  }
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
