import { describe, expect, it } from 'vitest';
import { triageMessage } from '../../../src/domain/chat/triage.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { bindConversation, channel, chatEvents, everyStoredRow, linkConsole, say, storedRows } from './chat-fixture.ts';

// Secrets pasted in chat: the customer is warned, always, and nothing of the secret is kept anywhere. Every decision
// about a customer message is an audit event with its reason, and never the message itself.

const MINUTE = 60_000;
const PASSWORD = 'Verano2024!';
const CARD = '4111 1111 1111 1111';
const TOKEN = 'xoxb-2291837465-Zq8vTt41LmNpQrS';
const WARNING = 'No envíe contraseñas, claves ni datos de tarjetas por ningún canal; no hemos guardado su mensaje.';
/** Every form in which a secret of these messages could have been written down. */
const TRACES = [PASSWORD, 'Verano2024', CARD, CARD.replaceAll(' ', ''), TOKEN, 'Zq8vTt41LmNpQrS'];

async function expectNoTrace(p: ReturnType<typeof usePortero>) {
  const stored = await everyStoredRow(p);
  for (const trace of TRACES) {
    expect(stored.filter((row) => row.includes(trace))).toEqual([]);
  }
}

describe('secrets and the audit trail of chat decisions', () => {
  const p = usePortero();

  it('a secret in a support request: the redirect carries the warning, both decisions are audited, nothing is kept', async () => {
    const outcome = await say(p, {
      tenant: 'itbx',
      user: 'ana',
      text: `No puedo entrar al portal, mi contraseña es ${PASSWORD} y la tarjeta ${CARD}`,
    });
    expect(outcome).toMatchObject({ speaker: 'customer', decision: 'redirected' });
    expect(outcome.replies).toHaveLength(1);
    expect(outcome.replies[0]!.text).toContain('Abra su caso por:');
    expect(outcome.replies[0]!.text).toContain(WARNING);
    expect(outcome.replies[0]!.text).not.toContain(PASSWORD);

    const events = await chatEvents(p, 'itbx');
    expect(events.map((e) => [e.type, e.data.secrets])).toEqual([
      ['chat.redirected', ['password', 'card']],
      ['chat.secret_withheld', ['password', 'card']],
    ]);
    await expectNoTrace(p);
  });

  it('a secret inside the window still gets the warning (alone), and the window is not restarted', async () => {
    await say(p, { tenant: 'itbx', user: 'ana', text: 'El reporte de ventas no carga' });
    p.clock.advance(10 * MINUTE);
    const warned = await say(p, { tenant: 'itbx', user: 'ana', text: `por si sirve, mi token es ${TOKEN}` });
    expect(warned).toEqual({
      speaker: 'customer',
      decision: 'secret_withheld',
      replies: [{ title: 'No envíe datos sensibles', text: WARNING, notes: [WARNING], visibility: 'private' }],
    });
    const [windowRow] = await storedRows(p, 'redirect_windows');
    expect(JSON.parse(windowRow!).last_redirect_at).toMatch(/^2026-11-23[T ]15:00:00/);

    const withheld = (await chatEvents(p, 'itbx')).at(-1)!;
    expect(withheld).toMatchObject({
      type: 'chat.secret_withheld',
      actor: { kind: 'customer', userId: 'ana' },
      channel: 'console',
      data: { secrets: ['token'], suppressedRedirect: true },
    });
    await expectNoTrace(p);
  });

  it('nothing of a secret in case_events, redirect_windows or outbox, even after agents work on a case', async () => {
    const bob = await p.agent('itbx', 'bob');
    await linkConsole(p, 'itbx', 'bob', { personKind: 'agent', personId: bob.id });
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'lucia');
    await say(p, { tenant: 'itbx', user: 'lucia', text: `hola, la clave del admin: ${PASSWORD}` });
    const agentSays = async (text: string) => (await say(p, { tenant: 'itbx', user: 'bob', text })).replies[0]?.text;
    expect(await agentSays('new alta acme Portal caído')).toMatch(/^Caso ITBX-1 abierto\./);
    expect(await agentSays(`note 1 el cliente pegó la contraseña: ${PASSWORD}`)).toMatch(/^Nota interna añadida/);
    expect(await agentSays(`reply 1 No nos envíe la tarjeta ${CARD} por ningún medio`)).toMatch(/^Respuesta a ITBX-1/);
    const events = await storedRows(p, 'case_events');
    const windows = await storedRows(p, 'redirect_windows');
    const outbox = await storedRows(p, 'outbox');
    expect(events.length).toBeGreaterThan(3);
    expect(windows).toHaveLength(1);
    // itbx takes no email: the reply is recorded on the case (an event) and nothing is queued.
    expect(outbox).toEqual([]);
    for (const row of [...events, ...windows, ...outbox]) {
      for (const trace of TRACES) expect(row).not.toContain(trace);
    }
    await expectNoTrace(p);
  });

  it('records each decision with its reason and where it was made, never the words of the message', async () => {
    await bindConversation(p, 'oys', 'shared-acme', 'customer');
    const messages = [
      { text: 'gracias por todo, saludos a Mariela', decision: 'ignored' },
      { text: 'La integración con Fenicia devuelve timeout desde ayer', decision: 'redirected' },
      { text: '¿Me ayudan con la integración de Fenicia?', decision: 'suppressed' },
      { text: `Copio la tarjeta de Mariela: ${CARD}`, decision: 'secret_withheld' },
    ];
    for (const message of messages) {
      const outcome = await say(p, {
        tenant: 'oys',
        user: 'U-77',
        conversation: channel('shared-acme'),
        text: message.text,
      });
      expect(outcome).toMatchObject({ decision: message.decision });
    }
    const events = await chatEvents(p, 'oys');
    expect(events.map((e) => e.type)).toEqual([
      'chat.ignored',
      'chat.redirected',
      'chat.suppressed',
      'chat.secret_withheld',
    ]);
    // The reason is the triage rule that decided, as the domain names it.
    expect(events.map((e) => e.data.reason)).toEqual(messages.map((m) => triageMessage(m.text).reason));
    expect(events[0]!.data.reason).not.toBe(events[1]!.data.reason);
    for (const event of events) {
      expect(event).toMatchObject({
        tenantId: 'oys',
        caseId: null,
        at: new Date('2026-11-23T15:00:00Z'),
        actor: { kind: 'customer', userId: 'U-77' },
        channel: 'console',
        data: { conversation: 'shared-acme', conversationKind: 'channel', language: 'es' },
      });
      const stored = JSON.stringify(event.data);
      for (const word of ['Mariela', 'Fenicia', 'timeout', 'integración']) expect(stored).not.toContain(word);
    }
    expect(events[1]!.data).toMatchObject({
      kind: 'support-request',
      // OYS's portal is the built-in one (linked); its address is a placeholder (.invalid), never linked.
      channels: ['Portal OYS'],
    });
  });

  it('a customer writing in an internal channel leaves nothing behind: no reply, no event, no window', async () => {
    await bindConversation(p, 'itbx', 'soporte', 'agent');
    for (const conversation of [channel('soporte'), channel('random-unbound')]) {
      const outcome = await say(p, { tenant: 'itbx', user: 'ana', conversation, text: `ayuda, clave ${PASSWORD}` });
      expect(outcome).toEqual({ speaker: 'none', replies: [] });
    }
    expect(await storedRows(p, 'case_events')).toEqual([]);
    expect(await storedRows(p, 'redirect_windows')).toEqual([]);
  });
});
