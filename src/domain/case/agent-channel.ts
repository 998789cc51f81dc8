import type { Policy } from '../policy/policy.schema.ts';
import type { CaseRecord } from './case.types.ts';

// Which of the policy's agent channels a case is posted to: the first whose filters (priorities, case types) all
// match it; a channel without filters takes every case that reaches it. A case that no channel matches is posted to
// none, never into a channel whose filters exclude it.

export function agentChannelFor(policy: Policy, record: Pick<CaseRecord, 'priority' | 'type'>): string | undefined {
  return policy.routing.agentChannels.find(
    (channel) =>
      (!channel.priorities || channel.priorities.includes(record.priority)) &&
      (!channel.caseTypes || channel.caseTypes.includes(record.type)),
  )?.name;
}
