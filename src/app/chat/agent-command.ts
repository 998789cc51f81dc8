import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { AgentCommand } from '../../domain/chat/command.types.ts';
import { commandHelpMessage } from '../../domain/chat/command-messages.ts';
import { type AgentContext, refusalMessage } from './agent-context.ts';
import { runCaseCommand } from './case-command-table.ts';

/** Runs a parsed agent command through the use cases and says the outcome, in the agent's language. */
export async function runAgentCommand(context: AgentContext, command: AgentCommand): Promise<ChatMessage> {
  if (command.name === 'help') return commandHelpMessage(context.locale, context.prefix, command.topic);
  const result = await runCaseCommand(context, command);
  if (!result.ok) return refusalMessage(result.error, context.locale);
  return result.value;
}
