import type { ChatSurface } from '../../domain/chat/platforms.ts';
import type { CaseDeps } from '../cases/case-context.ts';
import type { AgentRecord, TenantRecord } from '../store.port.ts';
import type { AgentCache } from './agent-cache.ts';

/** The tenant and who is speaking in it: an agent, a registered contact, or nobody known. */
export interface Speaker {
  tenant: TenantRecord;
  agent?: AgentRecord | undefined;
  contactId?: string | undefined;
}

export interface ChatUser {
  tenantId: string;
  platform: ChatSurface;
  userId: string;
}

/**
 * Who a chat user is in the tenant (undefined: no such tenant). An agent in `agents` is answered from there; one read
 * from the store is remembered, so every path that asks (commands, modals) keeps the cache warm for the others.
 */
export async function findSpeaker(deps: CaseDeps, user: ChatUser, agents?: AgentCache): Promise<Speaker | undefined> {
  const known = agents?.get(user.tenantId, user.platform, user.userId);
  if (known) return known;
  const found = await deps.store.transaction(async (repos) => {
    const tenant = await repos.tenants.get(user.tenantId);
    if (!tenant) return undefined;
    const identity = await repos.identities.find(tenant.id, user.platform, user.userId);
    const agent = identity?.personKind === 'agent' ? await repos.agents.byId(tenant.id, identity.personId) : undefined;
    const contactId = identity?.personKind === 'contact' ? identity.personId : undefined;
    return { tenant, agent, contactId };
  });
  // Remembered as read, never on a hit: a busy agent's entry still expires, and a directory edit shows in time.
  if (found?.agent) agents?.remember(user.platform, user.userId, { tenant: found.tenant, agent: found.agent });
  return found;
}
