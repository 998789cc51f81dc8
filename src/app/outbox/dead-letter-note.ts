import type { CaseEventInput } from '../../domain/case/case.types.ts';
import type { OutboxRow } from '../store.port.ts';

/**
 * The internal note a dead-lettered email leaves on its case (a `delivery_failed` event, which the case's history
 * shows the agents): the customer never got it, and an agent has to reach them some other way. Chat cards that could
 * not be posted are the operator's business (`portero outbox list`), not the case's.
 */
export function deadLetterNote(row: OutboxRow, error: string, at: Date): CaseEventInput | undefined {
  if (row.target !== 'email' || !row.caseId) return undefined;
  return {
    tenantId: row.tenantId,
    caseId: row.caseId,
    type: 'delivery_failed',
    at,
    actor: { kind: 'system' },
    channel: 'system',
    data: {
      summary: `email to ${row.destination} not delivered (${row.kind}): ${error}`,
      outboxId: row.id,
      kind: row.kind,
      destination: row.destination,
      error,
    },
  };
}
