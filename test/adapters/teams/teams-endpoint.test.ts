import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { allowedServiceUrl } from '../../../adapters/teams/emulator-guard.ts';
import { MAX_ACTIVITY_BYTES } from '../../../adapters/teams/teams-endpoint.ts';
import { message, teamsUser } from './teams-activities.ts';
import { useTeams } from './teams-harness.ts';

// /api/messages itself: retries deduplicated, malformed requests refused with a clear 400, auth on with an app id,
// and without one (emulator mode) only this machine heard.

const ana = teamsUser('ana');

async function agentAna(teams: ReturnType<typeof useTeams>) {
  await teams.linkTenant();
  await teams.p.customer('itbx', 'acme');
  const agent = await teams.p.agent('itbx', 'ana');
  await teams.linkUser('itbx', ana.aadObjectId, agent, 'agent');
}

const countCases = (teams: ReturnType<typeof useTeams>) =>
  teams.p.deps.store.transaction(
    async (repos) => (await repos.cases.list('itbx', { filter: { kind: 'all' }, limit: 100 })).length,
  );

describe('Teams /api/messages in emulator mode (PORTERO_TEAMS_EMULATOR=1)', () => {
  const teams = useTeams();

  it('says loudly at start that auth is off and only this machine is accepted', () => {
    const warnings = teams.logs.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/LOCAL-EMULATOR MODE.*authentication is OFF.*Only callers on this machine/s);
  });

  it('refuses an activity whose replies would go to another machine (400), and calls nobody', async () => {
    await agentAna(teams);
    const activity = {
      ...message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' }),
      serviceUrl: 'https://attacker.example/',
    };
    const response = await teams.post(activity);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'activity.serviceUrl is not a Bot Framework host' });
    expect(teams.fake.calls).toEqual([]);
    expect(await countCases(teams)).toBe(0);
  });

  it('refuses replies in the HTTP answer (deliveryMode expectReplies), which would bypass the serviceUrl rule', async () => {
    await agentAna(teams);
    const activity = {
      ...message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' }),
      deliveryMode: 'expectReplies',
    };
    const response = await teams.post(activity);
    expect(response.status).toBe(400);
    expect(String(response.body?.error)).toContain('expectReplies');
    expect(await countCases(teams)).toBe(0);
  });

  it('acts once on an activity Teams sends again (same id), and still hears another conversation', async () => {
    await agentAna(teams);
    const activity = message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' });
    expect((await teams.post(activity)).status).toBe(200);
    expect((await teams.post(activity)).status).toBe(200);
    expect(await countCases(teams)).toBe(1);
    expect(teams.fake.delivered()).toHaveLength(1);

    // Teams message ids are unique within a conversation only.
    const elsewhere = message(teams.fake, {
      from: ana,
      id: activity.id as string,
      text: 'case new media acme Otro caso',
      in: { channel: '19:other@thread.tacv2' },
      mentionBot: true,
    });
    expect((await teams.post(elsewhere)).status).toBe(200);
    expect(await countCases(teams)).toBe(2);
  });

  it.each([
    ['not JSON', '{"type": "message",', /the body is not JSON/],
    ['a JSON array', '[]', /malformed activity: activity must be a Bot Framework activity/],
    ['no type', { id: '1', channelId: 'msteams' }, /activity\.type is required/],
    [
      'no conversation',
      () => ({ ...message(teams.fake, { from: ana, text: 'hola' }), conversation: undefined }),
      /activity\.conversation is required/,
    ],
    [
      'a message without an id',
      () => ({ ...message(teams.fake, { from: ana, text: 'hola' }), id: undefined }),
      /activity\.id is required on a message/,
    ],
    [
      'a serviceUrl that is not http(s)',
      () => ({ ...message(teams.fake, { from: ana, text: 'hola' }), serviceUrl: 'file:///etc/passwd' }),
      /activity\.serviceUrl must be an http\(s\) URL/,
    ],
  ])('%s → 400 with what is wrong, and nothing happens', async (_name, body, error) => {
    await agentAna(teams);
    const response = await teams.post(typeof body === 'function' ? body() : body);
    expect(response.status).toBe(400);
    expect(String(response.body!.error)).toMatch(error);
    expect(teams.fake.calls).toEqual([]);
  });

  it('a turn that fails answers 500 and logs what failed, never what was said', async () => {
    await agentAna(teams);
    teams.fake.failNext({ status: 500 });
    const text = 'case new media acme Contraseña del VPN caducada';
    const response = await teams.post(message(teams.fake, { from: ana, text }));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'the activity could not be handled' });
    const failure = teams.logs.find((line) => line.level === 'error');
    expect(failure?.fields).toMatchObject({ error: 'RestError', status: 500, type: 'message' });
    expect(JSON.stringify(teams.logs)).not.toContain('VPN');
  });

  it('refuses bodies over the size limit (413) and methods other than POST (405)', async () => {
    const big = message(teams.fake, { from: ana, text: 'x'.repeat(MAX_ACTIVITY_BYTES) });
    expect((await teams.post(big)).status).toBe(413);
    const get = await fetch(`http://127.0.0.1:${teams.port()}/api/messages`);
    expect(get.status).toBe(405);
  });

  it('refuses a request forwarded by a proxy or tunnel on this machine (403)', async () => {
    await agentAna(teams);
    const activity = message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' });
    const response = await teams.post(activity, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(response.status).toBe(403);
    expect(String(response.body!.error)).toMatch(/local-emulator mode/);
    expect(await countCases(teams)).toBe(0);
  });
});

const external = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('Teams /api/messages in emulator mode, served on every interface', () => {
  const teams = useTeams({ host: '0.0.0.0' });

  it.skipIf(!external)(
    'refuses a caller from a non-loopback address with 403 (needs a non-loopback interface)',
    async () => {
      await agentAna(teams);
      const activity = message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' });
      const refused = await teams.post(activity, { host: external });
      expect(refused.status).toBe(403);
      expect(await countCases(teams)).toBe(0);
      // The same server still hears this machine.
      expect((await teams.post(activity)).status).toBe(200);
      expect(await countCases(teams)).toBe(1);
    },
  );
});

describe('Teams /api/messages with MicrosoftAppId (authentication on)', () => {
  const teams = useTeams({
    env: {
      MicrosoftAppId: '00000000-0000-4000-8000-0000000a1d00',
      MicrosoftAppPassword: 'test-only-password',
      MicrosoftAppType: 'MultiTenant',
    },
  });

  it.each([
    ['no Authorization header', {}],
    ['a bearer token that is not a JWT', { authorization: 'Bearer not-a-token' }],
  ])('%s → 401, the turn never runs and the Bot Connector is never called', async (_name, headers) => {
    await agentAna(teams);
    const activity = message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' });
    const response = await teams.post(activity, { headers });
    expect(response.status).toBe(401);
    expect(teams.fake.calls).toEqual([]);
    expect(await countCases(teams)).toBe(0);
  });

  it('a well-formed but forged token is a 401 with a generic body: nothing of botbuilder’s error', async () => {
    await agentAna(teams);
    const activity = message(teams.fake, { from: ana, text: 'case new media acme Reportes lentos' });
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const forged = `${part({ alg: 'RS256', kid: 'forged', typ: 'JWT' })}.${part({
      iss: 'https://api.botframework.com',
      aud: '00000000-0000-4000-8000-0000000a1d00',
      serviceurl: activity.serviceUrl,
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.${part({ sig: 'nope' })}`;
    const response = await teams.post(activity, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized' });
    expect(teams.fake.calls).toEqual([]);
    expect(await countCases(teams)).toBe(0);
  }, 30_000);

  it('logs refused tokens once per burst, with the count, not a line per request', async () => {
    const activity = message(teams.fake, { from: ana, text: 'case list' });
    for (let copy = 0; copy < 4; copy++) expect((await teams.post(activity)).status).toBe(401);
    await teams.platform.stop?.();
    expect(teams.logs.filter((line) => line.fields.refused)).toEqual([
      { level: 'warn', fields: { refused: { token: 4 } }, message: 'teams: activities refused' },
    ]);
  });

  it('accepts callers from anywhere (the token is the proof) and logs no emulator warning', () => {
    expect(teams.logs.some((line) => line.message.includes('EMULATOR'))).toBe(false);
    expect(teams.logs.some((line) => line.message === 'teams: authentication on')).toBe(true);
  });
});

describe('where Teams replies may go', () => {
  it.each([
    ['https://smba.trafficmanager.net/amer/', false, true],
    ['https://smba.infra.gcc.teams.microsoft.com/', false, true],
    ['https://webchat.botframework.com/', false, true],
    ['http://smba.trafficmanager.net/amer/', false, false],
    ['https://smba.trafficmanager.net.attacker.example/', false, false],
    ['https://attacker.example/botframework.com', false, false],
    ['http://127.0.0.1:3978/', false, false],
    ['http://127.0.0.1:3978/', true, true],
    ['http://localhost:3978/', true, true],
    ['https://smba.trafficmanager.net/amer/', true, false],
    ['not a url', true, false],
  ])('%s (emulator %s) → %s', (url, emulator, allowed) => {
    expect(allowedServiceUrl(url, emulator)).toBe(allowed);
  });
});
