import type { CaseRecord } from '../../domain/case/case.types.ts';
import { nextEscalation } from '../../domain/sla/sla-timers.ts';
import { type FireContext, noticeToCustomer, sendAlert, targetLabel } from './alert-outbox.ts';
import {
  assigneeOrChannel,
  firstReached,
  managerChannel,
  managers,
  peopleEndpoints,
  routingChannel,
} from './alert-recipients.ts';
import { alertWords } from './alert-words.i18n.ts';
import type { TimerRow } from './sla.port.ts';

// The timers that only speak: SLA warnings, breaches and escalations, and the automations' reminders.
// Recipients: the assignee (or the case's agent channel) at warning; the managers (DM) and the manager channel at
// breach, with an "I'm on it" button; the level the policy names at each escalation of an unacknowledged breach.

export const clockOf = (record: CaseRecord, timer: Pick<TimerRow, 'target' | 'cycle'>) =>
  record.sla.find((clock) => clock.target === timer.target && String(clock.startedAt) === timer.cycle);

/** Why an alert timer that came due must stay silent after all; undefined when it fires. */
export async function alertSkipReason(f: FireContext): Promise<string | undefined> {
  const { timer, record, policy } = f;
  if (timer.rule === 'sla.escalation') {
    const breach = await f.repos.sla.breachOf(record.id, timer.target, timer.cycle);
    if (!breach?.firedAt) return 'no breach';
    if (breach.acknowledgedAt) return 'acknowledged';
    const clock = clockOf(record, timer);
    if (!clock || clock.metAt !== undefined) return 'met';
    if (!policy.routing.escalation[Number(timer.threshold) - 1]) return 'no such level';
  }
  if (timer.rule === 'assign.contact' && !record.assigneeId) return 'unassigned';
  return undefined;
}

export async function fireAlert(f: FireContext): Promise<string> {
  const { timer, record, policy, now } = f;
  const ref = record.ref;
  switch (timer.rule) {
    case 'sla.warning': {
      const due = clockOf(record, timer)?.dueAt ?? timer.fireAt;
      const percent = Math.round(Number(timer.threshold) * 100);
      return sendAlert(f, await assigneeOrChannel(f), {
        eventType: 'sla.warning',
        headline: (t) => t.words.warning(ref, targetLabel(t, timer.target), t.at(due), percent),
      });
    }
    case 'sla.breach': {
      const endpoints = await firstReached(
        async () => [...(await managers(f)), ...(await managerChannel(f))],
        () => routingChannel(f),
      );
      const summary = await sendAlert(f, endpoints, {
        eventType: 'sla.breach',
        ack: true,
        headline: (t) => t.words.breach(ref, targetLabel(t, timer.target), t.at(timer.fireAt)),
      });
      const next = nextEscalation(policy.routing.escalation, timer, 0, now.getTime());
      if (next) await f.repos.sla.add(record.tenantId, record.id, [next]);
      return summary;
    }
    case 'sla.escalation': {
      const level = Number(timer.threshold);
      const step = policy.routing.escalation[level - 1]!;
      const breachAt = (await f.repos.sla.breachOf(record.id, timer.target, timer.cycle))?.firedAt ?? now;
      const audiences =
        step.to === 'managers'
          ? [() => managers(f), () => managerChannel(f)]
          : [() => managerChannel(f), () => managers(f)];
      const summary = await sendAlert(f, await firstReached(...audiences, () => routingChannel(f)), {
        eventType: 'sla.escalation',
        ack: true,
        headline: (t) => t.words.escalation(ref, targetLabel(t, timer.target), t.at(breachAt), level),
        data: { level, to: step.to },
      });
      const next = nextEscalation(policy.routing.escalation, timer, level, now.getTime());
      if (next) await f.repos.sla.add(record.tenantId, record.id, [next]);
      return summary;
    }
    case 'assign.nudge':
      return sendAlert(f, await routingChannel(f), {
        eventType: 'automation.assign_nudge',
        headline: (t) => t.words.assignNudge(ref),
      });
    case 'assign.contact': {
      const assignee = await f.repos.agents.byId(record.tenantId, record.assigneeId!);
      const due = record.sla.find((clock) => clock.target === 'firstResponse' && clock.metAt === undefined)?.dueAt;
      const endpoints = await firstReached(
        async () => (assignee && !assignee.deactivatedAt ? peopleEndpoints(f, [assignee]) : []),
        () => routingChannel(f),
      );
      return sendAlert(f, endpoints, {
        eventType: 'automation.first_contact',
        headline: (t) => t.words.assignContact(ref, due === undefined ? undefined : t.at(due)),
        data: { assignee: record.assigneeId },
      });
    }
    case 'contact.reminder': {
      const of = policy.rules.autoClose?.contactAttempts ?? Number(timer.threshold);
      return sendAlert(f, await assigneeOrChannel(f), {
        eventType: 'automation.contact_reminder',
        headline: (t) => t.words.contactReminder(ref, Number(timer.threshold), of),
        data: { attempt: Number(timer.threshold), of },
      });
    }
    case 'closure.reminder': {
      const n = Number(timer.threshold);
      const customer = await noticeToCustomer(f, alertWords(policy.locale).notice.closureReminder(ref, record.title));
      return sendAlert(f, await assigneeOrChannel(f), {
        eventType: 'automation.closure_reminder',
        headline: (t) => t.words.closureReminder(ref, n),
        data: { reminder: n, customer: customer ?? null },
      });
    }
    default:
      throw new Error(`timer rule ${timer.rule} changes the case: fireChange handles it`);
  }
}
