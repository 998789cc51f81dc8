import { describe, expect, it } from 'vitest';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { bindConversation, channel, dm, linkConsole, say } from './chat-fixture.ts';

// Who is speaking, and where, decides whether Portero answers at all: agents and managers of the tenant run commands
// (in a channel only when they address Portero); everyone else is a customer, answered only in DMs and in
// conversations bound as customer-facing for that tenant.

const REQUEST = 'No puedo entrar al portal, me da error 500';

describe('who is speaking, and where', () => {
  const p = usePortero();

  async function registeredAgent(tenant: string, handle: string, role: 'agent' | 'manager' = 'agent') {
    const agent = await p.agent(tenant, handle, { role });
    await linkConsole(p, tenant, handle, { personKind: 'agent', personId: agent.id });
    return agent;
  }

  it('an agent or a manager in a DM runs commands without addressing Portero', async () => {
    await registeredAgent('itbx', 'bob');
    await registeredAgent('itbx', 'marta', 'manager');
    for (const user of ['bob', 'marta']) {
      const outcome = await say(p, { tenant: 'itbx', user, text: 'list' });
      expect(outcome).toMatchObject({ speaker: 'agent', agent: { handle: user } });
      expect(outcome.replies.map((r) => r.text)).toEqual(['Casos (abiertos): 0\nNo hay casos.']);
    }
  });

  it('an agent in an internal channel is answered only when addressing Portero', async () => {
    await registeredAgent('itbx', 'bob');
    await bindConversation(p, 'itbx', 'soporte', 'agent');
    for (const conversation of [channel('soporte'), channel('unbound-room')]) {
      expect(await say(p, { tenant: 'itbx', user: 'bob', conversation, text: 'help' })).toEqual({
        speaker: 'none',
        replies: [],
      });
      const addressed = await say(p, {
        tenant: 'itbx',
        user: 'bob',
        conversation,
        text: '@portero help',
        addressed: true,
      });
      expect(addressed.speaker).toBe('agent');
      expect(addressed.replies[0]!.text).toMatch(/^Portero: comandos de casos/);
    }
  });

  it('an agent talking in a customer-facing channel is not taken for a command unless addressing Portero', async () => {
    await registeredAgent('itbx', 'bob');
    await bindConversation(p, 'itbx', 'acme-shared', 'customer');
    const talk = { tenant: 'itbx', user: 'bob', conversation: channel('acme-shared') };
    expect(await say(p, { ...talk, text: 'Hola Ana, ya lo estamos mirando' })).toEqual({
      speaker: 'none',
      replies: [],
    });
    const addressed = await say(p, { ...talk, text: 'case list', addressed: true });
    expect(addressed.speaker).toBe('agent');
    // Command results are for the agent's eyes only, even in a shared channel.
    expect(addressed.replies.every((reply) => reply.visibility === 'private')).toBe(true);
  });

  it('customers are answered in DMs and customer-facing channels of the tenant, never in internal ones', async () => {
    await bindConversation(p, 'itbx', 'acme-shared', 'customer');
    await bindConversation(p, 'itbx', 'soporte', 'agent');
    await bindConversation(p, 'itbx', 'gerencia', 'manager');
    await bindConversation(p, 'oys', 'oys-shared', 'customer');
    const where = [
      [dm('ana'), 'customer'],
      [channel('acme-shared'), 'customer'],
      [channel('soporte'), 'none'],
      [channel('gerencia'), 'none'],
      [channel('unbound-room'), 'none'],
      // Bound as customer-facing, but for another tenant: not a conversation of this one.
      [channel('oys-shared'), 'none'],
    ] as const;
    for (const [conversation, speaker] of where) {
      const outcome = await say(p, { tenant: 'itbx', user: 'ana', conversation, text: REQUEST, addressed: true });
      expect({ conversation: conversation.id, speaker: outcome.speaker }).toEqual({
        conversation: conversation.id,
        speaker,
      });
      expect(outcome.replies).toHaveLength(speaker === 'customer' ? 1 : 0);
    }
  });

  it('an agent of another tenant is a customer here; an unknown tenant gets nothing', async () => {
    await registeredAgent('jd-services', 'bob');
    const here = await say(p, { tenant: 'itbx', user: 'bob', text: 'case list' });
    expect(here).toMatchObject({ speaker: 'customer', decision: 'redirected' });
    expect(here.replies[0]!.text).toMatch(/^Los comandos de Portero son solo para el equipo de soporte/);
    expect(await say(p, { tenant: 'nowhere', user: 'bob', text: REQUEST })).toEqual({ speaker: 'none', replies: [] });
  });
});
