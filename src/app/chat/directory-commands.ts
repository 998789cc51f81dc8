import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { AgentCommand } from '../../domain/chat/command.types.ts';
import { fold, SELF_WORDS } from '../../domain/chat/command-catalog.ts';
import { placeholderWarnings } from '../../domain/input/reachability.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import { removePerson, updateAgent, updateContact } from '../directory/change-directory.ts';
import { addContact } from '../directory/directory.ts';
import type { DirectoryActor } from '../directory/directory-audit.ts';
import type { AgentContext } from './agent-context.ts';

// An agent's own directory work in chat: the contacts of the tenant's customers, and their own profile. The same use
// cases as `portero contact|agent`, audited with the agent as who and the chat as where. Anything else (another
// agent, customers, channels, the tenant) is the operator's, and the answer says where to do it.

type DirectoryCommand = Extract<AgentCommand, { name: 'contact' | 'agent' | 'customer' | 'channel' | 'tenant' }>;

const words = {
  es: {
    added: (handle: string, customer: string) => `Contacto ${handle} añadido a ${customer}.`,
    updated: (kind: string, handle: string) => `${kind === 'agent' ? 'Agente' : 'Contacto'} ${handle} actualizado.`,
    deleted: (handle: string) => `Contacto ${handle} eliminado (nada se refería a él).`,
    deactivated: (handle: string) => `Contacto ${handle} dado de baja (sus casos conservan su nombre).`,
    warning: (text: string) => `Aviso: ${text}`,
  },
  en: {
    added: (handle: string, customer: string) => `Contact ${handle} added to ${customer}.`,
    updated: (kind: string, handle: string) => `${kind === 'agent' ? 'Agent' : 'Contact'} ${handle} updated.`,
    deleted: (handle: string) => `Contact ${handle} deleted (nothing referred to it).`,
    deactivated: (handle: string) => `Contact ${handle} deactivated (their cases keep their name).`,
    warning: (text: string) => `Warning: ${text}`,
  },
} satisfies Record<Locale, unknown>;

export async function runDirectoryCommand(
  context: AgentContext,
  command: DirectoryCommand,
): Promise<Outcome<ChatMessage>> {
  if (command.name === 'customer' || command.name === 'channel' || command.name === 'tenant')
    return refuse('directory.operator_only', { kind: command.name, what: command.name });
  const { deps, caller } = context;
  if (caller.actor.kind !== 'agent') return refuse('case.forbidden', {});
  const agentId = caller.actor.agentId;
  const self = await deps.store.transaction((repos) => repos.agents.byId(caller.tenantId, agentId));
  if (!self) return refuse('case.forbidden', {});
  const who: DirectoryActor = { actor: caller.actor, by: self.handle, channel: caller.channel };
  const w = words[context.locale];
  const { changes } = command;
  const tenantId = caller.tenantId;

  if (command.name === 'agent') {
    const isSelf = SELF_WORDS.includes(fold(command.handle)) || fold(command.handle) === fold(self.handle);
    if (!isSelf || command.action !== 'update')
      return refuse('directory.operator_only', { kind: 'agent', what: isSelf ? 'agents' : 'other-agent' });
    if (changes.customer !== undefined || changes.reporter !== undefined)
      return refuse('directory.nothing_to_change', { handle: self.handle, options: ['--name', '--email'] });
    const updated = await updateAgent(deps, who, {
      tenantId,
      handle: self.handle,
      name: changes.name,
      email: changes.email,
    });
    if (!updated.ok) return updated;
    return said([w.updated('agent', updated.value.handle), ...warnings(w, { email: updated.value.email })]);
  }

  if (command.action === 'remove') {
    const removed = await removePerson(deps, who, { tenantId, kind: 'contact', handle: command.handle });
    if (!removed.ok) return removed;
    const handle = command.handle.toLowerCase();
    return said([removed.value === 'deleted' ? w.deleted(handle) : w.deactivated(handle)]);
  }
  if (command.action === 'add') {
    const added = await addContact(
      deps,
      {
        tenantId,
        customer: changes.customer ?? '',
        handle: command.handle,
        name: changes.name,
        email: changes.email,
        reporter: changes.reporter ?? true,
        companyCases: false,
      },
      who,
    );
    if (!added.ok) return added;
    return said([w.added(added.value.handle, changes.customer ?? ''), ...warnings(w, { email: added.value.email })]);
  }
  const updated = await updateContact(deps, who, { tenantId, handle: command.handle, ...changes });
  if (!updated.ok) return updated;
  return said([w.updated('contact', updated.value.handle), ...warnings(w, { email: updated.value.email })]);
}

const warnings = (w: (typeof words)[Locale], details: { email: string | null }) =>
  placeholderWarnings(details).map(w.warning);

const said = (lines: string[]): Outcome<ChatMessage> => accept({ text: lines.join('\n'), visibility: 'private' });
