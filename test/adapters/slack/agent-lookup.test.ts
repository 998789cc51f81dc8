import { describe, expect, it } from 'vitest';
import { agentOf, WORKSPACE_TTL_MS, workspaceCache, workspaceOf } from '../../../adapters/slack/slack-runtime.ts';
import { AGENT_TTL_MS, AgentCache } from '../../../src/app/chat/agent-cache.ts';
import type { Store } from '../../../src/app/store.port.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The modal path asks who a Slack user is (agentOf) through the same agent cache as the commands: what one path read,
// the other does not read again.

describe('agentOf, the Slack modals’ agent lookup', () => {
  const p = usePortero();

  function lookUp() {
    let transactions = 0;
    const store: Store = {
      transaction: (work) => {
        transactions++;
        return p.deps.store.transaction(work);
      },
      read: (work) => p.deps.store.read(work),
    };
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const runtime = {
      context: { deps: { ...p.deps, store }, log, wakeRelay: () => {} },
      agents: new AgentCache(p.clock),
      workspaces: workspaceCache(p.clock),
    };
    return { runtime, transactions: () => transactions };
  }

  async function slackAgent(handle: string, slackId: string) {
    const agent = await p.agent('itbx', handle);
    await p.deps.store.transaction((repos) =>
      repos.identities.link('itbx', 'slack', slackId, { personKind: 'agent', personId: agent.id }),
    );
    return agent;
  }

  it('remembers the agent it read: a second lookup within the TTL does not touch the store', async () => {
    const ana = await slackAgent('ana', 'U-ANA');
    const { runtime, transactions } = lookUp();

    expect((await agentOf(runtime, 'itbx', 'U-ANA'))?.id).toBe(ana.id);
    expect(runtime.agents.get('itbx', 'slack', 'U-ANA')?.agent.id).toBe(ana.id);
    expect((await agentOf(runtime, 'itbx', 'U-ANA'))?.id).toBe(ana.id);
    expect(transactions()).toBe(1);

    p.clock.advance(AGENT_TTL_MS + 1);
    expect((await agentOf(runtime, 'itbx', 'U-ANA'))?.id).toBe(ana.id);
    expect(transactions()).toBe(2);
  });

  it('remembers no one who is not an agent', async () => {
    const { runtime, transactions } = lookUp();
    expect(await agentOf(runtime, 'itbx', 'U-NADIE')).toBeUndefined();
    expect(await agentOf(runtime, 'itbx', 'U-NADIE')).toBeUndefined();
    expect(transactions()).toBe(2);
  });

  it('remembers a linked workspace for WORKSPACE_TTL_MS, and an unlinked one not at all', async () => {
    const { runtime, transactions } = lookUp();
    expect(await workspaceOf(runtime, 'T-NEW')).toBeUndefined();
    await p.deps.store.transaction((repos) => repos.platformLinks.link('slack', 'T-NEW', 'itbx'));
    expect((await workspaceOf(runtime, 'T-NEW'))?.tenantId).toBe('itbx');
    expect(transactions()).toBe(2);
    p.clock.advance(WORKSPACE_TTL_MS);
    expect((await workspaceOf(runtime, 'T-NEW'))?.tenantId).toBe('itbx');
    expect(transactions()).toBe(2);
    p.clock.advance(1);
    expect((await workspaceOf(runtime, 'T-NEW'))?.tenantId).toBe('itbx');
    expect(transactions()).toBe(3);
  });
});
