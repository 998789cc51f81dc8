import { describe, expect, it } from 'vitest';
import { CUSTOMER_CHANNEL, cardOf, cardTitle, type Json, message, teamsUser } from './teams-activities.ts';
import { useTeams } from './teams-harness.ts';

// Customers asking for support in Teams get the policy's redirect: a reply in a 1:1 chat, a threaded reply in a
// customer-facing channel, with the accepted channels as buttons that open them.

const OUTAGE = 'URGENTE: se cayó el servicio, no funciona nada para nadie';

describe('Teams: customers are redirected to the channels their policy accepts', () => {
  const teams = useTeams();
  const pedro = teamsUser('pedro');

  const openUrls = (card: Json) =>
    (card.actions ?? [])
      .filter((a: { type: string }) => a.type === 'Action.OpenUrl')
      .map((a: { url: string }) => a.url);

  it('answers in a 1:1 chat with the redirect card, naming the portal (its URL is a placeholder: no button)', async () => {
    await teams.linkTenant();
    const response = await teams.post(message(teams.fake, { from: pedro, text: OUTAGE }));
    expect(response.status).toBe(200);

    const [reply] = teams.fake.delivered();
    expect(reply!.conversationId).toBe('a:personal-pedro');
    const card = cardOf(reply!.body);
    expect(cardTitle(card)).toBeTruthy();
    expect(JSON.stringify(card.body)).toContain('el chat no es un canal de soporte');
    expect(openUrls(card)).toEqual([expect.stringMatching(/\/portal\/itbx\/$/)]); // the built-in portal
    expect(JSON.stringify(card)).toContain('Centro de asistencia de ITBX');
    expect(JSON.stringify(card)).not.toContain('.invalid');
    expect(reply!.body.summary).toBe(cardTitle(card));
  });

  it('answers in a customer channel as a reply in the thread of the message, without being mentioned', async () => {
    await teams.linkTenant();
    const acme = await teams.p.customer('itbx', 'acme');
    await teams.bind('itbx', CUSTOMER_CHANNEL, 'customer', acme.handle);
    const post = message(teams.fake, { from: pedro, text: OUTAGE, in: { channel: CUSTOMER_CHANNEL } });
    await teams.post(post);

    const [reply] = teams.fake.delivered();
    expect(reply!.conversationId).toBe(`${CUSTOMER_CHANNEL};messageid=${post.id}`);
    expect(reply!.activityId).toBe(post.id);
    expect(JSON.stringify(cardOf(reply!.body))).toContain('Centro de asistencia de ITBX');
  });

  it('says nothing to a customer in a channel that is not customer-facing', async () => {
    await teams.linkTenant();
    await teams.post(message(teams.fake, { from: pedro, text: OUTAGE, in: { channel: '19:internal@thread.tacv2' } }));
    expect(teams.fake.calls).toEqual([]);
  });

  it('redirects once per window: a second message in the same chat gets no second redirect', async () => {
    await teams.linkTenant();
    await teams.post(message(teams.fake, { from: pedro, text: OUTAGE }));
    await teams.post(message(teams.fake, { from: pedro, text: 'Sigue sin funcionar, por favor revisen' }));
    expect(teams.fake.delivered()).toHaveLength(1);
  });

  it('in a Teams tenant nobody linked: a 1:1 chat is told to ask its administrator (no ids), a channel hears nothing', async () => {
    const other = '00000000-0000-4000-8000-00000000beef';
    await teams.post(message(teams.fake, { from: pedro, text: OUTAGE, tenant: other }));
    await teams.post(
      message(teams.fake, { from: pedro, text: OUTAGE, tenant: other, in: { channel: CUSTOMER_CHANNEL } }),
    );

    const calls = teams.fake.delivered();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.text).toMatch(/administrador de Portero|Portero administrator/);
    expect(calls[0]!.body.text).not.toContain(other);
    expect(calls[0]!.body.text).not.toContain('portero tenant');
    // The operator reads the Teams tenant id, and the command that links it, in the log.
    const warnings = teams.logs.filter((line) => line.message.includes('not linked'));
    expect(warnings[0]?.message).toContain('portero tenant link teams <tenant> <teams-tenant-id>');
    expect(warnings.map((line) => line.fields.teamsTenant)).toEqual([other, other]);
  });
});
