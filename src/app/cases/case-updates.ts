import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { findPriority, higherPriority } from '../../domain/case/case-fields.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { checkText } from '../../domain/input/input-rules.ts';
import { withFirstResponse } from '../../domain/sla/first-response.ts';
import type { CaseInput, CaseRef } from './case-context.ts';
import { editCase } from './edit-case.ts';
import { type CustomerDelivery, messageToCustomer } from './message-to-customer.ts';

export type Assignee = { kind: 'me' } | { kind: 'handle'; handle: string } | { kind: 'agent'; agentId: string };

export function assignCase(input: CaseInput & { ref: CaseRef; assignee: Assignee }) {
  const { assignee } = input;
  return editCase('assign', input, async (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const agents = context.repos.agents;
    const agent =
      assignee.kind === 'me'
        ? context.agent
        : assignee.kind === 'handle'
          ? await agents.byHandle(context.tenant.id, assignee.handle.replace(/^@/, ''))
          : await agents.byId(context.tenant.id, assignee.agentId);
    if (!agent) {
      const who = assignee.kind === 'handle' ? assignee.handle : assignee.kind === 'agent' ? assignee.agentId : 'me';
      return refuse('case.agent_not_found', { agent: who });
    }
    if (agent.deactivatedAt)
      return refuse('directory.inactive', {
        kind: 'agent',
        handle: agent.handle,
        since: agent.deactivatedAt.toISOString().slice(0, 10),
      });
    return accept({
      record: withFirstResponse(context.policy, { ...record, assigneeId: agent.id }, 'assign', context.now),
      event: { type: 'assigned', summary: `→ ${agent.name}`, data: { from: record.assigneeId, to: agent.id } },
    });
  });
}

/** An internal note: agents only, never sent to the customer. */
export function addNote(input: CaseInput & { ref: CaseRef; text: string }) {
  return editCase('note', input, (_context, record) => {
    const note = redactSecrets(input.text.trim());
    if (!note.text) return refuse('case.empty_text', { field: 'text' });
    const bounded = checkText('text', note.text);
    if (!bounded.ok) return bounded;
    return accept({
      record,
      event: { type: 'note', summary: note.text, data: { text: note.text, redactions: note.redactions } },
    });
  });
}

/** Where a reply went: an email to the reporter, or the case itself, read by the customer in an accepted channel. */
export type ReplyDelivery = CustomerDelivery;
export type RepliedCase = CaseRecord & { reply: ReplyDelivery };

/**
 * A reply to the customer. Where the policy takes email from this customer it is queued as an email to the reporter
 * with the followers in Cc, threaded to the customer's last message (from the priority's intake address, else the
 * policy's, never a placeholder); where it takes none (itbx: the
 * portal, arcoirisapp: the ticket form) it is recorded on the case as a customer-visible reply and no email is written.
 * Either way it is the first response where the policy counts a reply as one.
 */
export async function replyToCustomer(
  input: CaseInput & { ref: CaseRef; text: string },
): Promise<Outcome<RepliedCase>> {
  let delivery: ReplyDelivery | undefined;
  const outcome = await editCase('reply', input, async (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const reply = redactSecrets(input.text.trim());
    if (!reply.text) return refuse('case.empty_text', { field: 'text' });
    const bounded = checkText('text', reply.text);
    if (!bounded.ok) return bounded;
    const sent = await messageToCustomer(context, record, reply.text, 'case.reply');
    if (!sent.ok) return sent;
    delivery = sent.value;
    const to = delivery.via === 'email' ? delivery.to : undefined;
    const cc = delivery.via === 'email' && delivery.cc.length > 0 ? delivery.cc : undefined;
    return accept({
      // A reply may be the first response (sla.firstResponseEvents); each one restarts the next-update clock.
      record: withFirstResponse(context.policy, { ...record, lastAgentUpdateAt: context.now }, 'reply', context.now),
      event: {
        type: 'replied',
        summary: reply.text,
        data: {
          text: reply.text,
          via: delivery.via,
          ...(to && { to }),
          ...(cc && { cc }),
          redactions: reply.redactions,
        },
      },
    });
  });
  return outcome.ok ? accept({ ...outcome.value, reply: delivery! }) : outcome;
}

/** A new priority: the SLA dues are recomputed on the new priority's targets and calendar. */
export function setPriority(input: CaseInput & { ref: CaseRef; priority: string }) {
  const priorityText = input.priority;
  return editCase('priority', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const priority = findPriority(context.policy, priorityText);
    if (!priority) {
      return refuse('case.unknown_priority', {
        priority: priorityText,
        priorities: context.policy.priorities.map((p) => p.id),
      });
    }
    return accept({
      record: { ...record, priority: priority.id },
      event: {
        type: 'priority_changed',
        summary: `${record.priority} → ${priority.id}`,
        data: { from: record.priority, to: priority.id },
      },
    });
  });
}

/**
 * One level up: the next more severe priority (itbx: baja → media → alta), its SLA recomputed, and the level counted.
 * A case already at the top is refused (`case.top_priority`): there is no level left to raise it to.
 */
export function escalateCase(input: CaseInput & { ref: CaseRef; reason?: string | undefined }) {
  return editCase('escalate', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const up = higherPriority(context.policy, record.priority);
    if (!up) return refuse('case.top_priority', { ref: record.ref, priority: record.priority });
    const note = input.reason ? redactSecrets(input.reason) : undefined;
    const level = record.escalationLevel + 1;
    return accept({
      record: { ...record, escalationLevel: level, priority: up.id },
      event: {
        type: 'escalated',
        summary: `level ${level}: ${record.priority} → ${up.id}${note?.text ? `: ${note.text}` : ''}`,
        data: {
          level,
          from: record.priority,
          to: up.id,
          reason: note?.text || null,
          ...(note && { redactions: note.redactions }),
        },
      },
    });
  });
}
