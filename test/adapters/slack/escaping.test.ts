import { describe, expect, it } from 'vitest';
import { mrkdwnTexts } from '../../helpers/fake-slack-api.ts';
import { slashCommand } from '../../helpers/slack-signing.ts';
import { useSlack } from './slack-harness.ts';

// People's text in everything Slack reads as mrkdwn: the top-level `text` of chat.postMessage, chat.update and the
// response_url answers (what notifications show), and the mrkdwn of the blocks. A title that pings the channel and
// hides a link, and a note that mentions people, reach the fake Web API as text: no `<` survives anywhere.

const CHANNEL = 'C0CRITICO';
const TITLE = '<!channel> <https://evil.example|Reset your password>';
const NOTE = '<!here> <@U0BOSS> [Reset](https://evil.example) & <#C0GENERAL>';
/** How Slack sends what a person typed in a slash command: &, < and > escaped. */
const typed = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('Slack: case text never becomes a mention or a link', () => {
  const h = useSlack();

  it('a title and a note with mentions and masked links reach Slack escaped, in answers, cards and thread lines', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme', { name: 'Acme' });
    await h.bind(CHANNEL, 'agent', 'soporte-critico');
    const command = async (text: string) => {
      const key = `${text}#${h.fake.responses.length}`;
      await h.deliver(slashCommand({ text, user: 'UANA', responseUrl: h.fake.responseUrl(key) }));
      return h.fake.responsesTo(key);
    };

    const opened = await command(`new alta acme ${typed(TITLE)}`);
    expect((await h.caseNumber(1))?.title).toBe(TITLE);
    await h.relayAll();
    const noted = await command(`note ITBX-1 ${typed(NOTE)}`);
    const shown = await command('show ITBX-1');
    const listed = await command('list');
    await h.relayAll();

    const posted = h.fake.callsTo('chat.postMessage').map((call) => call.args);
    const updated = h.fake.callsTo('chat.update').map((call) => call.args);
    expect(posted).toHaveLength(2); // the root card, then the note's thread line
    expect(updated).toHaveLength(1);
    const messages = [...opened, ...noted, ...shown, ...listed, ...posted, ...updated];
    const texts = messages.flatMap(mrkdwnTexts);
    expect(texts.length).toBeGreaterThanOrEqual(20);
    expect(texts.filter((text) => text.includes('<'))).toEqual([]);

    // The words are still there, as text: notifications show the title as it was typed.
    const fallbacks = messages.map((message) => String(message.text));
    const withTitle = fallbacks.filter((text) =>
      text.includes('&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt;'),
    );
    // Every answer (new, note, show, list) and the card posted and updated; the thread line carries the note.
    expect([messages.length, withTitle.length]).toEqual([7, 6]);
    expect(String(posted[1]?.text)).toBe(
      'nota: &lt;!here&gt; &lt;@U0BOSS&gt; [Reset](https://evil.example) &amp; &lt;#C0GENERAL&gt;',
    );
  });
});
