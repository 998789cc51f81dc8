import type { Context } from 'hono';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import { authenticate } from '../portal/portal-session.ts';
import type { SignedInAgent } from './manage-route.tsx';

/**
 * The dashboard's sign-in: the portal's passwordless session (an agent signs in at /portal/<tenant>/ with the email
 * the directory has for them), read for the tenant in the URL, and the agent's role as the directory says now (a
 * manager demoted or removed since signing in is refused at once).
 */
export function agentFromPortalSession(deps: CaseDeps) {
  return async (c: Context): Promise<SignedInAgent | undefined> => {
    const tenantId = c.req.param('tenant') ?? '';
    const signedIn = await authenticate(c, deps, tenantId);
    if (signedIn?.person.kind !== 'agent') return undefined;
    const agent = await deps.store.transaction((repos) => repos.agents.byId(tenantId, signedIn.person.id));
    if (!agent || agent.deactivatedAt) return undefined;
    return { agentId: agent.id, tenantId, role: agent.role };
  };
}
