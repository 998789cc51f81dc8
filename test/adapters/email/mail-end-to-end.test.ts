import { describe, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../src/app/mail/mailbox.port.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { testDriver } from '../../helpers/db.ts';
import type { RecordedCall } from '../../helpers/fake-slack-api.ts';
import { imapPass as imapPassOf } from '../../helpers/imap-pass.ts';
import { simpleMessage } from '../../helpers/mail-fixtures.ts';
import { useMailServers } from '../../helpers/mail-servers.ts';
import { slashCommand, TEAM } from '../../helpers/slack-signing.ts';
import { useSlack } from '../slack/slack-harness.ts';

// Issue 16 end to end, every remote side real or faked on 127.0.0.1: a customer's email in Dovecot → one IMAP pass
// opens the case → the relay posts the root card in JD Services' agent channel on Slack and sends the acknowledgement
// through the SMTP sink → an agent's signed `/case reply` → the reply by SMTP, threaded to the customer's message →
// the customer's answer in Dovecot → one IMAP pass and the relay → the new text (quote trimmed) in the case's thread.

const PASSWORD = 'imap-Secret-e2e-9c1b';
const PASSWORD_ENV = 'PORTERO_TEST_E2E_IMAP_PASSWORD';
const USER = { user: 'soporteb', password: PASSWORD };
const AGENT_CHANNEL = 'C0SOPORTE';
const CUSTOMER_ID = 'incidencia-impresora@acme.example';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] };
const cardText = (call: RecordedCall | undefined) =>
  [
    String(call?.args.text ?? ''),
    ...((call?.args.blocks ?? []) as Block[]).flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
    ]),
  ].join('\n');

describe(`an email case from the customer's inbox to Slack and back on ${testDriver()}`, () => {
  const h = useSlack();
  const p = h.p;
  const mail = useMailServers(p, [USER], PASSWORD_ENV);

  /** JD Services' desk: the Slack workspace, the agent channel for B, an agent, Acme's contact, the B mailbox. */
  async function desk(): Promise<MailboxRecord> {
    await p.customer('jd-services', 'acme', { name: 'Acme' });
    await p.contact('jd-services', 'acme', 'ana', { name: 'Ana Pérez', email: 'ana@acme.example' });
    await p.deps.store.transaction((repos) => repos.platformLinks.link('slack', TEAM, 'jd-services'));
    await h.agent('pablo', 'UPABLO', 'jd-services');
    await h.bind(AGENT_CHANNEL, 'agent', 'soporte', 'jd-services');
    return mail.mailbox('jd-services', 'soporte-b@jd-services.eu', USER);
  }

  const imapPass = (box: MailboxRecord) => imapPassOf(p.deps, box);

  /** Relay passes (Slack and email deliverers) until one finds nothing due. */
  async function relay() {
    const total = { delivered: 0, retried: 0, dead: 0 };
    for (;;) {
      const pass = await relayOnce({
        queue: p.queue,
        deliverers: { slack: h.platform.deliverer, email: mail.smtp },
        clock: p.clock,
        random: () => 0.5,
      });
      if (pass.delivered + pass.retried + pass.dead === 0) return total;
      total.delivered += pass.delivered;
      total.retried += pass.retried;
      total.dead += pass.dead;
    }
  }

  it('email → case → Slack card → /case reply → SMTP reply threaded → customer answer by IMAP → Slack thread', async () => {
    const box = await desk();

    // 1. The customer writes to the B address; one IMAP pass opens the case.
    await mail.dovecot.append(
      USER,
      simpleMessage({
        from: 'Ana Pérez <ana@acme.example>',
        to: 'soporte-b@jd-services.eu',
        subject: 'La impresora no imprime',
        body: 'Desde esta mañana la impresora de la planta 2 no imprime.',
        messageId: CUSTOMER_ID,
      }),
    );
    const first = await imapPass(box);
    expect(first.received.map((one) => one.outcome)).toEqual(['opened']);
    const opened = (await h.caseNumber(1, 'jd-services'))!;
    expect(opened).toMatchObject({ title: 'La impresora no imprime', priority: 'B', openedVia: 'email' });
    const ref = opened.ref;
    expect(ref).toMatch(/^JDS-\d+$/);

    // 2. The relay: the root card in the agent channel, the acknowledgement by SMTP.
    expect(await relay()).toMatchObject({ retried: 0, dead: 0 });
    const [root] = h.fake.callsTo('chat.postMessage');
    expect(root?.args.channel).toBe(AGENT_CHANNEL);
    expect(root?.args.thread_ts).toBeUndefined();
    const card = cardText(root);
    expect(card).toContain(`${ref} · La impresora no imprime`);
    expect(card).toContain('Acme');
    // Marked as opened by email, naming the sender (escaped for Slack's mrkdwn).
    expect(card).toContain('*Por correo de*\nAna Pérez &lt;ana@acme.example&gt;');
    const rootTs = await p.deps.store.transaction((repos) => repos.threads.rootOf('slack', AGENT_CHANNEL, opened.id));
    expect(rootTs).toBeDefined();

    expect(mail.sink.messages).toHaveLength(1);
    const ack = mail.sink.messages[0]!;
    expect(ack.envelope).toEqual({ from: 'soporte-b@jd-services.eu', to: ['ana@acme.example'] });
    expect(ack.mail.subject).toContain(`[${ref}]`);
    expect(ack.mail.text).toContain(ref);
    expect(ack.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.mail.inReplyTo).toBe(`<${CUSTOMER_ID}>`);

    // 3. An agent replies from Slack through the signed endpoint.
    const key = 'reply';
    const response = await h.deliver(
      slashCommand({
        text: `reply ${ref} Hemos reiniciado la cola de impresión; pruebe de nuevo, por favor.`,
        user: 'UPABLO',
        channel: AGENT_CHANNEL,
        responseUrl: h.fake.responseUrl(key),
      }),
    );
    expect(response.status).toBe(200);
    const answer = h.fake.responsesTo(key)[0] as { text: string };
    expect(answer.text).toContain(ref);
    expect(answer.text).not.toContain('⚠️');

    // 4. The relay sends the reply, threaded to the customer's message, from the priority's address.
    expect(await relay()).toMatchObject({ retried: 0, dead: 0 });
    expect(mail.sink.messages).toHaveLength(2);
    const reply = mail.sink.messages[1]!;
    expect(reply.envelope).toEqual({ from: 'soporte-b@jd-services.eu', to: ['ana@acme.example'] });
    expect(reply.mail.from?.value[0]?.address).toBe('soporte-b@jd-services.eu');
    expect(reply.mail.subject).toContain(`[${ref}]`);
    expect(reply.mail.text).toContain('Hemos reiniciado la cola de impresión');
    expect(reply.mail.inReplyTo).toBe(`<${CUSTOMER_ID}>`);
    expect([reply.mail.references ?? []].flat()).toContain(`<${CUSTOMER_ID}>`);
    expect(reply.mail.headers.has('auto-submitted')).toBe(false);
    const replyId = reply.mail.messageId!;
    expect(replyId).toMatch(/^<.+@.+>$/);

    // 5. The customer answers above Portero's marker; their client quotes the reply below it.
    const quoted = (reply.mail.text ?? '')
      .trim()
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await mail.dovecot.append(
      USER,
      simpleMessage({
        from: 'Ana Pérez <ana@acme.example>',
        to: 'soporte-b@jd-services.eu',
        subject: `Re: ${reply.mail.subject}`,
        body: `Sigue sin imprimir, ahora da un error de papel.\n\nEl lun, 23 nov 2026, Soporte escribió:\n${quoted}\n`,
        messageId: 'respuesta-ana@acme.example',
        headers: { 'In-Reply-To': replyId, References: `<${CUSTOMER_ID}> ${replyId}` },
      }),
    );
    const second = await imapPass(box);
    expect(second.received).toEqual([expect.objectContaining({ outcome: 'replied', caseRef: ref })]);
    expect(await h.caseNumber(2, 'jd-services')).toBeUndefined();
    const events = await p.deps.store.transaction((repos) => repos.events.forCase('jd-services', opened.id));
    const message = events.find((event) => event.type === 'customer_message');
    expect(message?.data.text).toBe('Sigue sin imprimir, ahora da un error de papel.');

    // 6. The relay brings it into the case's thread in Slack.
    const before = h.fake.callsTo('chat.postMessage').length;
    expect(await relay()).toMatchObject({ retried: 0, dead: 0 });
    const threadLines = h.fake.callsTo('chat.postMessage').slice(before);
    const customerLine = threadLines.find((call) => String(call.args.text).includes('error de papel'));
    expect(customerLine?.args).toMatchObject({ channel: AGENT_CHANNEL, thread_ts: rootTs });
    expect(String(customerLine?.args.text)).not.toContain('Hemos reiniciado');
    expect(h.fake.callsTo('chat.update').at(-1)?.args).toMatchObject({ channel: AGENT_CHANNEL, ts: rootTs });
  }, 60_000);
});
