import { describe, expect, it } from 'vitest';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { bindConversation, channel, chatEvents, say } from './chat-fixture.ts';

// One redirect per customer per conversation within the policy's window: no nagging, but never silence on safety.

const MINUTE = 60_000;
const REQUEST = 'No puedo entrar al portal, me da error 500';
const AGAIN = '¿Alguien me puede ayudar? sigue sin funcionar';

describe('the redirect window', () => {
  const p = usePortero();
  const windowMs = (tenant: string) => p.policies.policy(tenant)!.channels.redirectWindow * MINUTE;

  it.each(['itbx', 'jd-services'])(
    '%s: nothing more just inside the window; a new redirect once it has passed',
    async (tenant) => {
      expect(windowMs(tenant)).toBe(4 * 60 * MINUTE); // the presets keep the default
      expect(await say(p, { tenant, user: 'ana', text: REQUEST })).toMatchObject({ decision: 'redirected' });

      p.clock.advance(windowMs(tenant) - MINUTE);
      const inside = await say(p, { tenant, user: 'ana', text: AGAIN });
      expect(inside).toEqual({ speaker: 'customer', decision: 'suppressed', replies: [] });

      p.clock.advance(MINUTE);
      const after = await say(p, { tenant, user: 'ana', text: AGAIN });
      expect(after).toMatchObject({ decision: 'redirected' });
      expect(after.replies).toHaveLength(1);

      // The window restarts from the latest redirect, not the first one.
      p.clock.advance(windowMs(tenant) - MINUTE);
      expect(await say(p, { tenant, user: 'ana', text: REQUEST })).toMatchObject({ decision: 'suppressed' });

      const events = await chatEvents(p, tenant);
      expect(events.map((e) => e.type)).toEqual([
        'chat.redirected',
        'chat.suppressed',
        'chat.redirected',
        'chat.suppressed',
      ]);
      expect(events[1]!.data).toMatchObject({
        lastRedirectAt: '2026-11-23T15:00:00.000Z',
        windowMinutes: windowMs(tenant) / MINUTE,
      });
    },
  );

  it('is per conversation and per person: another DM, another person in a shared channel, each get their own', async () => {
    await bindConversation(p, 'itbx', 'acme-shared', 'customer');
    const shared = channel('acme-shared');
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: REQUEST, conversation: shared })).toMatchObject({
      decision: 'redirected',
    });
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: AGAIN, conversation: shared })).toMatchObject({
      decision: 'suppressed',
    });
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: AGAIN })).toMatchObject({ decision: 'redirected' });
    expect(await say(p, { tenant: 'itbx', user: 'leo', text: AGAIN, conversation: shared })).toMatchObject({
      decision: 'redirected',
    });
    // Another tenant is another window, even for the same user id.
    expect(await say(p, { tenant: 'oys', user: 'ana', text: REQUEST })).toMatchObject({ decision: 'redirected' });
  });

  it('chit-chat neither gets a reply nor opens the window', async () => {
    for (const text of ['hola', 'gracias!', '👍', 'ok', 'buenas tardes']) {
      expect(await say(p, { tenant: 'itbx', user: 'ana', text })).toEqual({
        speaker: 'customer',
        decision: 'ignored',
        replies: [],
      });
    }
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: REQUEST })).toMatchObject({ decision: 'redirected' });
    // After the redirect, thanks are still just thanks: not counted as a suppressed request.
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: 'muchas gracias' })).toMatchObject({
      decision: 'ignored',
    });
    const types = (await chatEvents(p, 'itbx')).map((e) => e.type);
    expect(types).toEqual([...Array(5).fill('chat.ignored'), 'chat.redirected', 'chat.ignored']);
  });

  it('a status question and an agent command inside the window are suppressed like any request', async () => {
    await say(p, { tenant: 'itbx', user: 'ana', text: REQUEST });
    p.clock.advance(30 * MINUTE);
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: '¿Cómo va mi caso ITBX-3?' })).toMatchObject({
      decision: 'suppressed',
      replies: [],
    });
    expect(await say(p, { tenant: 'itbx', user: 'ana', text: 'case list' })).toMatchObject({
      decision: 'suppressed',
      replies: [],
    });
  });
});
