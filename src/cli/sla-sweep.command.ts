import { DateTime } from 'luxon';
import type { FiredTimer } from '../app/sla/fire-timer.ts';
import { sweepSla } from '../app/sla/sla-sweep.ts';
import { parseCliArgs } from './cli-args.ts';
import { type CliIo, UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

// `portero sla sweep`: one pass of the SLA monitor at a chosen instant. With --dry-run it shows what is due and what
// each timer would send, in a transaction that is rolled back; without, it fires them as `portero serve` would.

export const SWEEP_USAGE = 'usage: portero sla sweep [--now <ISO-8601>] [--dry-run] [--json]';

/** An ISO-8601 instant; one without an offset is UTC. */
export function parseInstant(text: string, option: string, usage: string): Date {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !parsed.isValid) {
    throw new UsageError(
      `--${option}: expected an ISO-8601 instant like 2026-11-23T15:45:00Z, got "${text}"\n${usage}`,
    );
  }
  return parsed.toJSDate();
}

export const slaSweepCommand = {
  summary: 'fire (or with --dry-run, show) the SLA timers due at an instant',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(
      args,
      { now: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      SWEEP_USAGE,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n${SWEEP_USAGE}`);
    const now = values.now === undefined ? new Date() : parseInstant(values.now, 'now', SWEEP_USAGE);
    const dryRun = values['dry-run'] === true;
    return withRuntime(
      io,
      async (runtime) => {
        const timers = await sweepSla(
          {
            store: runtime.store,
            clock: runtime.clock,
            policies: runtime.policies,
            signingKey: runtime.signingKey,
            publicUrl: runtime.publicUrl,
          },
          { dryRun },
        );
        if (values.json) {
          for (const timer of timers) io.out(JSON.stringify({ ...timer, fireAt: timer.fireAt.toISOString() }));
          return 0;
        }
        const fired = timers.filter((timer) => timer.outcome === 'fired').length;
        const verb = dryRun ? 'would fire' : 'fired';
        io.out(
          `${timers.length} timer(s) due at ${now.toISOString()}; ${verb} ${fired}${dryRun ? ' (dry run: nothing was written)' : ''}`,
        );
        for (const timer of timers) io.out(describeTimer(timer));
        return 0;
      },
      { now, command: 'portero sla sweep' },
    );
  },
};

function describeTimer(timer: FiredTimer): string {
  const what = [timer.rule, timer.target, timer.threshold && `@${timer.threshold}`].filter(Boolean).join(' ');
  const to = timer.deliveries.map(
    (d) =>
      `${d.target}:${d.destination}${d.kind === 'message' ? '' : ` [${d.kind}]`}${d.notBefore ? ` (held until ${d.notBefore})` : ''}`,
  );
  return [
    `  ${timer.fireAt.toISOString()}  ${timer.caseRef ?? timer.caseId}  ${what}  ${timer.outcome}`,
    ...(timer.summary ? [`      ${timer.summary}`] : []),
    ...to.map((line) => `      → ${line}`),
  ].join('\n');
}
