import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import { type CaseInput, type CaseRef, findCase, runCaseUseCase } from '../cases/case-context.ts';
import type { AgentContext } from '../chat/agent-context.ts';
import type { OutboxMessage } from '../store.port.ts';
import { alertWords } from './alert-words.i18n.ts';

export interface Acknowledgement {
  ref: string;
  /** Breaches taken: 0 when the case had none waiting (already taken, or never breached). */
  acknowledged: number;
  agent: string;
}

/**
 * "I'm on it": an agent takes the case's unacknowledged breaches, which stops their escalation; the manager channel
 * is told who took them.
 */
export function acknowledgeBreach(input: CaseInput & { ref: CaseRef }): Promise<Outcome<Acknowledgement>> {
  const { caller } = input;
  return runCaseUseCase('ack', input, async (context) => {
    const { repos, tenant, policy, now } = context;
    if (!context.agent) return refuse('case.forbidden', { command: 'ack' });
    const found = await findCase(context, input.ref);
    if (!found.ok) return found;
    const record = found.value;
    const agent = context.agent;
    const acknowledged = await repos.sla.acknowledge(tenant.id, record.id, agent.id, now);
    if (acknowledged === 0) return accept({ ref: record.ref, acknowledged, agent: agent.name });
    const summary = alertWords(policy.locale).acknowledged(record.ref, agent.name);
    const eventId = await repos.events.append({
      tenantId: tenant.id,
      caseId: record.id,
      type: 'sla.acknowledged',
      at: now,
      actor: caller.actor,
      channel: caller.channel,
      data: { summary, breaches: acknowledged },
    });
    const managerChannel = policy.routing.managerChannel;
    const bindings = managerChannel ? await repos.bindings.byName(tenant.id, 'manager', managerChannel) : [];
    const message: ChatMessage = { text: summary, visibility: 'public', caseRef: record.ref };
    await repos.outbox.enqueue(
      bindings.map(
        (binding): OutboxMessage => ({
          tenantId: tenant.id,
          caseId: record.id,
          target: binding.platform,
          destination: binding.conversationId,
          kind: 'message',
          payload: { message, caseId: record.id, caseRef: record.ref, threadUnderCase: false },
          dedupKey: `sla.ack:${eventId}:${binding.platform}:${binding.conversationId}`,
        }),
      ),
    );
    return accept({ ref: record.ref, acknowledged, agent: agent.name });
  });
}

/** `ack <ref>` (the "I'm on it" button) as an agent command: what the agent reads back. */
export async function runAckCommand(context: AgentContext, ref: CaseRef): Promise<Outcome<ChatMessage>> {
  const result = await acknowledgeBreach({ deps: context.deps, caller: context.caller, ref });
  if (!result.ok) return result;
  const words = alertWords(context.locale);
  const { ref: caseRef, acknowledged, agent } = result.value;
  const text = acknowledged > 0 ? words.acknowledged(caseRef, agent) : words.nothingToAcknowledge(caseRef);
  return accept({ text, visibility: 'private', caseRef });
}
