import { describe, expect, it } from 'vitest';
import { AGENT_TTL_MS, AgentCache } from '../../../src/app/chat/agent-cache.ts';
import { handleInbound } from '../../../src/app/chat/handle-inbound.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { dm, linkConsole } from './chat-fixture.ts';

// Agents seen lately are remembered for AGENT_TTL_MS (stale once more than that has passed, as lru-cache counts): a
// command from one of them skips the lookup, a directory edit shows once the entry expires (never later, however busy the agent), and someone not known as an agent is never
// remembered, so registering them works at once. The agent's language tells which agent the core took the speaker for.

const HELP_ES = 'Portero: comandos de casos';
const HELP_EN = 'Portero: case commands';

describe('the agent cache in front of handleInbound', () => {
  const p = usePortero();

  async function help(agents: AgentCache, user = 'u1') {
    const outcome = await handleInbound(
      p.deps,
      { platform: 'console', tenantId: 'itbx', conversation: dm(user), user: { id: user }, text: 'case help' },
      { prefix: 'case', agents },
    );
    return { speaker: outcome.speaker, text: outcome.replies[0]?.text ?? '' };
  }

  it('a relinked identity is seen as the old agent until the entry expires, then as the new one', async () => {
    const agents = new AgentCache(p.clock);
    const ana = await p.agent('itbx', 'ana', { locale: 'en' });
    const bea = await p.agent('itbx', 'bea', { locale: 'es' });
    await linkConsole(p, 'itbx', 'u1', { personKind: 'agent', personId: ana.id });
    expect((await help(agents)).text).toContain(HELP_EN);
    await linkConsole(p, 'itbx', 'u1', { personKind: 'agent', personId: bea.id });
    p.clock.advance(AGENT_TTL_MS);
    // Still ana: the lookup was skipped. A hit does not extend the entry.
    expect((await help(agents)).text).toContain(HELP_EN);
    p.clock.advance(1);
    expect((await help(agents)).text).toContain(HELP_ES);
  });

  it('someone who is not an agent yet is not remembered: registered, they are an agent at once', async () => {
    const agents = new AgentCache(p.clock);
    expect((await help(agents)).speaker).toBe('customer');
    const ana = await p.agent('itbx', 'ana', { locale: 'en' });
    await linkConsole(p, 'itbx', 'u1', { personKind: 'agent', personId: ana.id });
    expect(await help(agents)).toEqual({ speaker: 'agent', text: expect.stringContaining(HELP_EN) });
  });

  it('entries are per tenant, platform and user', async () => {
    const agents = new AgentCache(p.clock);
    const ana = await p.agent('itbx', 'ana', { locale: 'en' });
    const tenant = (await p.deps.store.transaction((repos) => repos.tenants.get('itbx')))!;
    agents.remember('console', 'u1', { tenant, agent: ana });
    expect(agents.get('itbx', 'console', 'u1')?.agent.id).toBe(ana.id);
    expect(agents.get('itbx', 'slack', 'u1')).toBeUndefined();
    expect(agents.get('itbx', 'console', 'u2')).toBeUndefined();
    expect(agents.get('other', 'console', 'u1')).toBeUndefined();
    agents.clear();
    expect(agents.get('itbx', 'console', 'u1')).toBeUndefined();
  });
});
