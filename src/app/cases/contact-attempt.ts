import { countContactAttempt } from '../../domain/automation/contact-attempts.ts';
import { stateOf } from '../../domain/case/lifecycle.ts';
import { calendarNamed } from '../calendar/policy-calendars.ts';
import type { OutboxRow, Repositories } from '../store.port.ts';
import type { CaseContext, CaseDeps } from './case-context.ts';
import { findCase } from './case-context.ts';
import { commitChange } from './commit-change.ts';
import { CONTACT_ATTEMPT_KIND } from './message-to-customer.ts';

/**
 * The relay's delivery hook: a `/case wait` email (`case.contact_attempt`) that was delivered is a contact attempt.
 * It runs in the transaction that marks the row delivered, so the attempt is counted exactly when, and once, the
 * message went out. It counts on a business day of its own, while the case still waits for the customer; otherwise
 * the `contact_attempt` event says why it did not count.
 */
export async function recordDeliveredAttempt(
  deps: CaseDeps,
  repos: Repositories,
  row: OutboxRow,
  deliveredAt: Date,
): Promise<void> {
  if (row.kind !== CONTACT_ATTEMPT_KIND || row.caseId === null) return;
  const number = Number((row.payload as { caseNumber?: unknown }).caseNumber);
  const tenant = await repos.tenants.get(row.tenantId);
  const policy = tenant && deps.policies.policy(tenant.policyId);
  if (!tenant || !policy || !Number.isInteger(number)) return;
  const context: CaseContext = {
    repos,
    deps,
    tenant,
    policy,
    now: deliveredAt,
    caller: { tenantId: tenant.id, actor: { kind: 'system' }, channel: 'email' },
  };
  const found = await findCase(context, { number }, { forUpdate: true });
  if (!found.ok || found.value.id !== row.caseId) return;
  const record = found.value;
  const base = { outboxId: row.id, to: row.destination, via: 'email' };
  const waiting = record.isOpen && stateOf(policy, record.state)?.kind === 'waiting';
  const counted = waiting
    ? countContactAttempt(
        record,
        { at: deliveredAt, via: 'email' },
        calendarNamed(policy, policy.defaultCalendar),
        policy.timezone,
      )
    : undefined;
  if (!counted?.counted) {
    // Sent, but not an attempt: the case no longer waits, or this business day already has one.
    await repos.events.append({
      tenantId: tenant.id,
      caseId: record.id,
      type: 'contact_attempt',
      at: deliveredAt,
      actor: context.caller.actor,
      channel: 'email',
      data: {
        ...base,
        counted: false,
        reason: counted?.reason ?? 'not_waiting',
        ...(counted && { day: counted.attempt.day }),
        summary: `${record.ref}: email delivered to ${row.destination}, not counted (${counted?.reason ?? 'not_waiting'})`,
      },
    });
    return;
  }
  const attempts = counted.record.contactLog.length;
  // The case row was read locked in this transaction: a version conflict (CaseChangedError) would be a bug.
  await commitChange(context, counted.record, {
    type: 'contact_attempt',
    summary: `contact attempt ${attempts}: email delivered to ${row.destination} (${counted.attempt.day})`,
    data: { ...base, counted: true, day: counted.attempt.day, attempts },
  });
}
