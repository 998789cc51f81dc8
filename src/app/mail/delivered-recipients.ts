import type { CaseDeps } from '../cases/case-context.ts';
import { recordDeliveredAttempt } from '../cases/contact-attempt.ts';
import type { DeliveredHook, DeliveredTo } from '../outbox/outbox.port.ts';
import type { OutboxRow, Repositories } from '../store.port.ts';

// What the SMTP server said of each recipient of a delivered email, kept where the agents look: an address it
// accepted works again (its bouncing mark is cleared), an address it refused while taking the message for the others
// is marked bouncing and named in a note on the case (a partial delivery). The addresses go on the case only, never
// in a log line.

/**
 * The relay's delivered hook: a contact attempt counted (contact-attempt.ts), the recipients' outcome, and for the
 * acknowledgement of a case an email opened, its latency for /metrics.
 */
export function emailDeliveredHook(deps: CaseDeps): DeliveredHook {
  return async (repos, row, at, to) => {
    await recordDeliveredAttempt(deps, repos, row, at);
    await recordDeliveredRecipients(repos, row, at, to);
    if (deps.metrics && row.kind === 'case.ack' && row.caseId) {
      // The acknowledgement of a case an email opened: from the message's arrival to SMTP's acceptance.
      const opened = await repos.mailIntake.openedBy(row.tenantId, row.caseId);
      if (opened) {
        const seconds = Math.max(0, (at.getTime() - opened.at.getTime()) / 1000);
        deps.metrics.mailAck({ tenant: row.tenantId, mailbox: opened.mailboxId, seconds });
      }
    }
  };
}

export async function recordDeliveredRecipients(
  repos: Repositories,
  row: OutboxRow,
  at: Date,
  to: DeliveredTo,
): Promise<void> {
  if (row.target !== 'email') return;
  if (to.accepted?.length) await repos.mailIntake.clearBouncing(row.tenantId, to.accepted);
  const refused = to.refused ?? [];
  if (refused.length === 0) return;
  for (const address of refused) await repos.mailIntake.markBouncing(row.tenantId, address, at);
  if (!row.caseId) return;
  await repos.events.append({
    tenantId: row.tenantId,
    caseId: row.caseId,
    type: 'delivery_partial',
    at,
    actor: { kind: 'system' },
    channel: 'system',
    data: {
      summary: `email partly delivered (${row.kind}): the server refused ${refused.join(', ')}, now marked as bouncing`,
      outboxId: row.id,
      kind: row.kind,
      accepted: to.accepted ?? [],
      refused,
    },
  });
}
