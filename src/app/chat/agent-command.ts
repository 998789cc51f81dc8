import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { AgentCommand } from '../../domain/chat/command.types.ts';
import { commandHelpMessage } from '../../domain/chat/command-messages.ts';
import { type AgentContext, refusalMessage } from './agent-context.ts';
import { runCaseCommand } from './case-command-table.ts';

/** Runs a parsed agent command through the use cases and says the outcome, in the agent's language. */
export async function runAgentCommand(context: AgentContext, command: AgentCommand): Promise<ChatMessage> {
  const count = (outcome: 'done' | 'refused') =>
    context.deps.metrics?.command({ platform: context.platform, command: command.name, outcome });
  if (command.name === 'help') {
    count('done');
    return commandHelpMessage(context.locale, context.prefix, command.topic);
  }
  const result = await runCaseCommand(context, command);
  count(result.ok ? 'done' : 'refused');
  if (!result.ok) return refusalMessage(result.error, context.locale, context.policy);
  return result.value;
}
