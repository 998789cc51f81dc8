import { describe, expect, it } from 'vitest';
import { slashCommand } from '../../helpers/slack-signing.ts';
import { type SlackHarness, useSlack } from './slack-harness.ts';

// Every `/case` path end to end: a signed slash command into real Bolt, the ack, the core, and the answer posted to
// the command's response_url (the fake Web API records it).

type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Record<string, unknown>[];
};

async function run(h: SlackHarness, text: string, user = 'UANA') {
  const key = `${text}#${h.fake.responses.length}`;
  const response = await h.deliver(slashCommand({ text, user, responseUrl: h.fake.responseUrl(key) }));
  expect(response.status).toBe(200);
  // The ack itself is empty: everything the agent reads comes through the response_url.
  expect(await response.text()).toBe('');
  const replies = h.fake.responsesTo(key);
  expect(replies.length).toBeGreaterThan(0);
  return replies[0] as { response_type: string; text: string; blocks?: Block[] };
}

const blockText = (reply: { blocks?: Block[] }) =>
  (reply.blocks ?? [])
    .flatMap((block) => [block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text)])
    .join('\n');

describe('/case on Slack', () => {
  const h = useSlack();

  async function desk() {
    const ana = await h.agent('ana', 'UANA');
    const bea = await h.agent('bea', 'UBEA');
    await h.p.customer('itbx', 'acme', { name: 'Acme' });
    await h.p.contact('itbx', 'acme', 'luis');
    return { ana, bea };
  }

  async function opened() {
    const agents = await desk();
    const reply = await run(h, 'new alta acme Printer down');
    expect(reply.text).toContain('ITBX-1');
    return { ...agents, reply };
  }

  it('new opens a case and answers with its card, ephemeral, and wakes the relay', async () => {
    const { reply } = await opened();
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks?.[0]).toMatchObject({ type: 'header', text: { text: 'ITBX-1 · Printer down' } });
    expect(blockText(reply)).toContain('Acme');
    const record = await h.caseNumber(1);
    expect(record).toMatchObject({ title: 'Printer down', priority: 'alta', state: 'abierto', openedVia: 'slack' });
    expect(h.wakes).toBeGreaterThan(0);
    // Bolt was told the bot's identity: it never asked Slack (auth.test) before answering.
    expect(h.fake.attempts.map((call) => call.method)).not.toContain('auth.test');
  });

  it('show and sla answer with the case; list names it; reading wakes no relay', async () => {
    await opened();
    const woken = h.wakes;
    expect((await run(h, 'show ITBX-1')).blocks?.[0]).toMatchObject({ text: { text: 'ITBX-1 · Printer down' } });
    expect((await run(h, 'sla 1')).text).toMatch(/^SLA ITBX-1/);
    expect((await run(h, 'list')).text).toContain('ITBX-1 · Alta · Abierto');
    expect(h.wakes).toBe(woken);
  });

  it('assign to me, and to a colleague named by a Slack mention', async () => {
    const { ana, bea } = await opened();
    await run(h, 'assign ITBX-1 me');
    expect((await h.caseNumber(1))?.assigneeId).toBe(ana.id);
    await run(h, 'assign ITBX-1 <@UBEA|bea>');
    expect((await h.caseNumber(1))?.assigneeId).toBe(bea.id);
  });

  it('move, wait, priority, escalate, note and reply change the case', async () => {
    await opened();
    // itbx: ABIERTO is left only with an engineer assigned; the refusal says how.
    const refused = await run(h, 'move ITBX-1 analisis');
    expect(refused.text).toMatch(/^⚠️ .*\/case assign ITBX-1 me\|@agente\.$/);
    expect((await h.caseNumber(1))?.state).toBe('abierto');
    await run(h, 'assign ITBX-1 me');
    await run(h, 'move ITBX-1 analisis');
    expect((await h.caseNumber(1))?.state).toBe('analisis');
    await run(h, 'wait ITBX-1 need the logs');
    expect((await h.caseNumber(1))?.state).toBe('esperando-cliente');
    await run(h, 'move ITBX-1 analisis');
    await run(h, 'priority ITBX-1 baja');
    expect((await h.caseNumber(1))?.priority).toBe('baja');
    await run(h, 'escalate ITBX-1 customer is a VIP');
    expect((await h.caseNumber(1))?.escalationLevel).toBe(1);
    const note = await run(h, 'note ITBX-1 checked the spooler');
    expect(note.text).toContain('ITBX-1');
    const reply = await run(h, 'reply ITBX-1 We are on it &amp; will call you');
    expect(reply.text).not.toContain('⚠️');
    const events = await h.p.deps.store.transaction(async (repos) =>
      repos.events.forCase('itbx', (await repos.cases.byNumber('itbx', 1))!.id),
    );
    const replied = events.find((event) => event.type === 'replied');
    // Slack escapes & < >; the customer gets what the agent typed.
    expect(replied?.data.text).toBe('We are on it & will call you');
    expect(events.find((event) => event.type === 'note')?.actor).toMatchObject({ kind: 'agent' });
  });

  it('close needs the way through the lifecycle; then reopen and cancel', async () => {
    await opened();
    const early = await run(h, 'close ITBX-1 fixed');
    expect(early.text).toContain('⚠️');
    expect((await h.caseNumber(1))?.isOpen).toBe(true);
    await run(h, 'assign ITBX-1 me');
    for (const state of ['analisis', 'solucion', 'pruebas']) await run(h, `move ITBX-1 ${state}`);
    await run(h, 'confirm ITBX-1 acceptance Luis accepted it on the phone'); // "con el aval del cliente"
    await run(h, 'close ITBX-1 replaced the fuser &lt;unit 3&gt;');
    const closed = await h.caseNumber(1);
    expect(closed).toMatchObject({ state: 'cerrada', isOpen: false, resolution: 'replaced the fuser <unit 3>' });
    await run(h, 'reopen ITBX-1 still jams');
    expect((await h.caseNumber(1))?.isOpen).toBe(true);
    await run(h, 'cancel ITBX-1 duplicate');
    expect((await h.caseNumber(1))?.state).toBe('cancelada');
  });

  it('help lists the subcommands; a typo gets the refusal with a help button', async () => {
    await desk();
    const help = await run(h, 'help');
    expect(help.blocks?.some((block) => block.type === 'section' && block.fields?.length)).toBe(true);
    expect(blockText(help)).toContain('/case new');
    const typo = await run(h, 'shwo ITBX-1');
    const actions = typo.blocks?.find((block) => block.type === 'actions');
    expect(actions?.elements?.[0]).toMatchObject({ type: 'button', value: 'help show' });
  });

  it('someone who is not an agent is told to ask their administrator, in the policy language, without the tenant id', async () => {
    await desk();
    const reply = await run(h, 'show ITBX-1', 'USTRANGER');
    expect(reply.text).toBe(
      '/case es para los agentes de soporte registrados en Portero. Si eres agente, pide a tu administrador de Portero que te registre como agente.',
    );
    expect(reply.text).not.toMatch(/itbx|USTRANGER|--tenant/i);
    // The operator reads who it was, and where, in the log.
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'info', fields: { tenant: 'itbx', user: 'USTRANGER' } }),
    );
  });

  it('an unlinked workspace is told to ask its administrator (no ids); the log names the team to link', async () => {
    await desk();
    const key = 'unlinked';
    await h.deliver(
      slashCommand({ text: 'list', user: 'UANA', team: 'T0OTHER', responseUrl: h.fake.responseUrl(key) }),
    );
    const told = String(h.fake.responsesTo(key)[0]?.text);
    expect(told).toContain('Ask your Portero administrator to link it.');
    expect(told).toContain('Pide a tu administrador de Portero que lo vincule.');
    expect(told).not.toMatch(/T0OTHER|itbx|portero tenant/);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: { team: 'T0OTHER' },
        message: expect.stringContaining('portero tenant link slack <tenant> <team>'),
      }),
    );
    // Linked now: the very next command is answered (a refusal to link is never remembered).
    await h.p.deps.store.transaction((repos) => repos.platformLinks.link('slack', 'T0OTHER', 'itbx'));
    await h.deliver(
      slashCommand({ text: 'list', user: 'UANA', team: 'T0OTHER', responseUrl: h.fake.responseUrl('linked') }),
    );
    expect(h.fake.responsesTo('linked')[0]?.text).toMatch(/^Casos \(abiertos\)/);
  });

  it('acks before a slow store has answered, and answers through the response_url once it has', async () => {
    await opened();
    const store = h.holdStore();
    const key = 'slow';
    const response = await h.send(
      slashCommand({ text: 'show ITBX-1', user: 'UANA', responseUrl: h.fake.responseUrl(key) }),
    );
    // The ack is in: the work behind it is still waiting for the store, so nothing can have been answered yet.
    expect(response.status).toBe(200);
    await store.entered;
    expect(h.fake.responsesTo(key)).toEqual([]);
    store.open();
    await h.platform.drain();
    expect(h.fake.responsesTo(key)[0]?.text).toContain('ITBX-1');
  });
});
