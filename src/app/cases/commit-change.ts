import { agentChannelFor } from '../../domain/case/agent-channel.ts';
import type { CaseRecord } from '../../domain/case/case.types.ts';
import { computeSlaClocks, nextDueAt } from '../../domain/sla/case-sla.ts';
import { rewritesFinishedWeeks } from '../../domain/sla/sla-weekly.ts';
import { pendingTimers } from '../sla/planned-timers.ts';
import type { CaseContext } from './case-context.ts';
import { caseSnapshot } from './case-snapshot.ts';
import { askForConfirmation, notifyUpdate } from './customer-notices.ts';

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

/**
 * Writes a case change, its audit event, its timers, the agent-channel updates and (where the policy promises it) the
 * customer's email notice in the caller's transaction. A new case (`insert`) gets its id here. Throws
 * CaseChangedError when another change of the case committed since it was read (runCaseUseCase answers it as the
 * refusal `case.changed`).
 */
export async function commitChange(
  context: CaseContext,
  record: CaseRecord,
  event: ChangeEvent,
  options: { insert?: boolean } = {},
): Promise<{ record: CaseRecord; eventId: number }> {
  const insert = options.insert ?? false;
  const updated = withSla(context, {
    ...record,
    ...(insert && { id: crypto.randomUUID(), version: 1 }),
    updatedAt: context.now,
  });
  const name = agentChannelFor(context.policy, updated);
  // A card no channel would receive is not built: its customer and assignee reads are saved.
  const destinations = name === undefined ? undefined : context.agentChannels?.get(name);
  const notify =
    name === undefined || (context.agentChannels && !destinations)
      ? undefined
      : {
          purpose: 'agent' as const,
          name,
          kind: 'case.update',
          payload: {
            case: await caseSnapshot(context, updated),
            event: { type: event.type, summary: event.summary },
          },
          destinations,
        };
  const asRead = context.caseAsRead;
  const eventId = await context.repos.cases.commit({
    record: updated,
    insert,
    previous: !insert && asRead?.id === record.id && asRead.version === record.version ? asRead : undefined,
    event: {
      type: event.type,
      at: context.now,
      actor: context.caller.actor,
      channel: context.caller.channel,
      data: { ...event.data, summary: event.summary },
    },
    timers: pendingTimers(context, updated),
    notify,
    rewritesFinishedWeeks:
      !insert && rewritesFinishedWeeks(record.sla, updated.sla, context.now.getTime(), context.policy.timezone),
  });
  if (!insert) {
    await notifyUpdate(context, updated, event, eventId);
    await askForConfirmation(context, updated, event, eventId);
  }
  // The row as written: an update bumps the version the case was read with.
  const written = insert ? updated : { ...updated, version: updated.version + 1 };
  context.caseAsRead = written;
  return { record: written, eventId };
}
