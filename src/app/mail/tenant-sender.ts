import { isPlaceholder } from '../../domain/policy/policy.assumptions.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Repositories } from '../store.port.ts';

/**
 * The address a tenant's automatic mail (SLA alerts, notices) goes out from: the priority's intake address or the
 * policy's email address, as replies are sent, unless it is a placeholder; else the tenant's first mailbox; else none
 * (the relay then dead-letters the message saying so).
 */
export async function tenantSender(
  repos: Repositories,
  tenantId: string,
  policy: Policy,
  priorityId: string,
): Promise<string | null> {
  const priority = policy.priorities.find((p) => p.id === priorityId);
  const address = priority?.intake ?? policy.channels.accepted.find((c) => c.kind === 'email')?.address;
  if (address && !isPlaceholder(address)) return address;
  const [mailbox] = await repos.mailboxes.list(tenantId);
  return mailbox ? (mailbox.fromAddress ?? mailbox.address) : null;
}
