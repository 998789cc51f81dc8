import { agentChannelFor } from '../../domain/case/agent-channel.ts';
import { DERIVED_RULES, timerKey } from '../../domain/sla/sla-timer.types.ts';
import type { CaseContext, CaseDeps } from '../cases/case-context.ts';
import type { OutboxMessage, Repositories } from '../store.port.ts';
import type { AlertBatch } from './alert-batch.ts';
import type { FireContext } from './alert-outbox.ts';
import { alertSkipReason, fireAlert } from './fire-alerts.ts';
import { changeSkipReason, fireChange } from './fire-changes.ts';
import { plannedTimers } from './planned-timers.ts';
import type { TimerRow } from './sla.port.ts';

// One due timer, in the transaction that claimed it. The case is read again and the timer checked against what the
// case plans now: a timer is only a cached instant, the case decides. Firing marks the timer before it acts, so the
// case change it may make (which rewrites the case's timers) can never plan it again.

export interface FiredTimer {
  timerId: number;
  tenantId: string;
  caseId: string;
  caseRef: string | null;
  rule: string;
  target: string;
  threshold: string;
  fireAt: Date;
  /** fired, skipped: <why> (marked, never retried), or deferred: <why> (left pending for a later pass). */
  outcome: string;
  summary?: string;
  deliveries: { target: string; destination: string; kind: string; notBefore?: string }[];
}

/** Fires one timer; within an alert batch, with its prefetched cases, memoised reads and deferred writes. */
export async function fireTimer(
  deps: CaseDeps,
  txRepos: Repositories,
  timer: TimerRow,
  now: Date,
  batch?: AlertBatch,
): Promise<FiredTimer> {
  const repos = batch?.repos ?? txRepos;
  const mark = async (outcome: string) =>
    batch ? batch.mark(timer.id, outcome) : repos.sla.markFired(timer.id, now, outcome);
  const result: FiredTimer = {
    timerId: timer.id,
    tenantId: timer.tenantId,
    caseId: timer.caseId,
    caseRef: null,
    rule: timer.rule,
    target: timer.target,
    threshold: timer.threshold,
    fireAt: new Date(timer.fireAt),
    outcome: 'fired',
    deliveries: [],
  };
  const skip = async (why: string) => {
    await mark(`skipped: ${why}`);
    return { ...result, outcome: `skipped: ${why}` };
  };
  const tenant = await repos.tenants.get(timer.tenantId);
  const policy = tenant && deps.policies.policy(tenant.policyId);
  if (!tenant || !policy) return skip('unknown tenant or policy');
  // A case an agent is changing right now is not waited for: the change rewrites this timer, or the next pass fires it.
  const prefetched = batch?.cases.get(timer.caseId);
  const record = batch
    ? prefetched?.tenantId === tenant.id
      ? prefetched
      : undefined
    : await repos.sla.caseById(tenant.id, timer.caseId, { skipLocked: timer.changesCase });
  if (record === 'locked') return { ...result, outcome: 'deferred: case locked' };
  if (!record) return skip('no such case');
  result.caseRef = record.ref;
  if (!record.isOpen) return skip('case closed');

  if (DERIVED_RULES.includes(timer.rule)) {
    const planned = plannedTimers(deps.policies, policy, record, now).find(
      (spec) => timerKey(spec) === timerKey(timer),
    );
    if (!planned) return skip('no longer planned');
    if (planned.fireAt > now.getTime()) {
      await repos.sla.reschedule(timer.id, new Date(planned.fireAt));
      return { ...result, outcome: `deferred: due ${new Date(planned.fireAt).toISOString()}` };
    }
  }

  const written: OutboxMessage[] = [];
  const recording: Repositories = {
    ...repos,
    outbox: {
      async enqueue(messages) {
        written.push(...messages);
        await repos.outbox.enqueue(messages);
      },
    },
  };
  const caseContext: CaseContext = {
    repos: recording,
    deps,
    tenant,
    policy,
    now,
    caller: { tenantId: tenant.id, actor: { kind: 'system' }, channel: 'system' },
  };
  const f: FireContext = {
    repos: recording,
    tenant,
    policy,
    record,
    routing: agentChannelFor(policy, record),
    timer,
    now,
    caseContext,
    audit: async (event) => {
      if (batch) batch.audit(event);
      else await recording.events.append(event);
    },
  };
  const reason = timer.changesCase ? changeSkipReason(f) : await alertSkipReason(f);
  if (reason) return skip(reason);
  await mark('fired');
  const summary = timer.changesCase ? await fireChange(f) : await fireAlert(f);
  return {
    ...result,
    summary,
    deliveries: written.map((row) => ({
      target: row.target,
      destination: row.destination,
      kind: row.kind,
      ...(row.notBefore && { notBefore: row.notBefore.toISOString() }),
    })),
  };
}
