import { describe, expect, it } from 'vitest';
import { CARD_FORMS, IBAN_FORMS } from '../../domain/chat/secret-forms.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { bindConversation, everyStoredRow, linkConsole, say, storedRows } from './chat-fixture.ts';

// The 28 forms of card numbers and IBANs that used to slip through (dots, double spaces, IBANs compact or printed),
// each typed into every text an agent command takes (title, description, note, reply by email, escalation reason) and
// by a customer in a DM. Afterwards no form is anywhere in the database: not in the case, its events or the outbox.

const FORMS = [...CARD_FORMS, ...IBAN_FORMS];
/** A form as a search finds it however it was regrouped: its letters and digits only. */
const compact = (form: string) => form.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

describe('card numbers and IBANs are redacted on every chat path before they are stored', () => {
  const p = usePortero();

  // 140 chat turns, each a use case (the openings also acknowledge by email): more than the default 20 s on a busy machine.
  it(`0 of ${FORMS.length} forms stored after commands and a customer's message carried each`, {
    timeout: 60_000,
  }, async () => {
    // jd-services answers customers by email: a reply becomes an outbox row with the text in its body.
    const ana = await p.agent('jd-services', 'ana');
    await p.customer('jd-services', 'acme');
    const luis = await p.contact('jd-services', 'acme', 'luis');
    await linkConsole(p, 'jd-services', 'ana', { personKind: 'agent', personId: ana.id });
    await linkConsole(p, 'jd-services', 'luis', { personKind: 'contact', personId: luis.id });
    await bindConversation(p, 'jd-services', 'agents', 'agent', 'soporte');
    const agent = async (text: string) => {
      const [reply] = (await say(p, { tenant: 'jd-services', user: 'ana', text })).replies;
      expect(reply?.text, text).not.toMatch(/^⚠️/);
      return reply!;
    };

    for (const [i, form] of FORMS.entries()) {
      const ref = `JDS-${i + 1}`;
      const opened = await agent(`case new B luis Cobro doble con ${form}\nEl cliente pagó con ${form} ayer`);
      expect(opened.caseRef).toBe(ref);
      await agent(`case note ${ref} la cuenta es ${form}`);
      await agent(`case reply ${ref} No nos envíe datos como ${form} por correo`);
      await agent(`case escalate ${ref} el cliente insiste con ${form}`);
      const customer = await say(p, { tenant: 'jd-services', user: 'luis', text: `mi tarjeta ${form} no pasa, ayuda` });
      expect(customer.speaker).toBe('customer');
    }

    const rows = (await everyStoredRow(p)).map((row) => row.toLowerCase());
    const stored = FORMS.filter((form) => rows.some((row) => row.includes(form.toLowerCase())));
    const storedCompact = FORMS.filter((form) => rows.some((row) => row.includes(compact(form))));
    expect({ stored, storedCompact }).toEqual({ stored: [], storedCompact: [] });

    // The search looked where the texts are: the markers that replaced the forms are there, in events and outbox.
    const events = await storedRows(p, 'case_events');
    const outbox = await storedRows(p, 'outbox');
    const count = (texts: string[], marker: string) => texts.filter((text) => text.includes(marker)).length;
    expect(count(events, '[REDACTED:card]')).toBeGreaterThanOrEqual(CARD_FORMS.length * 4);
    expect(count(events, '[REDACTED:iban]')).toBeGreaterThanOrEqual(IBAN_FORMS.length * 4);
    const emails = outbox.filter((row) => row.includes('"case.reply"'));
    expect(emails).toHaveLength(FORMS.length);
    expect(count(emails, '[REDACTED:card]')).toBe(CARD_FORMS.length);
    expect(count(emails, '[REDACTED:iban]')).toBe(IBAN_FORMS.length);
    expect(count(outbox, '"case.update"')).toBeGreaterThan(0);
    // The customer's messages were never stored; their audit says which kind of secret was withheld.
    expect(count(events, '"secrets": ["card"]')).toBeGreaterThanOrEqual(CARD_FORMS.length);
    expect(count(events, '"secrets": ["iban"]')).toBeGreaterThanOrEqual(IBAN_FORMS.length);
  });
});
