import type { Clock } from '../clock.port.ts';
import type { Store } from '../store.port.ts';
import type { OpsSnapshot, OpsStore } from './ops.port.ts';

// One screen for an operator (`portero status`): each tenant with where it is linked, the outbox, the SLA monitor,
// the cases breaching now; and what needs attention, each with a stable code, the same conditions the alert rules in
// docs/metrics.md watch.

/** A monitor that has not passed for this long has stopped (it passes at least every second, beats every 10 s). */
export const MONITOR_STALE_MS = 60_000;
/** Due timers waiting longer than this: the monitors are running behind. */
export const MONITOR_LAG_MS = 60_000;
/** A pending outbox row this old: deliveries are stuck (a remote down, no deliverer for its target running). */
export const OUTBOX_STUCK_MS = 5 * 60_000;
/** A mailbox not fetched for this long has stopped (a watcher fetches on every change and at least each minute). */
export const MAILBOX_STALE_MS = 5 * 60_000;
/** Breaching cases listed per tenant; the count says how many there are in all. */
const BREACHING_SHOWN = 10;

export interface Attention {
  code: 'outbox.dead_letters' | 'outbox.stuck' | 'sla.monitor_stale' | 'sla.monitor_lagging' | 'mailbox.stale';
  message: string;
}

export interface TenantStatus {
  id: string;
  name: string;
  policy: string;
  slackWorkspaces: string[];
  teamsTenants: string[];
  channels: { platform: string; conversationId: string; purpose: string; name: string | null }[];
  openCases: number;
  breachingCases: number;
  /** The first breaching cases, most overdue first. */
  breaching: { ref: string; priority: string; dueAt: string }[];
}

export interface DeploymentStatus {
  at: string;
  tenants: TenantStatus[];
  outbox: {
    pending: Record<string, number>;
    dead: Record<string, number>;
    oldestPendingAt: string | null;
  };
  sla: {
    lastSweepAt: string | null;
    lastSweepReplica: string | null;
    dueNow: number;
    oldestDueAt: string | null;
    nextDueAt: string | null;
  };
  /** Every mailbox with its watcher's state, last successful fetch and last error. */
  mailboxes: {
    tenant: string;
    address: string;
    state: string;
    lastFetchAt: string | null;
    lastError: string | null;
  }[];
  attention: Attention[];
}

export async function deploymentStatus(deps: { store: Store; ops: OpsStore; clock: Clock }): Promise<DeploymentStatus> {
  const now = deps.clock.now();
  const snapshot = await deps.ops.snapshot(now);
  const tenants = await deps.store.transaction(async (repos) => {
    const links = await repos.platformLinks.list();
    return Promise.all(
      (await repos.tenants.list()).map(async (tenant): Promise<TenantStatus> => {
        const breaching = await repos.cases.list(tenant.id, {
          filter: { kind: 'breaching', before: now },
          limit: BREACHING_SHOWN,
        });
        const linked = (platform: string) =>
          links.filter((link) => link.tenantId === tenant.id && link.platform === platform).map((l) => l.externalId);
        return {
          id: tenant.id,
          name: tenant.name,
          policy: tenant.policyId,
          slackWorkspaces: linked('slack'),
          teamsTenants: linked('teams'),
          channels: (await repos.bindings.list(tenant.id))
            .filter((binding) => binding.purpose !== 'customer')
            .map(({ platform, conversationId, purpose, name }) => ({ platform, conversationId, purpose, name })),
          openCases: sum(snapshot.openCases.filter((row) => row.tenant === tenant.id)),
          breachingCases: sum(snapshot.breachingCases.filter((row) => row.tenant === tenant.id)),
          breaching: breaching.map((record) => ({
            ref: record.ref,
            priority: record.priority,
            dueAt: record.nextDueAt?.toISOString() ?? '',
          })),
        };
      }),
    );
  });
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return {
    at: now.toISOString(),
    tenants,
    outbox: {
      pending: byTarget(snapshot.outbox.pending),
      dead: byTarget(snapshot.outbox.dead),
      oldestPendingAt: iso(snapshot.outbox.oldestPendingAt),
    },
    sla: {
      lastSweepAt: iso(snapshot.sla.lastSweep?.at),
      lastSweepReplica: snapshot.sla.lastSweep?.replica ?? null,
      dueNow: snapshot.sla.due,
      oldestDueAt: iso(snapshot.sla.oldestDueAt),
      nextDueAt: iso(snapshot.sla.nextAt),
    },
    mailboxes: snapshot.mailboxes.map(({ tenant, address, state, lastFetchAt, lastError }) => ({
      tenant,
      address,
      state,
      lastFetchAt: iso(lastFetchAt),
      lastError,
    })),
    attention: [...outboxAttention(snapshot), ...monitorAttention(snapshot), ...mailboxAttention(snapshot)],
  };
}

function outboxAttention({ at, outbox }: OpsSnapshot): Attention[] {
  const found: Attention[] = [];
  const dead = sum(outbox.dead);
  if (dead > 0)
    found.push({
      code: 'outbox.dead_letters',
      message: `${dead} dead-lettered outbox row(s): fix the cause, then portero outbox retry --all`,
    });
  if (outbox.oldestPendingAt && at.getTime() - outbox.oldestPendingAt.getTime() > OUTBOX_STUCK_MS)
    found.push({
      code: 'outbox.stuck',
      message: `the oldest pending outbox row was written ${minutes(at, outbox.oldestPendingAt)} ago`,
    });
  return found;
}

function monitorAttention({ at, sla }: OpsSnapshot): Attention[] {
  const found: Attention[] = [];
  const last = sla.lastSweep?.at;
  // A deployment whose server never ran has no monitor to miss, until something falls due.
  if (last ? at.getTime() - last.getTime() > MONITOR_STALE_MS : sla.due > 0)
    found.push({
      code: 'sla.monitor_stale',
      message: last
        ? `the SLA monitor last passed ${minutes(at, last)} ago: is portero serve running?`
        : 'no SLA monitor has ever run, and SLA timers are due: is portero serve running?',
    });
  if (sla.oldestDueAt && at.getTime() - sla.oldestDueAt.getTime() > MONITOR_LAG_MS)
    found.push({
      code: 'sla.monitor_lagging',
      message: `${sla.due} SLA timer(s) due, the oldest for ${minutes(at, sla.oldestDueAt)}`,
    });
  return found;
}

/** A mailbox never fetched, or not for 5 minutes, has stopped: mail to the support address is not being read. */
function mailboxAttention({ at, mailboxes }: OpsSnapshot): Attention[] {
  return mailboxes
    .filter((m) => !m.lastFetchAt || at.getTime() - m.lastFetchAt.getTime() > MAILBOX_STALE_MS)
    .map((m) => ({
      code: 'mailbox.stale' as const,
      message: `mailbox ${m.address} (${m.tenant}) ${m.lastFetchAt ? `last fetched ${minutes(at, m.lastFetchAt)} ago` : 'never fetched'}, ${m.state}${m.lastError ? `: ${m.lastError}` : ''}`,
    }));
}

const sum = (rows: { count: number }[]) => rows.reduce((total, row) => total + row.count, 0);

const byTarget = (rows: { target: string; count: number }[]) =>
  Object.fromEntries(rows.map((row) => [row.target, row.count]));

function minutes(now: Date, then: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
