import type { CaseDeps } from '../cases/case-context.ts';
import { errorFields } from '../error-fields.ts';
import type { Repositories } from '../store.port.ts';
import { openAlertBatch } from './alert-batch.ts';
import { type FiredTimer, fireTimer } from './fire-timer.ts';
import type { TimerRow } from './sla.port.ts';

// One pass over the due timers. Alerts are claimed in batches (FOR UPDATE SKIP LOCKED: replicas share the work and
// never wait for each other); timers that change a case go one per transaction, each taking its case's lock without
// waiting. A timer is marked fired in the transaction that writes its outbox rows: fired once, whatever crashes.

export interface SweepDeps extends CaseDeps {
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface SweepOptions {
  /** Alert timers claimed per transaction. */
  batchSize?: number;
  /** Shows what is due and what firing would do, in a transaction that is rolled back. */
  dryRun?: boolean;
}

type Runner = <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;

class DryRunRollback extends Error {
  constructor(readonly fired: FiredTimer[]) {
    super('dry run');
  }
}

export async function sweepSla(deps: SweepDeps, options: SweepOptions = {}): Promise<FiredTimer[]> {
  if (!options.dryRun) return sweepWith(deps, (work) => deps.store.transaction(work), options);
  try {
    await deps.store.transaction(async (repos) => {
      throw new DryRunRollback(await sweepWith(deps, (work) => work(repos), options));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.fired;
    throw error;
  }
  return [];
}

async function sweepWith(deps: SweepDeps, run: Runner, options: SweepOptions): Promise<FiredTimer[]> {
  const results: FiredTimer[] = [];
  // Timers left pending on purpose (deferred) are not taken again in this pass.
  const deferred: number[] = [];
  const note = (fired: FiredTimer[]) => {
    for (const timer of fired) if (timer.outcome.startsWith('deferred')) deferred.push(timer.timerId);
    results.push(...fired);
  };

  let batchSize = options.batchSize ?? 50;
  for (;;) {
    const now = deps.clock.now();
    let current: TimerRow | undefined;
    try {
      const fired = await run(async (repos) => {
        const timers = await repos.sla.claimDue(now, batchSize, { changesCase: false, exclude: deferred });
        const batch = await openAlertBatch(repos, timers, now);
        const out: FiredTimer[] = [];
        for (const timer of timers) {
          current = timer;
          out.push(await fireTimer(deps, repos, timer, now, batch));
        }
        await batch.flush();
        return out;
      });
      note(fired);
      if (fired.length < batchSize) break;
    } catch (error) {
      if (options.dryRun) throw error;
      deps.log?.('sla.fire_failed', { ...(await failedTimer(run, current)), batchSize, ...errorFields(error) });
      // A failing batch is retried a timer at a time, so one broken timer cannot hold the others back.
      if (batchSize > 1) {
        batchSize = 1;
        continue;
      }
      if (current === undefined) throw error;
      const failed = current.id;
      await run((repos) => repos.sla.markFired(failed, now, `failed: ${errorText(error).slice(0, 200)}`));
    }
  }

  for (;;) {
    const now = deps.clock.now();
    let current: TimerRow | undefined;
    try {
      const fired = await run(async (repos) => {
        const [timer] = await repos.sla.claimDue(now, 1, { changesCase: true, exclude: deferred });
        if (!timer) return undefined;
        current = timer;
        return fireTimer(deps, repos, timer, now);
      });
      if (!fired) break;
      note([fired]);
    } catch (error) {
      if (options.dryRun || current === undefined) throw error;
      deps.log?.('sla.fire_failed', { ...(await failedTimer(run, current)), ...errorFields(error) });
      const failed = current.id;
      await run((repos) => repos.sla.markFired(failed, now, `failed: ${errorText(error).slice(0, 200)}`));
    }
  }
  return results;
}

/**
 * What the failure's log line names: the tenant, the case's number (ITBX-12: read afresh, the failed transaction
 * is gone) and the timer. Never the error's message (it may quote what a customer wrote): errorFields.
 */
async function failedTimer(run: Runner, timer: TimerRow | undefined): Promise<Record<string, unknown>> {
  if (!timer) return {};
  const ref = await run((repos) => repos.cases.refOf(timer.tenantId, timer.caseId)).catch(() => undefined);
  return { tenant: timer.tenantId, case: ref, timer: timer.id, rule: timer.rule };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
