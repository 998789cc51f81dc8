import type { CaseRecord } from '../../domain/case/case.types.ts';
import { computeSlaClocks, nextDueAt } from '../../domain/sla/case-sla.ts';
import { scheduleCaseTimers } from '../sla/case-timers.ts';
import type { CaseContext } from './case-context.ts';
import { caseSnapshot } from './case-snapshot.ts';

/** The case's SLA clocks and next due instant, recomputed from its timeline (priority, pauses, replies). */
export function withSla(context: CaseContext, record: CaseRecord): CaseRecord {
  const priority = context.policy.priorities.find((p) => p.id === record.priority);
  const calendar = context.deps.policies.calendar(context.policy, record.priority);
  const ms = (date: Date | null) => date?.getTime();
  const clocks = computeSlaClocks(priority?.targets ?? {}, calendar, {
    openedAt: record.openedAt.getTime(),
    reopenedAt: ms(record.reopenedAt),
    firstRespondedAt: ms(record.firstRespondedAt),
    lastAgentUpdateAt: ms(record.lastAgentUpdateAt),
    resolvedAt: ms(record.resolvedAt),
    pauses: record.pauses,
  });
  // A closed or cancelled case has no deadline left, whatever its clocks say.
  const next = record.isOpen ? nextDueAt(clocks) : undefined;
  return { ...record, sla: clocks, nextDueAt: next === undefined ? null : new Date(next) };
}

export interface ChangeEvent {
  type: string;
  data?: Record<string, unknown>;
  /** One line for the case's thread in the agent channel. */
  summary: string;
}

/** Writes a case change, its audit event and the agent-channel updates: all in the caller's transaction. */
export async function commitChange(
  context: CaseContext,
  record: CaseRecord,
  event: ChangeEvent,
  options: { insert?: boolean } = {},
): Promise<{ record: CaseRecord; eventId: number }> {
  const updated = withSla(context, { ...record, updatedAt: context.now });
  const saved = options.insert ? await context.repos.cases.insert(updated) : await context.repos.cases.update(updated);
  const eventId = await context.repos.events.append({
    tenantId: context.tenant.id,
    caseId: saved.id,
    type: event.type,
    at: context.now,
    actor: context.caller.actor,
    channel: context.caller.channel,
    data: { ...event.data, summary: event.summary },
  });
  await scheduleCaseTimers(context.repos, context.deps.policies, context.policy, saved, context.now);
  await notifyAgentChannels(context, saved, eventId, event);
  return { record: saved, eventId };
}

/** The policy's first matching routing channel for this case (by priority and type). */
export function routingName(context: CaseContext, record: CaseRecord): string {
  const channels = context.policy.routing.agentChannels;
  const match = channels.find(
    (channel) =>
      (!channel.priorities || channel.priorities.includes(record.priority)) &&
      (!channel.caseTypes || channel.caseTypes.includes(record.type)),
  );
  return (match ?? channels[channels.length - 1]!).name;
}

async function notifyAgentChannels(context: CaseContext, record: CaseRecord, eventId: number, event: ChangeEvent) {
  const name = routingName(context, record);
  const bindings = await context.repos.bindings.byName(context.tenant.id, 'agent', name);
  if (bindings.length === 0) return;
  const snapshot = await caseSnapshot(context, record);
  await context.repos.outbox.enqueue(
    bindings.map((binding) => ({
      tenantId: context.tenant.id,
      caseId: record.id,
      target: binding.platform,
      destination: binding.conversationId,
      kind: 'case.update',
      payload: { case: snapshot, event: { id: eventId, type: event.type, summary: event.summary } },
      dedupKey: `case.update:${eventId}:${binding.platform}:${binding.conversationId}`,
    })),
  );
}
