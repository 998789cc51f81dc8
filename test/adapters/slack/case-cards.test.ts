import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../helpers/fake-slack-api.ts';
import { blockAction, slashCommand, viewSubmission } from '../../helpers/slack-signing.ts';
import { useSlack } from './slack-harness.ts';

// Case updates reach the routing channel through the outbox relay: a root card for the first event, then the card
// updated in place and one thread line per event. The card's buttons act as the person who clicks them.

type Button = { type: string; action_id: string; value?: string; text: { text: string } };
type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Button[] };

const CHANNEL = 'C0CRITICO';
const blocksOf = (call: RecordedCall | undefined) => (call?.args.blocks ?? []) as Block[];
const buttonsOf = (call: RecordedCall | undefined) =>
  blocksOf(call).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
const fieldsOf = (call: RecordedCall | undefined) => blocksOf(call).flatMap((b) => (b.fields ?? []).map((f) => f.text));
const button = (call: RecordedCall | undefined, label: string) => {
  const found = buttonsOf(call).find((b) => b.text.text === label);
  if (!found)
    throw new Error(
      `no button "${label}" among ${buttonsOf(call)
        .map((b) => b.text.text)
        .join(', ')}`,
    );
  return found;
};

describe('case cards in Slack', () => {
  const h = useSlack();

  async function desk() {
    await h.agent('ana', 'UANA');
    await h.agent('bea', 'UBEA');
    await h.p.customer('itbx', 'acme', { name: 'Acme' });
    await h.bind(CHANNEL, 'agent', 'soporte-critico');
  }
  const command = (text: string, user = 'UANA') =>
    h.deliver(slashCommand({ text, user, responseUrl: h.fake.responseUrl(`${user}:${text}`) }));
  const rootOf = async (number: number) =>
    h.p.deps.store.transaction(async (repos) => {
      const record = await repos.cases.byNumber('itbx', number);
      return repos.threads.rootOf('slack', CHANNEL, record!.id);
    });
  const click = (user: string, target: Button, key: string) =>
    h.deliver(
      blockAction({
        user,
        actionId: target.action_id,
        value: target.value ?? '',
        channel: CHANNEL,
        responseUrl: h.fake.responseUrl(key),
      }),
    );

  it('the first event posts the root card; later ones update it in place and add a thread line', async () => {
    await desk();
    await command('new alta acme Printer down');
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [root] = h.fake.callsTo('chat.postMessage');
    expect(root?.args.channel).toBe(CHANNEL);
    expect(blocksOf(root)[0]).toMatchObject({ type: 'header', text: { text: 'ITBX-1 · Printer down' } });
    const fields = fieldsOf(root).join('\n');
    for (const shown of [
      '*Cliente*\nAcme',
      '*Prioridad*\nAlta',
      '*Estado*\nAbierto',
      '*Asignado a*\nsin asignar',
      '*Primera respuesta*',
    ])
      expect(fields).toContain(shown);
    expect(buttonsOf(root).map((b) => b.value)).toEqual([
      'assign ITBX-1 me',
      'move ITBX-1 analisis',
      'move ITBX-1 esperando-cliente',
    ]);
    const ts = await rootOf(1);
    expect(ts).toBeDefined();

    await command('assign ITBX-1 me');
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [update] = h.fake.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: CHANNEL, ts });
    expect(fieldsOf(update)).toContain('*Asignado a*\nana');
    const thread = h.fake.callsTo('chat.postMessage').slice(1);
    expect(thread.map((call) => call.args)).toEqual([expect.objectContaining({ channel: CHANNEL, thread_ts: ts })]);
    expect(String(thread[0]?.args.text)).toMatch(/^asignado: /);
  });

  it('a delivery the relay has aborted (its timeout ran out) makes no further Web API call', async () => {
    await desk();
    await command('new alta acme Printer down');
    const [row] = await h.p.queue.claimDue(['slack'], h.p.clock.now(), new Date(h.p.clock.now().getTime() + 60_000), 1);
    const abort = new AbortController();
    abort.abort(new Error('no answer within 10000 ms (delivery timeout)'));

    expect(await h.platform.deliverer.deliver(row!, abort.signal)).toMatchObject({ ok: false });
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a case’s older history is a button away: "Más antiguo (página 2/2)" shows the next page', async () => {
    await desk();
    await command('new alta acme Printer down');
    for (let n = 1; n <= 10; n++) await command(`note ITBX-1 Nota ${n}`);
    await command('show ITBX-1');
    const [shown] = h.fake.responsesTo('UANA:show ITBX-1') as { blocks: Block[] }[];
    const buttons = (shown?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
    const older = buttons.find((b) => b.text.text === 'Más antiguo (página 2/2)');
    expect(older?.value).toBe('show ITBX-1 page 2');
    await click('UBEA', older!, 'older');
    const [page] = h.fake.responsesTo('older') as { blocks: Block[] }[];
    const text = JSON.stringify(page?.blocks);
    expect(text).toContain('Historia (página 2/2, lo último primero):');
    expect(text).not.toContain('Nota 10');
  });

  it('the card’s buttons assign to whoever clicks and move the case; the answer is ephemeral', async () => {
    await desk();
    await command('new alta acme Printer down');
    await h.relay();
    const root = h.fake.callsTo('chat.postMessage')[0];
    await click('UBEA', button(root, 'Asignarme'), 'assign');
    const bea = await h.p.deps.store.transaction((repos) => repos.agents.byHandle('itbx', 'bea'));
    expect((await h.caseNumber(1))?.assigneeId).toBe(bea?.id);
    expect(h.fake.responsesTo('assign')[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });

    await click('UANA', button(root, 'Pasar a Análisis'), 'move');
    expect((await h.caseNumber(1))?.state).toBe('analisis');
    expect(await h.relayAll()).toEqual({ delivered: 2, retried: 0, dead: 0 });
    const latest = h.fake.callsTo('chat.update').at(-1);
    expect(fieldsOf(latest)).toContain('*Estado*\nAnálisis');
    expect(fieldsOf(latest)).toContain('*Asignado a*\nbea');
  });

  it('a move button on a case nobody is assigned to answers with the refusal; the case stays in ABIERTO', async () => {
    await desk();
    await command('new alta acme Printer down');
    await h.relay();
    const root = h.fake.callsTo('chat.postMessage')[0];
    await click('UANA', button(root, 'Pasar a Análisis'), 'move');
    expect(h.fake.responsesTo('move')[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(h.fake.responsesTo('move')[0]?.text)).toBe(
      '⚠️ El caso ITBX-1 no puede salir de «abierto» sin un responsable: asígnelo antes con /case assign ITBX-1 me|@agente.',
    );
    expect((await h.caseNumber(1))?.state).toBe('abierto');
    // Nothing changed: no card update goes out.
    expect(await h.relayAll()).toEqual({ delivered: 0, retried: 0, dead: 0 });
  });

  it('close asks for the resolution in a modal, refuses an empty one there, then closes the case', async () => {
    await desk();
    await command('new alta acme Printer down');
    await command('assign ITBX-1 me');
    for (const state of ['analisis', 'solucion', 'pruebas']) await command(`move ITBX-1 ${state}`);
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf.
    await command('confirm ITBX-1 acceptance Luis lo aceptó por teléfono');
    expect(await h.relayAll()).toEqual({ delivered: 6, retried: 0, dead: 0 });
    const card = h.fake.callsTo('chat.update').at(-1);
    await click('UANA', button(card, 'Cerrar'), 'close');
    const [opened] = h.fake.callsTo('views.open');
    expect(opened?.args.trigger_id).toMatch(/^trigger-portero\.prompt\./);
    const view = opened?.args.view as Record<string, unknown>;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'portero.prompt' });

    const empty = await h.deliver(viewSubmission({ user: 'UANA', view, values: { text: { value: '   ' } } }));
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { text: 'Este campo es obligatorio.' } });
    expect((await h.caseNumber(1))?.isOpen).toBe(true);

    const done = await h.deliver(
      viewSubmission({ user: 'UANA', view, values: { text: { value: 'Replaced the fuser' } } }),
    );
    expect(done.status).toBe(200);
    expect(await h.caseNumber(1)).toMatchObject({ state: 'cerrada', isOpen: false, resolution: 'Replaced the fuser' });
    expect(String(h.fake.responsesTo('close')[0]?.text)).toContain('ITBX-1');
    await h.relay();
    // A closed case's card has nothing left to click.
    expect(buttonsOf(h.fake.callsTo('chat.update').at(-1))).toEqual([]);
  });

  it('a 429 is handed to the relay with its Retry-After; the retry delivers, nothing lost or doubled', async () => {
    await desk();
    await command('new alta acme Printer down');
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await h.relay()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const [row] = await h.p.queue.list({ limit: 5 });
    expect(row?.nextAttemptAt.getTime()).toBe(h.p.clock.now().getTime() + 7_000);
    expect(await h.relay()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    h.p.clock.advance(7_000);
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.fake.attempts.filter((a) => a.method === 'chat.postMessage')).toHaveLength(2);

    // A later event whose thread line is rate limited: the retry updates the card again and posts the line once.
    await command('assign ITBX-1 me');
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 2 });
    expect(await h.relay()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    h.p.clock.advance(2_000);
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const lines = h.fake.callsTo('chat.postMessage').filter((call) => call.args.thread_ts);
    expect(lines).toHaveLength(1);
    expect(fieldsOf(h.fake.callsTo('chat.update').at(-1))).toContain('*Asignado a*\nana');
  });

  it('an alert (kind message) goes under the case’s card in a channel, and to a person’s DM as a message', async () => {
    await desk();
    await command('new alta acme Printer down');
    await h.relayAll();
    const record = (await h.caseNumber(1))!;
    const alert = (destination: string, threadUnderCase: boolean) => ({
      tenantId: 'itbx',
      caseId: record.id,
      target: 'slack',
      destination,
      kind: 'message',
      payload: {
        message: { text: 'ITBX-1 breached', title: 'ITBX-1 · Printer down', visibility: 'public' },
        caseId: record.id,
        threadUnderCase,
      },
      dedupKey: `alert:${destination}`,
    });
    await h.p.deps.store.transaction((repos) => repos.outbox.enqueue([alert(CHANNEL, true), alert('UBEA', false)]));
    expect(await h.relayAll()).toEqual({ delivered: 2, retried: 0, dead: 0 });
    const [, inThread, direct] = h.fake.callsTo('chat.postMessage');
    expect(inThread?.args).toMatchObject({ channel: CHANNEL, thread_ts: await rootOf(1), text: 'ITBX-1 breached' });
    expect(direct?.args).toMatchObject({ channel: 'UBEA', text: 'ITBX-1 breached' });
    expect(direct?.args).not.toHaveProperty('thread_ts');
  });

  it('an error no retry can fix dead-letters the row; a deleted card is replaced', async () => {
    await desk();
    await command('new alta acme Printer down');
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    expect(await h.relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    expect((await h.p.queue.list({ status: 'dead', limit: 5 }))[0]?.lastError).toBe('slack not_in_channel');

    await command('assign ITBX-1 me');
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const first = await rootOf(1);
    await command('move ITBX-1 analisis');
    h.fake.fail('chat.update', { error: 'message_not_found' });
    expect(await h.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const second = await rootOf(1);
    expect(second).not.toBe(first);
    expect(h.fake.callsTo('chat.postMessage').at(-1)?.args.thread_ts).toBe(second);
  });
});
