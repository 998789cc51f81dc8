import type { CaseRecord } from '../case/case.types.ts';
import type { FirstResponseEvent, Policy } from '../policy/policy.schema.ts';

/**
 * The case with its first response stamped at `at` when the policy counts `event` as one (sla.firstResponseEvents)
 * and none came before: the first-response clock is then met, and its warning and breach timers go with it.
 */
export function withFirstResponse(policy: Policy, record: CaseRecord, event: FirstResponseEvent, at: Date): CaseRecord {
  if (record.firstRespondedAt || !policy.sla.firstResponseEvents.includes(event)) return record;
  return { ...record, firstRespondedAt: at };
}
