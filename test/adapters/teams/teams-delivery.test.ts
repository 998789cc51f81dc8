import { describe, expect, it } from 'vitest';
import { AGENTS_CHANNEL, cardFacts, cardOf, cardTitle, installed, message, teamsUser } from './teams-activities.ts';
import { useTeams } from './teams-harness.ts';

// Case updates reach the tenant's agent channel through the outbox: the root card of the case posted proactively
// through the reference recorded at install, later events as replies in its thread, the root card kept current.

describe('Teams: case updates in the agent channel', () => {
  const teams = useTeams();
  const ana = teamsUser('ana');
  const thread = (root: string) => `${AGENTS_CHANNEL};messageid=${root}`;

  async function installedInAgentChannel() {
    await teams.linkTenant();
    await teams.p.customer('itbx', 'acme', { name: 'ACME S.A.' });
    const agent = await teams.p.agent('itbx', 'ana');
    await teams.linkUser('itbx', ana.aadObjectId, agent, 'agent');
    expect((await teams.post(installed(teams.fake, { channel: AGENTS_CHANNEL }))).status).toBe(200);
    await teams.bind('itbx', AGENTS_CHANNEL, 'agent', 'soporte');
  }

  const say = async (text: string) => {
    expect((await teams.post(message(teams.fake, { from: ana, text }))).status).toBe(200);
  };
  const rootOf = async (caseNumber: number) => {
    const record = await teams.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', caseNumber));
    return teams.p.deps.store.transaction((repos) => repos.threads.rootOf('teams', AGENTS_CHANNEL, record!.id));
  };
  const pending = () => teams.p.queue.list({ status: 'pending', limit: 50 });

  it('records the channel at install, posts the root card, then replies in its thread and updates it in place', async () => {
    await installedInAgentChannel();
    const reference = await teams.p.deps.store.transaction((repos) => repos.conversations.get('teams', AGENTS_CHANNEL));
    expect(reference).toMatchObject({ tenantId: 'itbx', reference: { serviceUrl: teams.fake.serviceUrl } });

    await say('case new media acme Reportes lentos');
    teams.fake.clear();
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [root] = teams.fake.delivered();
    expect(root!.method).toBe('POST');
    expect(root!.path).toBe(`/v3/conversations/${encodeURIComponent(AGENTS_CHANNEL)}/activities`);
    const rootCard = cardOf(root!.body);
    expect(cardTitle(rootCard)).toBe('ITBX-1 · Reportes lentos');
    expect(cardFacts(rootCard)['Asignado a']).toBe('sin asignar');
    const rootId = await rootOf(1);
    expect(rootId).toMatch(/^activity-/);

    await say('case assign ITBX-1 me');
    teams.fake.clear();
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [update, reply] = teams.fake.delivered();
    expect(update).toMatchObject({ method: 'PUT', conversationId: thread(rootId!), activityId: rootId });
    expect(cardFacts(cardOf(update!.body))['Asignado a']).toBe('ana');
    expect(reply).toMatchObject({ method: 'POST', conversationId: thread(rootId!) });
    expect(reply!.activityId).toBeUndefined();
    expect(reply!.body.text).toBeTruthy();
    expect(teams.fake.delivered()).toHaveLength(2);
  });

  it('429 then retry: the relay waits the Retry-After, then every update goes out once, in order', async () => {
    await installedInAgentChannel();
    await say('case new media acme Reportes lentos');
    await say('case assign ITBX-1 me');
    teams.fake.clear();
    teams.fake.failNext({ status: 429, headers: { 'retry-after': '3' } });

    expect(await teams.relay()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    // One call: the connector client did not sleep and retry by itself.
    expect(teams.fake.calls).toHaveLength(1);
    const held = (await pending()).find((row) => row.attempts > 0);
    expect(held!.lastError).toMatch(/^teams 429/);
    expect(held!.nextAttemptAt.getTime() - teams.p.clock.now().getTime()).toBe(3000);

    teams.p.clock.advance(2999);
    expect(await teams.relay()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    teams.p.clock.advance(1);
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });

    const posted = teams.fake.delivered();
    expect(posted.map((call) => call.method)).toEqual(['POST', 'PUT', 'POST']);
    expect(cardTitle(cardOf(posted[0]!.body))).toBe('ITBX-1 · Reportes lentos');
    expect(await pending()).toEqual([]);
  });

  it.each([412, 502, 504])('%i on the card update: retried after a delay, the reply is posted once', async (status) => {
    await installedInAgentChannel();
    await say('case new media acme Reportes lentos');
    await teams.relay();
    await say('case assign ITBX-1 me');
    teams.fake.clear();
    teams.fake.failNext({ status }, (call) => call.method === 'PUT');

    expect(await teams.relay()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const [held] = await pending();
    expect(held!.lastError).toBe(`teams ${status} Scripted`);
    expect(held!.nextAttemptAt.getTime() - teams.p.clock.now().getTime()).toBeGreaterThanOrEqual(1000);
    teams.p.clock.advance(held!.nextAttemptAt.getTime() - teams.p.clock.now().getTime());
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(teams.fake.delivered().map((call) => call.method)).toEqual(['PUT', 'POST']);
  });

  it('keeps to 7 calls a second in one conversation: the 8th root card waits for the window, spending no attempt', async () => {
    await installedInAgentChannel();
    for (let i = 1; i <= 8; i++) await say(`case new media acme Caso ${i}`);
    teams.fake.clear();

    // Portero's own pacing is no failure: not a retry, and the row keeps all its attempts for real ones.
    expect(await teams.relay()).toEqual({ delivered: 7, retried: 0, dead: 0 });
    expect(teams.fake.calls).toHaveLength(7);
    const [held] = await pending();
    expect(held).toMatchObject({ attempts: 0, lastError: null });
    expect(held!.nextAttemptAt.getTime() - teams.p.clock.now().getTime()).toBe(1000);

    teams.p.clock.advance(1000);
    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(teams.fake.calls).toHaveLength(8);
  });

  it('a delivery the relay has aborted (its timeout ran out) makes no further Bot Connector call', async () => {
    await installedInAgentChannel();
    await say('case new media acme Reportes lentos');
    teams.fake.clear();
    const now = teams.p.clock.now();
    const [row] = await teams.p.queue.claimDue(['teams'], now, new Date(now.getTime() + 60_000), 1);
    const abort = new AbortController();
    abort.abort(new Error('no answer within 10000 ms (delivery timeout)'));

    expect(await teams.platform.deliverer.deliver(row!, abort.signal)).toMatchObject({ ok: false });
    expect(teams.fake.calls).toEqual([]);
  });

  it('a remembered conversation whose serviceUrl is not allowed here is dead-lettered, and nothing is sent', async () => {
    await installedInAgentChannel();
    // As if the reference had been recorded under the other mode: in emulator mode only loopback is allowed.
    await teams.p.deps.store.transaction(async (repos) => {
      const saved = await repos.conversations.get('teams', AGENTS_CHANNEL);
      const reference = { ...saved!.reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
      await repos.conversations.save('teams', AGENTS_CHANNEL, 'itbx', reference, teams.p.clock.now());
    });
    await say('case new media acme Reportes lentos');
    teams.fake.clear();

    expect(await teams.relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    const [dead] = await teams.p.queue.list({ status: 'dead', limit: 5 });
    expect(dead!.lastError).toBe('teams 403 ForeignServiceUrl');
    expect(teams.fake.calls).toEqual([]);
  });

  it('a channel Portero was never installed in: the row is dead-lettered with the way out, nothing is sent', async () => {
    await teams.linkTenant();
    await teams.p.customer('itbx', 'acme');
    const agent = await teams.p.agent('itbx', 'ana');
    await teams.linkUser('itbx', ana.aadObjectId, agent, 'agent');
    await teams.bind('itbx', AGENTS_CHANNEL, 'agent', 'soporte');
    await say('case new media acme Reportes lentos');
    teams.fake.clear();

    expect(await teams.relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    const [dead] = await teams.p.queue.list({ status: 'dead', limit: 5 });
    expect(dead!.lastError).toMatch(/install it there.*or mention it there once, then portero outbox retry/);
    expect(teams.fake.calls).toEqual([]);
  });

  it('a channel created in a team where Portero is installed is recorded under its own id', async () => {
    await teams.linkTenant();
    const created = '19:soporte-critico@thread.tacv2';
    const event = installed(teams.fake, {
      channel: AGENTS_CHANNEL,
      eventType: 'channelCreated',
      channelData: { channel: { id: created, name: 'soporte-critico' } },
    });
    expect((await teams.post({ ...event, membersAdded: undefined })).status).toBe(200);

    const saved = await teams.p.deps.store.transaction((repos) => repos.conversations.get('teams', created));
    expect(saved).toMatchObject({
      tenantId: 'itbx',
      reference: { serviceUrl: teams.fake.serviceUrl, conversation: { id: created, conversationType: 'channel' } },
    });
    const recorded = teams.logs.find((line) => line.message.startsWith('teams: conversation recorded'));
    expect(recorded?.fields).toMatchObject({ conversation: created, channel: 'soporte-critico', tenant: 'itbx' });
    expect(teams.fake.calls).toEqual([]);
  });

  it('a root card someone deleted: the update finds it gone (404), a new root card carries the thread on', async () => {
    await installedInAgentChannel();
    await say('case new media acme Reportes lentos');
    await teams.relay();
    const firstRoot = await rootOf(1);
    await say('case assign ITBX-1 me');
    teams.fake.clear();
    teams.fake.failNext(
      { status: 404, body: { error: { code: 'NotFound', message: 'gone' } } },
      (call) => call.method === 'PUT',
    );

    expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const newRoot = await rootOf(1);
    expect(newRoot).not.toBe(firstRoot);
    const [, root, line] = teams.fake.calls;
    expect(root).toMatchObject({ method: 'POST', conversationId: AGENTS_CHANNEL });
    expect(cardFacts(cardOf(root!.body))['Asignado a']).toBe('ana');
    expect(line).toMatchObject({ method: 'POST', conversationId: thread(newRoot!) });
  });

  describe('alerts (outbox kind `message`)', () => {
    const alert = async (destination: string, extra: Record<string, unknown> = {}) => {
      const record = await teams.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', 1));
      await teams.p.deps.store.transaction((repos) =>
        repos.outbox.enqueue([
          {
            tenantId: 'itbx',
            caseId: record!.id,
            target: 'teams',
            destination,
            kind: 'message',
            payload: {
              message: {
                title: 'ITBX-1 · Reportes lentos',
                text: 'Incumplido: primera respuesta',
                visibility: 'public',
                caseRef: 'ITBX-1',
              },
              caseId: record!.id,
              caseRef: 'ITBX-1',
              ...extra,
            },
            dedupKey: `test:${destination}:${JSON.stringify(extra)}`,
          },
        ]),
      );
    };

    it('to a person: into the 1:1 chat they have with Portero, found by their Teams user id', async () => {
      await installedInAgentChannel();
      await say('case new media acme Reportes lentos');
      await teams.relay();
      teams.fake.clear();
      await alert(ana.aadObjectId);

      expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
      const [sent] = teams.fake.delivered();
      expect(sent).toMatchObject({ method: 'POST', conversationId: 'a:personal-ana' });
      expect(cardTitle(cardOf(sent!.body))).toBe('ITBX-1 · Reportes lentos');
    });

    it('to the agent channel under the case: in the case thread', async () => {
      await installedInAgentChannel();
      await say('case new media acme Reportes lentos');
      await teams.relay();
      const root = await rootOf(1);
      teams.fake.clear();
      await alert(AGENTS_CHANNEL, { threadUnderCase: true });

      expect(await teams.relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
      expect(teams.fake.delivered()[0]).toMatchObject({ method: 'POST', conversationId: thread(root!) });
    });

    it('to a person who never opened Portero in Teams: dead-lettered, saying how to fix it', async () => {
      await installedInAgentChannel();
      await say('case new media acme Reportes lentos');
      await teams.relay();
      teams.fake.clear();
      await alert('aad-nobody');

      expect(await teams.relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
      const [dead] = await teams.p.queue.list({ status: 'dead', limit: 5 });
      expect(dead!.lastError).toMatch(/no reference to aad-nobody.*open Portero in Teams once/);
      expect(teams.fake.calls).toEqual([]);
    });
  });
});
