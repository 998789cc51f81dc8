import { migrationStatus } from '../../db/migrate.ts';
import { type DeploymentStatus, deploymentStatus } from '../app/ops/deployment-status.ts';
import { parseCliArgs } from './cli-args.ts';
import { type CliCommand, UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

// `portero status`: a deployment's health on one screen, from the database and this environment's configuration.
// Exit 3 when something needs attention, so that a script or a cron job can tell.

const USAGE = 'usage: portero status [--json]';

/** Distinct from 1 (refused, locked) and 2 (misuse): the command worked, and what it found needs someone. */
export const NEEDS_ATTENTION = 3;

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'the deployment at a glance: database, tenants, outbox, SLA monitor, what needs attention',
  usage: [
    USAGE,
    '',
    'Prints the database and its migrations; each tenant with its linked Slack workspace and Teams tenant, its agent',
    'and manager channels, its open cases and those breaching now; the outbox (pending, dead, oldest pending); the SLA',
    "monitor's last pass and the next timer; then what needs attention: dead letters, a pending row older than 5 min,",
    'an SLA monitor that has not passed for 60 s or runs more than 60 s behind, a mailbox not fetched for 5 min.',
    '',
    'Exit codes: 0 all well, 3 something needs attention, 1 the data directory is held by another process,',
    '2 a configuration problem or a misuse.',
    '',
    'example: DATABASE_URL=postgres://portero:secret@db:5432/portero portero status --json',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' } }, USAGE);
    if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n${USAGE}`);
    return withRuntime(
      io,
      async (runtime) => {
        const status = await deploymentStatus(runtime);
        const migrations = await migrationStatus(runtime.database);
        const database = { driver: runtime.database.driver, location: runtime.database.location, ...migrations };
        if (values.json) io.out(JSON.stringify({ database, ...status }));
        else for (const line of describe(status, database)) io.out(line);
        return status.attention.length > 0 ? NEEDS_ATTENTION : 0;
      },
      { command: 'portero status' },
    );
  },
};

function describe(
  status: DeploymentStatus,
  database: { driver: string; location: string; applied: number; pending: number },
): string[] {
  const at = new Date(status.at);
  const when = (iso: string | null) => (iso ? `${iso} (${ago(at, new Date(iso))})` : 'never');
  const counts = (byTarget: Record<string, number>) =>
    Object.entries(byTarget)
      .map(([target, count]) => `${target} ${count}`)
      .join(', ') || '0';
  const lines = [
    `Portero status at ${status.at}`,
    `database: ${database.driver} at ${database.location}; migrations ${database.applied} applied, ${database.pending} pending`,
    '',
    `tenants: ${status.tenants.length}`,
  ];
  for (const tenant of status.tenants) {
    lines.push(
      `  ${tenant.id} (${tenant.name}), policy ${tenant.policy}: ${tenant.openCases} open, ${tenant.breachingCases} breaching`,
      `    slack: ${tenant.slackWorkspaces.join(', ') || '—'}   teams: ${tenant.teamsTenants.join(', ') || '—'}`,
      `    channels: ${tenant.channels.map((c) => `${c.purpose} ${c.name ?? '—'} (${c.platform} ${c.conversationId})`).join(', ') || '—'}`,
    );
    for (const c of tenant.breaching) lines.push(`    breaching: ${c.ref} ${c.priority}, due ${when(c.dueAt)}`);
  }
  lines.push(
    '',
    `outbox: pending ${counts(status.outbox.pending)}; dead ${counts(status.outbox.dead)}; oldest pending ${when(status.outbox.oldestPendingAt)}`,
    `SLA monitor: last pass ${when(status.sla.lastSweepAt)}${status.sla.lastSweepReplica ? ` by ${status.sla.lastSweepReplica}` : ''}; ${status.sla.dueNow} timer(s) due now; next timer ${status.sla.nextDueAt ?? 'none'}`,
    `mailboxes: ${status.mailboxes.length === 0 ? 'none' : ''}`,
    ...status.mailboxes.map(
      (m) =>
        `  ${m.address} (${m.tenant}): ${m.state}, last fetch ${when(m.lastFetchAt)}${m.lastError ? `, last error: ${m.lastError}` : ''}`,
    ),
    '',
  );
  if (status.attention.length === 0) lines.push('all well');
  else lines.push('needs attention:', ...status.attention.map((a) => `  [${a.code}] ${a.message}`));
  return lines;
}

function ago(now: Date, then: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 0) return `in ${-seconds} s`;
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}
