import type { Store } from './store.port.ts';

// A unit of work that failed because the database went away (a restart, a dropped connection, a failover) is run
// again, a few times with growing pauses, so that a command already acked to Slack is still applied. Only work that
// never reached its COMMIT is run again: it was rolled back, so running it again cannot apply it twice. When the
// connection fails during the COMMIT itself nobody can tell whether it landed; that is reported, never retried.

export interface RetryOptions {
  /**
   * Whether an error is worth running the work again: 'connection' when the database could not be reached or went
   * away, 'conflict' when it answered and rolled the transaction back (a deadlock); undefined for anything else.
   */
  transient(error: unknown): 'connection' | 'conflict' | undefined;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The pause before attempt n + 1. */
  pauseMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each new attempt (an operator should hear that the database is coming and going). */
  onRetry?: (attempt: number, error: unknown) => void;
}

/** The database failed while committing: the change may or may not have been saved. */
export class CommitOutcomeUnknownError extends Error {
  override readonly name = 'CommitOutcomeUnknownError';
  constructor(override readonly cause: unknown) {
    super('the database failed while committing: the change may or may not have been saved');
  }
}

/** The database could not be reached, after every attempt: nothing was saved. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(override readonly cause: unknown) {
    super('the database could not be reached: nothing was saved');
  }
}

export const RETRY_DEFAULTS = { attempts: 5, pauseMs: (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 4_000) };

export function retryingStore(store: Store, options: RetryOptions): Store {
  const attempts = options.attempts ?? RETRY_DEFAULTS.attempts;
  const pauseMs = options.pauseMs ?? RETRY_DEFAULTS.pauseMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Runs `once` again after a transient failure; `committed` says whether a lost connection may have committed it. */
  async function retried<T>(once: () => Promise<T>, committed: () => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once();
      } catch (error) {
        const kind = options.transient(error);
        if (!kind) throw error;
        if (committed() && kind === 'connection') throw new CommitOutcomeUnknownError(error);
        if (attempt >= attempts) throw new DatabaseUnavailableError(error);
        options.onRetry?.(attempt + 1, error);
        await sleep(pauseMs(attempt));
      }
    }
  }
  return {
    transaction(work) {
      let workDone = false;
      return retried(
        () => {
          workDone = false;
          return store.transaction(async (repos) => {
            const result = await work(repos);
            workDone = true;
            return result;
          });
        },
        () => workDone,
      );
    },
    // Reads write nothing: a lost connection leaves nothing to be unsure of.
    read: (work) =>
      retried(
        () => store.read(work),
        () => false,
      ),
  };
}
