import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { CommandName } from '../../domain/chat/command-catalog.ts';
import { parseCommand } from '../../domain/chat/command-grammar.ts';
import { commandErrorMessage } from '../../domain/chat/command-messages.ts';
import type { CaseDeps } from '../cases/case-context.ts';
import type { AgentRecord } from '../store.port.ts';
import type { AgentCache } from './agent-cache.ts';
import { runAgentCommand } from './agent-command.ts';
import { answerCustomer, type CustomerDecision, type CustomerSpeaker } from './customer-message.ts';
import type { InboundMessage } from './inbound.types.ts';
import { findSpeaker } from './speaker.ts';

/** Commands that only read: they never queue a message. */
const READING_COMMANDS: ReadonlySet<CommandName> = new Set(['help', 'show', 'list', 'sla']);

export interface InboundOptions {
  /** How commands are typed on this platform: `/case` (Slack) or `case` (Teams, console). */
  prefix: string;
  /** Agents seen lately: a command from one of them skips the lookup transaction (see agent-cache.ts). */
  agents?: AgentCache;
}

export type InboundOutcome =
  | {
      speaker: 'agent';
      agent: AgentRecord;
      replies: ChatMessage[];
      /** The command may have changed a case, and so queued card updates: only then is the outbox relay worth waking. */
      changing: boolean;
    }
  | { speaker: 'customer'; decision: CustomerDecision; replies: ChatMessage[] }
  | { speaker: 'none'; replies: [] };

/**
 * Who is speaking decides everything: agents run commands; everyone else is a customer, answered only in DMs and
 * customer-facing conversations (Portero never speaks uninvited in internal channels).
 */
export async function handleInbound(
  deps: CaseDeps,
  message: InboundMessage,
  options: InboundOptions,
): Promise<InboundOutcome> {
  const found = await findSpeaker(
    deps,
    { tenantId: message.tenantId, platform: message.platform, userId: message.user.id },
    options.agents,
  );
  const policy = found && deps.policies.policy(found.tenant.policyId);
  if (!found || !policy) return { speaker: 'none', replies: [] };

  if (found.agent) {
    const { agent } = found;
    const isDm = message.conversation.kind === 'dm';
    if (!isDm && !message.addressed) return { speaker: 'none', replies: [] };
    const locale = agent.locale ?? policy.locale;
    const parsed = parseCommand(message.text);
    if (!parsed.ok) {
      deps.metrics?.command({ platform: message.platform, command: 'unparsed', outcome: 'invalid' });
      return {
        speaker: 'agent',
        agent,
        replies: [commandErrorMessage(parsed.error, locale, options.prefix)],
        changing: false,
      };
    }
    const reply = await runAgentCommand(
      {
        deps,
        caller: { tenantId: found.tenant.id, actor: { kind: 'agent', agentId: agent.id }, channel: message.platform },
        platform: message.platform,
        locale,
        zone: agent.timezone ?? policy.timezone,
        policy,
        prefix: options.prefix,
      },
      parsed.command,
    );
    return { speaker: 'agent', agent, replies: [reply], changing: !READING_COMMANDS.has(parsed.command.name) };
  }

  return deps.store
    .transaction(async (repos) => {
      const binding = await repos.bindings.find(message.platform, message.conversation.id);
      const customerFacing =
        message.conversation.kind === 'dm' || (binding?.purpose === 'customer' && binding.tenantId === found.tenant.id);
      if (!customerFacing) return { speaker: 'none' as const, replies: [] as [] };
      const speaker: CustomerSpeaker = {};
      if (found.contactId) {
        speaker.contact = await repos.contacts.byId(found.tenant.id, found.contactId);
        if (speaker.contact) speaker.customer = await repos.customers.byId(found.tenant.id, speaker.contact.customerId);
      }
      // A shared channel names its customer company: an unregistered person there still belongs to it.
      if (!speaker.customer && binding?.purpose === 'customer' && binding.name) {
        speaker.customer = await repos.customers.byHandle(found.tenant.id, binding.name);
      }
      const answer = await answerCustomer(repos, deps.clock, found.tenant, policy, speaker, message, deps.publicUrl);
      return { speaker: 'customer' as const, ...answer };
    })
    .then((outcome) => {
      if (outcome.speaker === 'customer')
        deps.metrics?.chatMessage({ tenant: found.tenant.id, platform: message.platform, decision: outcome.decision });
      return outcome;
    });
}
