import type { PlatformContext } from '../platform.types.ts';

// A warning that can come with every request (a shed request, a bad signature, a forged token): one log line per
// 10 s with the counts by reason, so that an operator hears of it and nobody can flood the log with it.

const REPORT_EVERY_MS = 10_000;

export function burstLog(log: PlatformContext['log'], message: string, field: string) {
  let counts: Record<string, number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (counts) log.warn({ [field]: counts }, message);
    counts = undefined;
    timer = undefined;
  };
  return {
    count(reason: string): void {
      if (!counts) {
        counts = {};
        timer = setTimeout(flush, REPORT_EVERY_MS).unref();
      }
      counts[reason] = (counts[reason] ?? 0) + 1;
    },
    /** Logs what is counted so far (on shutdown). */
    flush,
  };
}
