import { relayOnce } from '../app/outbox/outbox-relay.ts';
import { createPlatforms } from '../main.ts';
import { oneOf, parseCliArgs } from './cli-args.ts';
import type { CliCommand } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

const USAGE = [
  'usage: portero outbox list [--status pending|delivered|dead] [--limit N]',
  '       portero outbox run        one relay pass with the deliverers configured here (email, Slack, Teams)',
  '       portero outbox retry <id…> | --all    put dead-lettered rows back in the queue',
].join('\n');

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'inspect, run or retry outgoing deliveries',
  usage: [
    USAGE,
    '',
    '  list lists the newest rows first (50 by default), then the totals by status',
    '',
    'example: portero outbox list --status dead && portero outbox retry 42 && portero outbox run',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values, positionals } = parseCliArgs(
      rest,
      { status: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } },
      USAGE,
    );
    // The command line is checked before the database is opened: a misuse is exit 2 even when it is locked.
    switch (sub) {
      case 'list': {
        const status = oneOf(values.status, ['pending', 'delivered', 'dead'] as const, 'status');
        const limit = Number(values.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
        return withRuntime(io, async (runtime) => {
          const rows = await runtime.queue.list({ status, limit });
          for (const row of rows) {
            // A pending row's next attempt; while a relay holds it, the end of its lease.
            const next = row.status === 'pending' ? row.nextAttemptAt.toISOString() : '-';
            const error = row.lastError ? `\t${row.lastError}` : '';
            io.out(
              `${row.id}\t${row.status}\t${row.target}:${row.destination}\t${row.kind}\tattempts ${row.attempts}\tnext ${next}${error}`,
            );
          }
          if (rows.length === 0) io.out('(no rows)');
          const totals = await runtime.queue.countByStatus();
          io.out(`total: pending ${totals.pending}, delivered ${totals.delivered}, dead ${totals.dead}`);
          return 0;
        });
      }
      case 'run':
        return withRuntime(io, async (runtime) => {
          // The same deliverers as `portero serve`: email, and Slack and Teams when they are configured here.
          const platforms = await createPlatforms(runtime, { deps: runtime, log: runtime.logger, wakeRelay: () => {} });
          const deliverers = {
            ...runtime.deliverers,
            ...Object.fromEntries(platforms.map((platform) => [platform.name, platform.deliverer])),
          };
          try {
            const report = await relayOnce(
              {
                queue: runtime.queue,
                deliverers,
                clock: runtime.clock,
                // Each failure in words, so the operator sees why without reading the table.
                log: (event, fields) => {
                  if (event === 'outbox.dead') io.out(`row ${fields.id} dead-lettered: ${fields.error}`);
                  if (event === 'outbox.retry')
                    io.out(`row ${fields.id} retried in ${fields.delayMs} ms: ${fields.error}`);
                  if (event === 'outbox.stale')
                    io.out(
                      `row ${fields.id}: another relay took it over after the lease ran out; this result was dropped`,
                    );
                },
              },
              runtime.config.outbox,
            );
            io.out(`delivered ${report.delivered}, retried later ${report.retried}, dead-lettered ${report.dead}`);
            io.out(`deliverers here: ${Object.keys(deliverers).join(', ')}`);
            return 0;
          } finally {
            for (const platform of platforms) await platform.stop?.();
          }
        });
      case 'retry': {
        const ids = positionals.map(Number);
        if (values.all ? ids.length > 0 : ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id < 1)) {
          throw new UsageError(`retry takes row ids or --all\n${USAGE}`);
        }
        return withRuntime(io, async (runtime) => {
          if (!values.all) {
            // Rows are never deleted, so an id not found now never existed: a typo, or another deployment's id.
            const found = await runtime.queue.list({ ids, limit: ids.length });
            const unknown = ids.filter((id) => !found.some((row) => row.id === id));
            if (unknown.length > 0) {
              io.err(`no outbox row with id ${unknown.join(', ')}: nothing was put back (see portero outbox list)`);
              return 1;
            }
            for (const row of found.filter((row) => row.status !== 'dead'))
              io.out(`row ${row.id} is ${row.status}, not dead-lettered: left as it is`);
          }
          const count = await runtime.queue.retryDead(values.all ? 'all' : ids, runtime.clock.now());
          io.out(`${count} dead-lettered row(s) back in the queue`);
          return 0;
        });
      }
      default:
        throw new UsageError(sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE);
    }
  },
};
