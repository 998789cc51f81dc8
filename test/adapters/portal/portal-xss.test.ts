import { describe, expect, it } from 'vitest';
import { formattedTexts, mrkdwnTexts } from '../../helpers/fake-slack-api.ts';
import { useSlack } from '../slack/slack-harness.ts';
import {
  AGENTS_CHANNEL,
  cardOf,
  cardTitle,
  installed,
  type Json,
  markdownTexts,
  markup,
  shown,
} from '../teams/teams-activities.ts';
import { useTeams } from '../teams/teams-harness.ts';
import { Browser, portalServer } from './portal-client.ts';

// What a customer types into the portal is shown as text wherever it is read: on the portal's pages (HTML-escaped),
// in the Slack messages the agents get (no mention, link or markup in any mrkdwn: the escaping test's rule), and in
// the Teams cards (CommonMark-escaped, teams-text.ts). The payloads go in as the title, the description and a reply.

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">link</a>',
  'javascript:alert(1)',
  '<!channel> <@U123> *bold* <http://evil|click>',
  '{"type":"Action.OpenUrl","url":"javascript:alert(1)"}',
  '[x](javascript:alert(1))',
];
/** One line within the title's 200 characters. */
const TITLE =
  '<script>alert(1)</script> "><img src=x onerror=alert(1)> <!channel> <@U123> *bold* <http://evil|click> [x](javascript:alert(1))';
const DESCRIPTION = PAYLOADS.join('\n');
const REPLY = `Respuesta:\n${PAYLOADS.join('\n')}`;

/** Signs a contact in (the development link) and types the payloads: a new case, then a reply on it. */
async function typeThePayloads(app: ReturnType<typeof portalServer>, logged: { url: string }[], tenant: string) {
  const browser = new Browser(app);
  await browser.post(`/portal/${tenant}/sign-in`, { email: 'luis@example.test' }, { csrf: false });
  const redeemed = await browser.post(new URL(logged.at(-1)!.url).pathname, {}, { csrf: false });
  expect(redeemed.status).toBe(303);
  await browser.get(`/portal/${tenant}/cases/new`);
  const opened = await browser.post(`/portal/${tenant}/cases`, { title: TITLE, description: DESCRIPTION });
  expect(opened.status).toBe(201);
  const ref = /cases\/([A-Z0-9]+-\d+)/.exec(opened.text_)![1]!;
  await browser.get(`/portal/${tenant}/cases/${ref}`);
  expect((await browser.post(`/portal/${tenant}/cases/${ref}/reply`, { text: REPLY })).status).toBe(303);
  const page = await browser.get(`/portal/${tenant}/cases/${ref}`);
  const list = await browser.get(`/portal/${tenant}/?state=all`);
  return { ref, pages: [opened.text_, page.text_, list.text_] };
}

/** The portal's HTML: no element or attribute from the payloads, each payload present escaped. */
function expectEscapedHtml(pages: string[]) {
  for (const html of pages) expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript:|<a href="javascript/);
  // The case's page and the list show the title as typed.
  for (const html of pages.slice(1)) expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  // The case page shows every payload of the description and the reply, as the customer typed it (escaped).
  const casePage = pages[1]!;
  const escaped = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  for (const payload of PAYLOADS) expect(casePage).toContain(escaped(payload));
  // Nothing a customer types becomes a link: the page's links are the portal's own.
  const hrefs = [...casePage.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
  expect(hrefs.filter((href) => !href.startsWith('/portal/') && href !== '#main')).toEqual([]);
}

describe('XSS payloads typed into the portal: Slack', () => {
  const h = useSlack();

  it('are text in the portal’s HTML and in the Slack card and thread the agents get', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme', { name: 'Acme' });
    await h.p.contact('itbx', 'acme', 'luis', { name: 'Luis' });
    await h.bind('C0SOPORTE', 'agent', 'soporte');
    const logged: { url: string }[] = [];
    const { pages } = await typeThePayloads(portalServer(h.p.deps, logged), logged, 'itbx');
    expectEscapedHtml(pages);
    await h.relayAll();

    const posted = h.fake.callsTo('chat.postMessage').map((call) => call.args);
    const updated = h.fake.callsTo('chat.update').map((call) => call.args);
    expect(posted.length).toBeGreaterThanOrEqual(2); // the root card, the customer's message in its thread
    const messages = [...posted, ...updated];
    const texts = messages.flatMap(mrkdwnTexts);
    // No mention, channel ping or link: Slack's markup needs a `<`, and every one arrives as `&lt;`.
    expect(texts.filter((text) => text.includes('<'))).toEqual([]);
    // Unescaped only in the header, a plain_text object (Slack shows it as it is).
    const header = (message: Record<string, unknown>) => (message.blocks as { type: string }[] | undefined)?.[0];
    for (const message of messages) {
      const rest = { ...message, blocks: ((message.blocks ?? []) as unknown[]).slice(1) };
      expect(JSON.stringify(rest)).not.toMatch(/<!channel>|<@U123>|<http:\/\/evil/);
      if (message.blocks) expect(header(message)).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    }
    // The words are still there, as text: the title on the card, the reply's payloads in the thread.
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &lt;@U123&gt;');
    const thread = posted
      .filter((message) => message.thread_ts !== undefined)
      .flatMap(mrkdwnTexts)
      .join('\n');
    expect(thread).toContain('&lt;http://evil|click&gt;');
    expect(thread).toContain('[x](javascript:alert(1))');
    // *bold* would be bold where Slack formats: the customer's words are never in a text it formats.
    const formatted = messages.flatMap(formattedTexts);
    expect(formatted.length).toBeGreaterThan(0);
    expect(formatted.filter((text) => text.includes('*bold*') || text.includes('javascript:'))).toEqual([]);
  });
});

describe('XSS payloads typed into the portal: Teams', () => {
  const teams = useTeams();

  it('are text in the portal’s HTML and in the Adaptive Cards and thread the agents get', async () => {
    await teams.linkTenant();
    await teams.p.customer('itbx', 'acme', { name: 'Acme' });
    await teams.p.contact('itbx', 'acme', 'luis', { name: 'Luis' });
    await teams.post(installed(teams.fake, { channel: AGENTS_CHANNEL }));
    await teams.bind('itbx', AGENTS_CHANNEL, 'agent', 'soporte');
    const logged: { url: string }[] = [];
    const { ref, pages } = await typeThePayloads(portalServer(teams.p.deps, logged), logged, 'itbx');
    expectEscapedHtml(pages);
    for (let pass = 0; pass < 5; pass++) await teams.relay();

    const activities = teams.fake.delivered().map((call) => call.body as Json);
    expect(activities.length).toBeGreaterThanOrEqual(2); // the root card, the customer's message in its thread
    const texts = activities.flatMap(markdownTexts);
    expect(texts.filter(markup)).toEqual([]);
    // Card markup typed as text stays text: no action, element or URL of the payload's in any card.
    const cards = activities.map(cardOf).filter(Boolean);
    expect(JSON.stringify(cards.map((card: Json) => card.actions ?? []))).not.toContain('javascript:');
    expect(JSON.stringify(cards)).not.toMatch(/"type":"Action\.OpenUrl","url":"javascript/);
    // Shown as typed once Teams reads the escapes: the title on the card, the reply's payloads in the thread.
    expect(shown(cardTitle(cards[0])!)).toBe(`${ref} · ${TITLE}`);
    const thread = texts.map(shown).join('\n');
    for (const payload of PAYLOADS) expect(thread).toContain(payload);
  });
});
