import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../../src/app/store.port.ts';
import {
  AGENTS_CHANNEL,
  cardCommands,
  cardFacts,
  cardOf,
  cardTitle,
  message,
  type TeamsUser,
  teamsUser,
} from './teams-activities.ts';
import { useTeams } from './teams-harness.ts';

describe('Teams: agents run `case …` commands and get Adaptive Cards', () => {
  const teams = useTeams();
  const ana = teamsUser('ana');

  async function agentAna(): Promise<AgentRecord> {
    await teams.linkTenant();
    await teams.p.customer('itbx', 'acme', { name: 'ACME S.A.' });
    const agent = await teams.p.agent('itbx', 'ana');
    await teams.linkUser('itbx', ana.aadObjectId, agent, 'agent');
    return agent;
  }

  const say = (from: TeamsUser, text: string, extra: Partial<Parameters<typeof message>[1]> = {}) =>
    teams.post(message(teams.fake, { from, text, ...extra }));

  const caseRow = (number: number) => teams.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', number));

  it('opens a case from a 1:1 chat and answers with the case card (fields, SLA dues, buttons)', async () => {
    await agentAna();
    const response = await say(ana, 'case new alta acme El portal no carga');
    expect(response.status).toBe(200);

    const [reply] = teams.fake.delivered();
    expect(reply!.method).toBe('POST');
    expect(reply!.conversationId).toBe('a:personal-ana');
    const card = cardOf(reply!.body);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(cardTitle(card)).toBe('ITBX-1 · El portal no carga');
    const facts = cardFacts(card);
    expect(facts).toMatchObject({
      Cliente: 'ACME S.A.',
      Prioridad: 'Alta',
      Estado: 'Abierto',
      'Asignado a': 'sin asignar',
    });
    expect(facts['Primera respuesta']).toMatch(/vence/);
    expect(cardCommands(card)).toEqual(['assign ITBX-1 me', 'move ITBX-1 analisis', 'move ITBX-1 esperando-cliente']);
    expect(card.actions[0]).toMatchObject({ type: 'Action.Submit', style: 'positive' });

    const saved = await caseRow(1);
    expect(saved).toMatchObject({ title: 'El portal no carga', priority: 'alta', state: 'abierto' });
    expect(teams.wakes).toBeGreaterThan(0);
  });

  it('runs `/case` too, and answers a mention in a channel inside the message thread, waking no relay for a read', async () => {
    await agentAna();
    await say(ana, '/case new media acme Lentitud en reportes');
    teams.fake.clear();
    const woken = teams.wakes;

    const post = message(teams.fake, {
      from: ana,
      text: 'case show ITBX-1',
      in: { channel: AGENTS_CHANNEL },
      mentionBot: true,
    });
    expect((await teams.post(post)).status).toBe(200);
    const [reply] = teams.fake.delivered();
    // Teams threads by conversation: the reply goes into `<channel>;messageid=<root>`, answering the post.
    expect(reply!.conversationId).toBe(`${AGENTS_CHANNEL};messageid=${post.id}`);
    expect(reply!.activityId).toBe(post.id);
    expect(cardTitle(cardOf(reply!.body))).toBe('ITBX-1 · Lentitud en reportes');
    // Reading a case changes nothing, so there is nothing for the outbox relay to deliver.
    expect(teams.wakes).toBe(woken);
  });

  it('stays quiet in a channel when the bot is not mentioned', async () => {
    await agentAna();
    await say(ana, 'case list', { in: { channel: AGENTS_CHANNEL } });
    expect(teams.fake.calls).toEqual([]);
  });

  it('a card button runs as the person who clicks it and refreshes that card in place', async () => {
    const agent = await agentAna();
    await say(ana, 'case new alta acme El portal no carga');
    const [created] = teams.fake.delivered();
    const cardId = 'card-of-itbx-1';
    teams.fake.clear();

    const submit = message(teams.fake, { from: ana, value: { portero: 'assign ITBX-1 me' }, replyToId: cardId });
    expect((await teams.post(submit)).status).toBe(200);

    const [update] = teams.fake.delivered();
    expect(update!.method).toBe('PUT');
    expect(update!.activityId).toBe(cardId);
    expect(cardFacts(cardOf(update!.body))['Asignado a']).toBe('ana');
    expect(teams.fake.delivered()).toHaveLength(1);
    expect((await caseRow(1))!.assigneeId).toBe(agent.id);
    expect(created).toBeDefined();
  });

  it('a case’s older history is a button away: "Más antiguo (página 2/2)" shows the next page', async () => {
    await agentAna();
    await say(ana, 'case new alta acme El portal no carga');
    for (let n = 1; n <= 10; n++) await say(ana, `case note ITBX-1 Nota ${n}`);
    teams.fake.clear();
    await say(ana, 'case show ITBX-1');
    const shown = cardOf(teams.fake.delivered().at(-1)!.body);
    const older = shown.actions.find((action: { title: string }) => action.title === 'Más antiguo (página 2/2)');
    expect(older).toMatchObject({ type: 'Action.Submit', data: { portero: 'show ITBX-1 page 2' } });
    await say(ana, '', { value: older.data, replyToId: 'card-show' });
    const page = JSON.stringify(cardOf(teams.fake.delivered().at(-1)!.body));
    expect(page).toContain('Historia (página 2/2, lo último primero):');
    expect(page).not.toContain('Nota 10');
  });

  it('close with a resolution: the prompt button sends its text with the command', async () => {
    await agentAna();
    await say(ana, 'case new alta acme El portal no carga');
    teams.fake.clear();
    await say(ana, '', { value: { portero: 'assign ITBX-1 me' }, replyToId: 'card-1' }); // itbx: ABIERTO needs one
    await say(ana, '', { value: { portero: 'move ITBX-1 analisis' }, replyToId: 'card-1' });
    await say(ana, '', { value: { portero: 'move ITBX-1 solucion' }, replyToId: 'card-1' });
    await say(ana, '', { value: { portero: 'move ITBX-1 pruebas' }, replyToId: 'card-1' });
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf.
    await say(ana, '', { value: { portero: 'confirm ITBX-1 acceptance Luis lo aceptó' }, replyToId: 'card-1' });
    const inTesting = cardOf(teams.fake.delivered().at(-1)!.body);
    const close = inTesting.actions.find((action: { type: string }) => action.type === 'Action.ShowCard');
    expect(close.card.body[0]).toMatchObject({ type: 'Input.Text', id: 'porteroText', isRequired: true });
    expect(close.card.actions[0].data).toEqual({ portero: 'close ITBX-1' });

    await say(ana, '', {
      value: { portero: 'close ITBX-1', porteroText: 'Se reinició el pool de conexiones' },
      replyToId: 'card-1',
    });
    const saved = await caseRow(1);
    expect(saved).toMatchObject({ isOpen: false, resolution: 'Se reinició el pool de conexiones' });
    const updates = teams.fake.delivered().filter((call) => call.method === 'PUT');
    expect(updates).toHaveLength(6);
    expect(cardCommands(cardOf(updates[5]!.body))).toEqual([]);
  });

  it('a refused button leaves the card as it was and says why beside it', async () => {
    await agentAna();
    await say(ana, 'case new alta acme El portal no carga');
    teams.fake.clear();
    await say(ana, '', { value: { portero: 'move ITBX-1 pruebas' }, replyToId: 'card-1' });

    const calls = teams.fake.delivered();
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(JSON.stringify(calls[0]!.body)).toMatch(/⚠️/);
    expect((await caseRow(1))!.state).toBe('abierto');

    // An allowed move out of ABIERTO with nobody assigned: the refusal says how to assign.
    teams.fake.clear();
    await say(ana, '', { value: { portero: 'move ITBX-1 analisis' }, replyToId: 'card-1' });
    const refused = teams.fake.delivered();
    expect(refused.map((call) => call.method)).toEqual(['POST']);
    expect(JSON.stringify(refused[0]!.body)).toContain('sin un responsable: asígnelo antes con /case assign ITBX-1 me');
    expect((await caseRow(1))!.state).toBe('abierto');
  });

  // The input rules on a Teams card: a typed text past the limit is refused beside the card, never saved cut short.
  it('a card prompt past the input rules is refused in their words; a title with a line break opens with a description', async () => {
    await agentAna();
    await say(ana, 'case new alta acme El portal no carga\nDesde las 9:00');
    expect(await caseRow(1)).toMatchObject({ title: 'El portal no carga', description: 'Desde las 9:00' });
    teams.fake.clear();
    await say(ana, '', {
      value: { portero: 'note ITBX-1', porteroText: 'n'.repeat(10_001) },
      replyToId: 'card-1',
    });
    const refused = teams.fake.delivered();
    expect(refused.map((call) => call.method)).toEqual(['POST']);
    expect(JSON.stringify(refused[0]!.body)).toContain(
      'El campo «texto» admite como máximo 10000 caracteres; tiene 10001.',
    );
    await say(ana, `case new alta acme ${'t'.repeat(201)}`);
    expect(JSON.stringify(teams.fake.delivered().at(-1)!.body)).toContain(
      'El campo «título» admite como máximo 200 caracteres; tiene 201.',
    );
    expect(await caseRow(2)).toBeUndefined();
  });

  it('Action.Execute (adaptiveCard/action invoke) answers with the refreshed card', async () => {
    await agentAna();
    await say(ana, 'case new alta acme El portal no carga');
    const invoke = {
      ...message(teams.fake, { from: ana }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'portero', data: { portero: 'assign ITBX-1 me' } } },
    };
    const response = await teams.post(invoke);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardFacts(response.body!.value)['Asignado a']).toBe('ana');
  });

  it('`case help` from an agent who typed nothing else gets the command list', async () => {
    await agentAna();
    await say(ana, 'case help');
    const card = cardOf(teams.fake.delivered()[0]!.body);
    expect(Object.keys(cardFacts(card)).some((usage) => usage.startsWith('case new'))).toBe(true);
  });
});
