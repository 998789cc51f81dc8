import type { Clock } from './clock.port.ts';

// The loop behind the outbox relay and the SLA monitor: run a pass that claims due rows, then sleep until the next
// row falls due, until stopped. Rows planted by another process cannot wake this one, hence the longest sleep.

export interface ClaimLoopOptions {
  /**
   * One pass over the due rows. Resolves to 'again' when it did work (more may be waiting: no sleep), or to the
   * instant the next row falls due (undefined: not known, sleep the longest).
   */
  pass: () => Promise<'again' | Date | undefined>;
  clock: Clock;
  /** The longest sleep, and the pause after a failed pass. */
  maxSleepMs: number;
  /** The shortest sleep before a row already due, so that one another replica holds does not spin the loop. */
  minSleepMs?: number;
  /** Told when a pass fails; the loop carries on after `maxSleepMs`. */
  onError: (error: unknown) => void;
}

export interface ClaimLoop {
  /** Runs a pass now; one asked for during a pass runs right after it. */
  wake(): void;
  /** Ends the loop, without waiting out a sleep; resolves once the running pass has ended. */
  stop(): Promise<void>;
}

export function startClaimLoop(options: ClaimLoopOptions): ClaimLoop {
  const minSleepMs = options.minSleepMs ?? 0;
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });
  const sleepAfter = (next: 'again' | Date | undefined) => {
    if (next === 'again') return 0;
    const untilNext = next ? next.getTime() - options.clock.now().getTime() : options.maxSleepMs;
    return Math.min(options.maxSleepMs, Math.max(untilNext, minSleepMs));
  };
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      const ms = await options.pass().then(sleepAfter, (error: unknown) => {
        options.onError(error);
        return options.maxSleepMs;
      });
      // A wake() or stop() that came during the pass is not slept through.
      if (stopped || woken || ms === 0) continue;
      await sleep(ms);
    }
  })();
  const wake = () => {
    woken = true;
    interrupt?.();
  };
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
