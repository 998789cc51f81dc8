import { describe, expect, it } from 'vitest';
import { slashCommand, viewSubmission } from '../../helpers/slack-signing.ts';
import { useSlack } from './slack-harness.ts';

// `/case new` with no arguments opens a modal (customer, reporter, priority, type, title, description); its submission opens the
// case, or keeps the modal open with the refusal under the field it is about.

type Option = { value: string; text: { text: string } };
type Input = {
  block_id: string;
  optional?: boolean;
  element: { type: string; options?: Option[]; initial_option?: Option };
};

describe('the new-case modal', () => {
  const h = useSlack();

  async function openModal() {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme', { name: 'Acme' });
    await h.p.customer('itbx', 'globex', { name: 'Globex' });
    await h.deliver(
      slashCommand({ text: 'new', user: 'UANA', responseUrl: h.fake.responseUrl('new'), triggerId: 'trigger-42' }),
    );
    const [opened] = h.fake.callsTo('views.open');
    expect(opened?.args.trigger_id).toBe('trigger-42');
    return opened!.args.view as Record<string, unknown> & { blocks: Input[] };
  }
  const submit = (view: Record<string, unknown>, values: Parameters<typeof viewSubmission>[0]['values']) =>
    viewSubmission({ user: 'UANA', view, values });

  it('offers the tenant’s customers, priorities (default preselected) and case types', async () => {
    const view = await openModal();
    expect(view).toMatchObject({ type: 'modal', callback_id: 'portero.new_case' });
    const byId = Object.fromEntries(view.blocks.map((block) => [block.block_id, block]));
    expect(byId.customer?.element.options?.map((o) => o.value)).toEqual(['acme', 'globex']);
    expect(byId.priority?.element.options?.map((o) => o.value)).toEqual(['alta', 'media', 'baja']);
    expect(byId.priority?.element.initial_option?.value).toBe('media');
    expect(byId.type?.element.options?.[0]?.value).toBe('incident');
    expect(byId.description?.optional).toBe(true);
    expect(byId.reporter).toMatchObject({ optional: true, element: { type: 'plain_text_input' } });
    // Nothing was said in the channel: the modal is the answer.
    expect(h.fake.responses).toEqual([]);
  });

  it('a valid submission closes the modal, opens the case and sends its card to the agent', async () => {
    const view = await openModal();
    const response = await h.deliver(
      submit(view, {
        customer: { selected: 'globex' },
        priority: { selected: 'alta' },
        type: { selected: 'incident' },
        title: { value: 'Invoices fail' },
        description: { value: 'Since 9:00, every invoice' },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const record = await h.caseNumber(1);
    expect(record).toMatchObject({
      title: 'Invoices fail',
      priority: 'alta',
      type: 'incident',
      description: 'Since 9:00, every invoice',
    });
    const [card] = h.fake.responsesTo('new');
    expect(card).toMatchObject({ response_type: 'ephemeral' });
    expect(String(card?.text)).toContain('Caso ITBX-1 abierto.');
  });

  it('shows what is wrong under the field: a blank title, a customer that is gone', async () => {
    const view = await openModal();
    const blank = await h.deliver(
      submit(view, {
        customer: { selected: 'acme' },
        priority: { selected: 'media' },
        type: { selected: 'incident' },
        title: { value: '  ' },
      }),
    );
    expect(await blank.json()).toEqual({ response_action: 'errors', errors: { title: 'Este campo es obligatorio.' } });
    const gone = await h.deliver(
      submit(view, {
        customer: { selected: 'initech' },
        priority: { selected: 'media' },
        type: { selected: 'incident' },
        title: { value: 'Down' },
      }),
    );
    const answer = (await gone.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(['customer']);
    expect(answer.errors.customer).toContain('initech');
    expect(await h.caseNumber(1)).toBeUndefined();
  });

  // The input rules on the modal: Slack's own max_length stops most at the client, a crafted submission is refused
  // under its field in the same words as everywhere else.
  it.each([
    ['title', { title: { value: 'uno\ndos' } }, 'El campo «título» debe ser una sola línea, sin saltos de línea.'],
    [
      'description',
      { title: { value: 'Down' }, description: { value: 'd'.repeat(10_001) } },
      'El campo «descripción» admite como máximo 10000 caracteres; tiene 10001.',
    ],
  ] as const)('refuses a %s the input rules do not take, under that field', async (field, values, words) => {
    const view = await openModal();
    const refused = await h.deliver(
      submit(view, {
        customer: { selected: 'acme' },
        priority: { selected: 'media' },
        type: { selected: 'incident' },
        ...values,
      }),
    );
    expect(await refused.json()).toEqual({ response_action: 'errors', errors: { [field]: words } });
    expect(await h.caseNumber(1)).toBeUndefined();
  });

  it('a customer with several reporters: the refusal lists them under the reporter field; naming one opens the case', async () => {
    const view = await openModal();
    await h.p.contact('itbx', 'acme', 'luis');
    await h.p.contact('itbx', 'acme', 'marta');
    const fields = { customer: { selected: 'acme' }, priority: { selected: 'media' }, type: { selected: 'incident' } };
    const unnamed = await h.deliver(submit(view, { ...fields, title: { value: 'Down' } }));
    expect(await unnamed.json()).toEqual({
      response_action: 'errors',
      errors: {
        reporter:
          'El cliente acme tiene varios usuarios que reportan casos: indique en el campo «reporter» cuál de ellos reporta este (luis, marta), o en el chat abra el caso a nombre del contacto (/case new <prioridad> <contacto> …).',
      },
    });
    expect(await h.caseNumber(1)).toBeUndefined();
    const unknown = await h.deliver(submit(view, { ...fields, reporter: { value: 'pepe' }, title: { value: 'Down' } }));
    expect(await unknown.json()).toMatchObject({
      response_action: 'errors',
      errors: { reporter: expect.stringContaining('pepe') },
    });
    const named = await h.deliver(
      submit(view, { ...fields, reporter: { value: ' marta ' }, title: { value: 'Down' } }),
    );
    expect(await named.text()).toBe('');
    const record = await h.caseNumber(1);
    const marta = await h.p.deps.store.transaction((repos) => repos.contacts.byHandle('itbx', 'marta'));
    expect(record?.reporterId).toBe(marta?.id);
  });

  it('when the store is slow, the modal closes by the deadline and the card follows as a message', async () => {
    const view = await openModal();
    const store = h.holdStore();
    const sent = h.send(
      submit(view, {
        customer: { selected: 'acme' },
        priority: { selected: 'baja' },
        type: { selected: 'incident' },
        title: { value: 'Slow' },
      }),
    );
    await store.entered;
    h.passDeadline();
    const response = await sent;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(h.fake.responsesTo('new')).toEqual([]);
    store.open();
    await h.platform.drain();
    expect(await h.caseNumber(1)).toMatchObject({ title: 'Slow', priority: 'baja' });
    expect(String(h.fake.responsesTo('new')[0]?.text)).toContain('ITBX-1');
  });

  it('only agents get the modal; a desk without customers is told how to add one', async () => {
    await h.deliver(slashCommand({ text: 'new', user: 'USTRANGER', responseUrl: h.fake.responseUrl('stranger') }));
    expect(h.fake.callsTo('views.open')).toEqual([]);
    const stranger = String(h.fake.responsesTo('stranger')[0]?.text);
    expect(stranger).toContain('pide a tu administrador de Portero que te registre como agente');
    expect(stranger).not.toMatch(/itbx|USTRANGER/);
    await h.agent('ana', 'UANA');
    await h.deliver(slashCommand({ text: 'nuevo', user: 'UANA', responseUrl: h.fake.responseUrl('empty') }));
    expect(h.fake.callsTo('views.open')).toEqual([]);
    // Escaped as Slack requires: it shows `<cliente>`, where a bare `<cliente>` would be read as a link.
    expect(String(h.fake.responsesTo('empty')[0]?.text)).toContain(
      'portero customer add &lt;cliente&gt; --tenant itbx',
    );
  });

  it('an expired trigger falls back to the usage line', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme');
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await h.deliver(slashCommand({ text: 'new', user: 'UANA', responseUrl: h.fake.responseUrl('late') }));
    expect(String(h.fake.responsesTo('late')[0]?.text)).toContain(
      '/case new &lt;prioridad&gt; &lt;cliente&gt; &lt;título…&gt;',
    );
  });
});
