import { describe, expect, it } from 'vitest';
import {
  AGENTS_CHANNEL,
  cardOf,
  cardTitle,
  installed,
  type Json,
  markdownTexts,
  markup,
  message,
  shown,
  teamsUser,
} from './teams-activities.ts';
import { useTeams } from './teams-harness.ts';

// People's text in everything Teams renders as markdown: the TextBlocks and facts of the cards, and text messages.
// A case titled with a link and bold, and a note that would be a list with a link, reach the fake Bot Connector
// escaped: Teams shows the brackets and asterisks as text, and no link.

const TITLE = '[Reset](https://evil.example) **urgente** <at>Ana</at>';
const NOTE = '- [click](https://evil.example) _ya_';

describe('Teams: case text never becomes a link or formatting', () => {
  const teams = useTeams();
  const ana = teamsUser('ana');

  it('a title and a note with markdown reach Teams escaped, in the answer card, the channel card and the thread', async () => {
    await teams.linkTenant();
    await teams.p.customer('itbx', 'acme', { name: 'ACME S.A.' });
    await teams.linkUser('itbx', ana.aadObjectId, await teams.p.agent('itbx', 'ana'), 'agent');
    await teams.post(installed(teams.fake, { channel: AGENTS_CHANNEL }));
    await teams.bind('itbx', AGENTS_CHANNEL, 'agent', 'soporte');
    const say = async (text: string) =>
      expect((await teams.post(message(teams.fake, { from: ana, text }))).status).toBe(200);

    await say(`case new media acme ${TITLE}`);
    expect((await teams.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', 1)))?.title).toBe(TITLE);
    await teams.relay();
    await say(`case note ITBX-1 ${NOTE}`);
    await say('case list');
    await teams.relay();

    const activities = teams.fake.delivered().map((call) => call.body as Json);
    // Answers to new, note and list; the channel's root card, its update and the thread line for the note.
    expect(activities).toHaveLength(6);
    const texts = activities.flatMap(markdownTexts);
    expect(texts.length).toBeGreaterThanOrEqual(20);
    expect(texts.filter(markup)).toEqual([]);

    // Shown as typed: the title's brackets and asterisks are text.
    const titles = activities.map((activity) => cardTitle(cardOf(activity))).filter(Boolean);
    const card = `ITBX-1 · ${TITLE}`;
    // The answer to new, the channel's root card, the answer to note, the list, the root card updated.
    expect(titles.map((title) => shown(title!))).toEqual([card, card, card, 'Casos (abiertos): 1', card]);
    const thread = activities.find((activity) => activity.textFormat === 'markdown' && activity.text.includes('click'));
    expect(shown(thread.text)).toBe(`nota: ${NOTE}`);
  });
});
