import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseIncoming } from '../../../adapters/email/parse-incoming.ts';
import {
  caseAttachments,
  caseEvents,
  caseFollowers,
  cases,
  contacts,
  mailIntake,
  outbox,
} from '../../../db/schema/index.ts';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { cancelCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { caseDetail } from '../../../src/app/chat/case-detail.ts';
import type { EmailPayload } from '../../../src/app/mail/customer-mail.ts';
import { queueCustomerEmail } from '../../../src/app/mail/customer-mail.ts';
import type { IncomingMail } from '../../../src/app/mail/incoming-mail.ts';
import type { MailboxRecord } from '../../../src/app/mail/mailbox.port.ts';
import { mintMessageId } from '../../../src/app/mail/message-id.ts';
import { receiveMail } from '../../../src/app/mail/receive-mail.ts';
import { createPolicyBook } from '../../../src/app/policy/policy-book.ts';
import { fixtureMail, simpleMessage } from '../../helpers/mail-fixtures.ts';
import { TEST_SIGNING_KEY, usePortero } from '../../helpers/portero-fixture.ts';

// The email door, message by message, on the real database: each policy's rule, threading, loops and bounces.

const ARRIVED = new Date('2026-11-23T09:00:00Z');

describe('the email door', () => {
  const p = usePortero();
  const boxes: Record<string, MailboxRecord> = {};
  let agent: Caller;

  async function mailbox(tenantId: string, address: string) {
    const row = await p.mailbox(tenantId, address);
    boxes[address] = row;
    return row;
  }

  beforeEach(async () => {
    await p.customer('jd-services', 'acme');
    await p.contact('jd-services', 'acme', 'ana', { email: 'Ana@acme.example' });
    await p.contact('jd-services', 'acme', 'luis', { email: 'luis@acme.example' });
    agent = p.asAgent('jd-services', await p.agent('jd-services', 'marta'));
    await mailbox('jd-services', 'soporte-b@jd-services.eu');
  });

  const receive = (mail: IncomingMail, address = 'soporte-b@jd-services.eu', maxMessageBytes?: number) =>
    receiveMail(p.deps, boxes[address]!, mail, maxMessageBytes ? { maxMessageBytes } : {});
  const fixture = (name: string, fill: Record<string, string> = {}) => fixtureMail(name, fill, ARRIVED);
  const message = (fields: Parameters<typeof simpleMessage>[0]) =>
    parseIncoming({ source: simpleMessage(fields), arrivedAt: ARRIVED });
  const emails = async () =>
    (await p.t.db.select().from(outbox).where(eq(outbox.target, 'email'))).map(
      (row) => row.payload as unknown as EmailPayload,
    );
  const caseRow = async (ref: string) => (await p.t.db.select().from(cases).where(eq(cases.ref, ref)))[0]!;
  const eventsOf = async (caseId: string) =>
    p.t.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);

  /** A case opened by email, and the Message-ID of an email Portero sent on it (what a reply answers). */
  async function openedCase() {
    const opened = await receive(await fixture('new-request-es.eml'));
    const record = await caseRow(opened.caseRef!);
    const queued = await p.deps.store.transaction((repos) =>
      queueCustomerEmail(repos, TEST_SIGNING_KEY, {
        tenantId: 'jd-services',
        caseId: record.id,
        caseRef: record.ref,
        kind: 'case.reply',
        dedupKey: `test:${record.ref}`,
        from: 'soporte-b@jd-services.eu',
        to: ['ana@acme.example'],
        subject: record.title,
        body: '¿Puede enviarnos una captura?',
        language: 'es',
        at: ARRIVED,
      }),
    );
    if (!queued.queued) throw new Error('the test email was not queued');
    return { record, sent: queued.messageId };
  }

  describe('a new request', () => {
    it('opens a case: reporter the sender, followers the known Cc, priority from the address, SLA from arrival', async () => {
      const received = await receive(await fixture('new-request-es.eml'));
      expect(received).toMatchObject({ outcome: 'opened', caseRef: 'JDS-1' });
      const record = await caseRow('JDS-1');
      expect(record).toMatchObject({ priority: 'B', openedVia: 'email', title: 'La factura de noviembre no carga' });
      expect(record.openedAt.toISOString()).toBe(ARRIVED.toISOString());
      // The password in the body never reaches the database; the case records that it was redacted.
      expect(record.description).toContain('error 500');
      expect(record.description).not.toContain('Hx9#kL2!pQ7z');
      const [opened] = await eventsOf(record.id);
      expect(opened!.data).toMatchObject({ redactions: [{ kind: 'password', count: 1 }] });
      const followers = await p.t.db.select().from(caseFollowers).where(eq(caseFollowers.caseId, record.id));
      const luis = await p.t.db.select().from(contacts).where(eq(contacts.handle, 'luis'));
      expect(followers.map((row) => row.contactId)).toEqual([luis[0]!.id]);
      const files = await p.t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, record.id));
      expect(files).toMatchObject([{ name: 'captura.png', contentType: 'image/png', size: 70 }]);
      const known = await p.deps.store.transaction((repos) =>
        repos.mailMessages.caseOf('jd-services', ['new-request-1@acme.example']),
      );
      expect(known).toBe(record.id);
    });

    it('takes each message once: the same one again is a duplicate, with or without a Message-ID', async () => {
      await receive(await fixture('new-request-es.eml'));
      expect(await receive(await fixture('new-request-es.eml'))).toEqual({ outcome: 'duplicate' });
      const first = await receive(await fixture('no-message-id.eml'));
      expect(first.outcome).toBe('opened');
      expect(await receive(await fixture('no-message-id.eml'))).toEqual({ outcome: 'duplicate' });
      expect(await p.t.db.select().from(cases)).toHaveLength(2);
      const keys = (await p.t.db.select().from(mailIntake)).map((row) => row.messageKey);
      expect(keys.some((key) => /^sha256:[0-9a-f]{64}$/.test(key))).toBe(true);
    });

    it('takes the most severe policy address it was sent to (jd-services: soporte-a → A)', async () => {
      const mail = await message({
        from: 'ana@acme.example',
        to: 'soporte-c@jd-services.eu, soporte-a@jd-services.eu',
        subject: 'Caída total del ERP',
        body: 'No funciona nada desde las 9:00.',
        messageId: 'prio-a@acme.example',
      });
      expect(await receive(mail)).toMatchObject({ outcome: 'opened' });
      expect((await caseRow('JDS-1')).priority).toBe('A');
      const viaDelivered = await message({
        from: 'ana@acme.example',
        to: 'lista-interna@acme.example',
        subject: 'Consulta menor',
        body: 'Una duda sobre un informe.',
        messageId: 'prio-c@acme.example',
        headers: { 'Delivered-To': 'soporte-c@jd-services.eu' },
      });
      await receive(viaDelivered);
      expect((await caseRow('JDS-2')).priority).toBe('C');
    });

    it('reads HTML-only mail, ISO-8859-1, windows-1252 and encoded-word subjects', async () => {
      await receive(await fixture('html-only-es.eml'));
      await receive(await fixture('iso-8859-1-es.eml'));
      await receive(await fixture('windows-1252-es.eml'));
      await receive(await fixture('encoded-word-subject.eml'));
      const rows = await p.t.db.select().from(cases).orderBy(cases.number);
      expect(rows[0]!.description).toContain('Desde esta mañana no puedo entrar al portal.');
      expect(rows[0]!.description).not.toContain('color:red');
      expect(rows[1]!.title).toBe('Configuración del módulo de nóminas');
      expect(rows[1]!.description).toContain('¿pueden revisarlo?');
      expect(rows[2]!.description).toContain('“El importe” sale 100€ más alto – revisen');
      expect(rows[3]!.title).toBe('Error al exportar informes — urgente');
    });

    it('flags, never refuses, a message in another language than the policy’s', async () => {
      await receive(
        await message({
          from: 'ana@acme.example',
          to: 'soporte-b@jd-services.eu',
          subject: 'The invoice page does not load',
          body: 'Hello, since this morning the invoice page shows an error when we open it. Could you please check it?',
          messageId: 'english@acme.example',
        }),
      );
      expect(await caseRow('JDS-1')).toMatchObject({ languageFlagged: true, language: 'en' });
    });

    it('opens a new case, flagged as possibly related, for a reply whose subject lost its tag and headers', async () => {
      await receive(await fixture('new-request-es.eml'));
      const reply = await message({
        from: 'ana@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'RE: Otra pregunta sobre la factura',
        body: 'Y además el PDF sale en blanco.',
        messageId: 'changed-subject@acme.example',
      });
      expect(await receive(reply)).toMatchObject({ outcome: 'opened', caseRef: 'JDS-2' });
      // A field of the case (never a merge), which the card and `case show` name.
      expect((await caseRow('JDS-2')).possiblyRelatedCaseId).toBe((await caseRow('JDS-1')).id);
      expect((await caseRow('JDS-1')).possiblyRelatedCaseId).toBeNull();
      const view = p.ok(await showCase({ deps: p.deps, caller: agent, ref: { number: 2 } }));
      expect(view.snapshot.possiblyRelated).toBe('JDS-1');
      const card = caseDetail(view, {
        locale: 'es',
        zone: 'Europe/Madrid',
        pageCommand: (page) => `/case show JDS-2 page ${page}`,
      });
      expect(card.fields).toContainEqual({ label: 'Posiblemente relacionado con', value: 'JDS-1' });
      expect(card.text).toContain('Posiblemente relacionado con: JDS-1');
      // A new request with an unrelated subject is related to nothing.
      const plain = await message({
        from: 'ana@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Alta de un usuario',
        body: 'Necesitamos un usuario nuevo.',
        messageId: 'plain@acme.example',
      });
      expect(await receive(plain)).toMatchObject({ outcome: 'opened', caseRef: 'JDS-3' });
      expect((await caseRow('JDS-3')).possiblyRelatedCaseId).toBeNull();
    });
  });

  describe('a text over the free-text limit', () => {
    const long = (last: string) =>
      `${Array.from({ length: 400 }, (_, i) => `Línea ${i} del registro: el servicio devolvió error 500.`).join('\n')}\n${last}`;

    it('opens the case with the text cut at the limit, and keeps the whole text (secrets redacted) as a file', async () => {
      const body = long('Final del registro. contraseña: Hx9#kL2!pQ7z');
      expect(body.length).toBeGreaterThan(10_000);
      const mail = await message({
        from: 'ana@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Registro completo del error',
        body,
        messageId: 'long@acme.example',
      });
      expect(await receive(mail)).toMatchObject({ outcome: 'opened', caseRef: 'JDS-1' });
      const record = await caseRow('JDS-1');
      expect(record.description.length).toBeLessThanOrEqual(10_000);
      expect(record.description).toMatch(/\n… \(texto completo adjunto\)$/);
      expect(record.description.startsWith('Línea 0 del registro')).toBe(true);
      const [file] = await p.t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, record.id));
      expect(file).toMatchObject({ name: 'texto-completo.txt', contentType: 'text/plain; charset=utf-8' });
      const text = Buffer.from(file!.content).toString('utf8');
      expect(text).toContain('Línea 399 del registro');
      expect(text).toContain('Final del registro.');
      expect(text).not.toContain('Hx9#kL2!pQ7z');
    });

    it('a reply over the limit lands on its case the same way', async () => {
      const { record, sent } = await openedCase();
      const reply = await message({
        from: 'ana@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: `RE: [${record.ref}] La factura`,
        body: long('Fin.'),
        messageId: 'long-reply@acme.example',
        headers: { 'In-Reply-To': `<${sent}>` },
      });
      expect(await receive(reply)).toMatchObject({ outcome: 'replied', caseRef: record.ref });
      const last = (await eventsOf(record.id)).at(-1)!;
      expect(String(last.data.text)).toMatch(/… \(texto completo adjunto\)$/);
      const files = await p.t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, record.id));
      expect(files.map((f) => f.name)).toContain('texto-completo.txt');
    });
  });

  describe('threading a reply to its case', () => {
    it.each([
      ['gmail-reply-es.eml', 'Ya he probado a borrar la caché y sigue sin cargar.'],
      ['thunderbird-reply-es.eml', 'Ahora funciona después de reiniciar el servidor.'],
      ['apple-mail-reply-es.eml', 'Sigue igual, os llamo luego.'],
    ])('by In-Reply-To/References (%s), its quoted history trimmed', async (name, text) => {
      const { record, sent } = await openedCase();
      // A subject tag of another case must not win over the headers.
      const received = await receive(await fixture(name, { CASE: 'JDS-99', REPLY_TO_ID: sent }));
      expect(received).toMatchObject({ outcome: 'replied', caseRef: record.ref });
      const last = (await eventsOf(record.id)).at(-1)!;
      expect(last).toMatchObject({ type: 'customer_message', data: { text } });
    });

    it.each([
      ['outlook-reply-es.eml', 'Adjunto la captura del error que aparece al abrir la factura.\n\nSaludos,\nAna'],
      ['outlook-forward-rv-es.eml', 'Reenvío lo que nos dijo el proveedor del certificado.'],
    ])('by the subject tag (%s), past RE:, RV:, AW:, RE[2]:', async (name, text) => {
      const { record } = await openedCase();
      const received = await receive(await fixture(name, { CASE: record.ref }));
      expect(received).toMatchObject({ outcome: 'replied', caseRef: record.ref });
      const last = (await eventsOf(record.id)).at(-1)!;
      expect(last).toMatchObject({ type: 'customer_message', data: { text } });
      expect(await p.t.db.select().from(cases)).toHaveLength(1);
    });
  });

  describe('refused at the door, with one reply saying why', () => {
    async function refusedWith(mail: IncomingMail, words: RegExp, options: { max?: number } = {}) {
      const received = await receive(mail, 'soporte-b@jd-services.eu', options.max);
      expect(received).toMatchObject({ outcome: 'refused', replied: true });
      expect(await p.t.db.select().from(cases)).toHaveLength(0);
      const [reply] = await emails();
      expect(reply).toMatchObject({ to: [mail.from], from: 'soporte-b@jd-services.eu', automatic: true });
      expect(reply!.body).toMatch(words);
      return received;
    }

    it('an unknown sender: how to get registered; audited', async () => {
      const mail = await message({
        from: 'extraño@otra.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Ayuda',
        body: 'No funciona.',
        messageId: 'unknown@otra.example',
      });
      await refusedWith(mail, /su propia cuenta de correo profesional/);
      const audit = await p.t.db.select().from(caseEvents).where(eq(caseEvents.type, 'refused'));
      expect(audit).toMatchObject([{ tenantId: 'jd-services', data: { code: 'mail.unknown_sender' } }]);
    });

    it('a shared mailbox: a contact flagged so, or a role address', async () => {
      await p.contact('jd-services', 'acme', 'info', { email: 'info@acme.example' });
      const mail = await message({
        from: 'info@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Incidencia',
        body: 'El ERP no arranca.',
        messageId: 'role@acme.example',
      });
      await refusedWith(mail, /buzones compartidos/);
      await p.t.db.update(contacts).set({ sharedMailbox: true }).where(eq(contacts.handle, 'luis'));
      const flagged = await message({
        from: 'luis@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Incidencia',
        body: 'El ERP no arranca.',
        messageId: 'flagged@acme.example',
      });
      expect(await receive(flagged)).toMatchObject({ outcome: 'refused', reason: 'mail.shared_mailbox' });
    });

    it.each(['smime-encrypted.eml', 'pgp-encrypted.eml'])(
      'encrypted mail (%s): resend it unencrypted',
      async (name) => {
        await refusedWith(await fixture(name), /vuelva a enviarlo sin cifrar/);
      },
    );

    it('a message over the size cap', async () => {
      await refusedWith(await fixture('over-size-cap.eml'), /tamaño máximo que aceptamos \(49 KB, con sus adjuntos\)/, {
        max: 50_000,
      });
    });

    it('a sender who is not an authorised reporter: the same refusal as chat and the CLI', async () => {
      await p.contact('jd-services', 'acme', 'becario', { email: 'becario@acme.example', reporter: false });
      const mail = await message({
        from: 'becario@acme.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Incidencia',
        body: 'El ERP no arranca.',
        messageId: 'not-reporter@acme.example',
      });
      const received = await refusedWith(mail, /no es un usuario autorizado para reportar casos/);
      expect(received.reason).toBe('policy.not_a_reporter');
    });
  });

  describe('each policy’s door', () => {
    it('arcoirisapp takes no email: the form instead, once per window; a reply on a case thread still lands', async () => {
      await mailbox('arcoirisapp', 'soporte@arcoirisapp.co');
      await p.customer('arcoirisapp', 'tienda');
      const contact = await p.contact('arcoirisapp', 'tienda', 'sofia', { email: 'sofia@tienda.example' });
      const ask = (id: string) =>
        message({
          from: 'sofia@tienda.example',
          to: 'soporte@arcoirisapp.co',
          subject: 'No carga el inventario',
          body: 'Desde ayer no carga.',
          messageId: id,
        });
      const first = await receive(await ask('arco-1@tienda.example'), 'soporte@arcoirisapp.co');
      expect(first).toMatchObject({ outcome: 'redirected', replied: true });
      const [reply] = await emails();
      expect(reply!.body).toMatch(/no se reciben/);
      expect(reply!.body).toContain('Formulario de nuevo tiquete de soporte');
      const second = await receive(await ask('arco-2@tienda.example'), 'soporte@arcoirisapp.co');
      expect(second).toMatchObject({ outcome: 'refused', reason: 'no-email:within-window' });
      expect(await emails()).toHaveLength(1);
      // A case opened in the form, answered by email: the reply lands on it.
      const { openCase } = await import('../../../src/app/cases/open-case.ts');
      const opened = p.ok(
        await openCase({
          deps: p.deps,
          caller: { ...p.asContact('arcoirisapp', contact), channel: 'form' },
          customer: 'tienda',
          title: 'Inventario',
        }),
      );
      const answer = await message({
        from: 'sofia@tienda.example',
        to: 'soporte@arcoirisapp.co',
        subject: `RE: [${opened.ref}] Inventario`,
        body: 'Les adjunto lo que piden.',
        messageId: 'arco-3@tienda.example',
      });
      expect(await receive(answer, 'soporte@arcoirisapp.co')).toMatchObject({
        outcome: 'replied',
        caseRef: opened.ref,
      });
    });

    it('crosspoint365 in implementation: no case, Azure DevOps instead', async () => {
      await mailbox('crosspoint365', 'soporte@crosspoint365.com');
      await p.customer('crosspoint365', 'nuevo', { projectPhase: 'implementation' });
      await p.contact('crosspoint365', 'nuevo', 'pablo', { email: 'pablo@nuevo.example' });
      const mail = await message({
        from: 'pablo@nuevo.example',
        to: 'soporte@crosspoint365.com',
        subject: 'Bug en la integración',
        body: 'La sincronización falla.',
        messageId: 'cp-1@nuevo.example',
      });
      const received = await receive(mail, 'soporte@crosspoint365.com');
      expect(received).toMatchObject({ outcome: 'refused', reason: 'case.wrong_channel_for_phase', replied: true });
      const [reply] = await emails();
      expect(reply!.body).toContain('Azure DevOps');
    });

    it('a policy taking email with a monthly quota and reporter rights refuses by email, saying why, audited', async () => {
      // No preset takes new cases by email and has a quota or a reporter cap (arcoirisapp and itbx take the form and
      // the portal): jd-services is given arcoirisapp's kind of quota and itbx's kind of cap for this test.
      const jd = p.policies.policy('jd-services')!;
      const limited = { ...jd, rules: { ...jd.rules, monthlyQuota: { standard: 1 }, maxReportersPerCustomer: 2 } };
      p.deps.policies = createPolicyBook(
        ['crosspoint365', 'itbx', 'arcoirisapp', 'oys'].map((id) => p.policies.policy(id)!).concat(limited),
      );
      const request = (from: string, id: string) =>
        message({ from, to: 'soporte-b@jd-services.eu', subject: 'No carga', body: 'Error 500.', messageId: id });

      expect(await receive(await request('ana@acme.example', 'q-1@acme.example'))).toMatchObject({ outcome: 'opened' });
      const second = await receive(await request('ana@acme.example', 'q-2@acme.example'));
      expect(second).toMatchObject({ outcome: 'refused', reason: 'policy.quota_exceeded', replied: true });
      const quotaReply = (await emails()).at(-1)!;
      expect(quotaReply.to).toEqual(['ana@acme.example']);
      expect(quotaReply.body).toContain('1 de los 1');

      // A third person of acme: ana and luis are its two reporters, so olga is registered without reporting rights
      // (itbx: "máximo 2 usuarios"), and her email is refused at the door with the same code as chat and the CLI.
      const olga = await p.contact('jd-services', 'acme', 'olga', { email: 'olga@acme.example', reporter: false });
      expect(olga.isReporter).toBe(false);
      const third = await receive(await request('olga@acme.example', 'r-2@acme.example'));
      expect(third).toMatchObject({ outcome: 'refused', reason: 'policy.not_a_reporter', replied: true });
      const capReply = (await emails()).at(-1)!;
      expect(capReply.to).toEqual(['olga@acme.example']);
      expect(capReply.body).toContain('no es un usuario autorizado para reportar casos');
      const refusals = await p.t.db.select().from(caseEvents).where(eq(caseEvents.type, 'refused'));
      expect(refusals.map((event) => (event.data as { code: string }).code)).toEqual(
        expect.arrayContaining(['policy.quota_exceeded', 'policy.not_a_reporter']),
      );
      expect(await p.t.db.select().from(cases)).toHaveLength(1);
    });

    it('jd-services, a reply on a closed case: "open a new case"; a mere thank-you gets no answer', async () => {
      const { record, sent } = await openedCase();
      p.ok(await cancelCase({ deps: p.deps, caller: agent, ref: { number: record.number }, reason: 'duplicado' }));
      const before = (await emails()).length;
      const thanks = await receive(await fixture('thanks-es.eml', { CASE: record.ref, REPLY_TO_ID: sent }));
      expect(thanks).toMatchObject({ outcome: 'ignored', reason: 'thanks-on-closed-case' });
      expect(await emails()).toHaveLength(before);
      const more = await receive(await fixture('gmail-reply-es.eml', { CASE: record.ref, REPLY_TO_ID: sent }));
      expect(more).toMatchObject({ outcome: 'refused', replied: true });
      const reply = (await emails()).at(-1)!;
      expect(reply.body).toMatch(/está cerrado .*abra un caso nuevo/);
      expect(reply.subject).toContain(`[${record.ref}]`);
      expect((await caseRow(record.ref)).isOpen).toBe(false);
    });

    it('crosspoint365, a reply on a closed case reopens it (its rule: always)', async () => {
      await mailbox('crosspoint365', 'soporte@crosspoint365.com');
      await p.customer('crosspoint365', 'vivo', { projectPhase: 'production' });
      await p.contact('crosspoint365', 'vivo', 'eva', { email: 'eva@vivo.example' });
      const cpAgent = p.asAgent('crosspoint365', await p.agent('crosspoint365', 'jon'));
      const open = await receive(
        await message({
          from: 'eva@vivo.example',
          to: 'soporte@crosspoint365.com',
          subject: 'El informe mensual no cuadra',
          body: 'Los totales no coinciden con el ERP.',
          messageId: 'cp-open@vivo.example',
        }),
        'soporte@crosspoint365.com',
      );
      const ref = open.caseRef!;
      p.ok(await cancelCase({ deps: p.deps, caller: cpAgent, ref: { number: Number(ref.split('-')[1]) } }));
      const again = await receive(
        await message({
          from: 'eva@vivo.example',
          to: 'soporte@crosspoint365.com',
          subject: `RE: [${ref}] El informe mensual no cuadra`,
          body: 'Vuelve a pasar este mes.',
          messageId: 'cp-again@vivo.example',
        }),
        'soporte@crosspoint365.com',
      );
      expect(again).toMatchObject({ outcome: 'replied', reason: 'reopened' });
      expect(await caseRow(ref)).toMatchObject({ isOpen: true, reopenCount: 1 });
    });
  });

  describe('loops and bounces', () => {
    const unknown = (headers: Record<string, string>, from = 'robot@otra.example') =>
      message({
        from,
        to: 'soporte-b@jd-services.eu',
        subject: 'Aviso',
        body: 'Mensaje automático.',
        messageId: `loop-${Object.keys(headers).join('-') || from}@otra.example`,
        headers,
      });

    it.each([
      [{ 'Auto-Submitted': 'auto-generated' }],
      [{ Precedence: 'bulk' }],
      [{ Precedence: 'junk' }],
      [{ 'X-Autoreply': 'yes' }],
      [{ 'X-Loop': 'soporte@otra.example' }],
      [{ 'List-Id': '<avisos.otra.example>' }],
      [{ 'Return-Path': '<>' }],
    ])('never answers a robot: %o', async (headers) => {
      expect(await receive(await unknown(headers))).toMatchObject({ outcome: 'ignored' });
      expect(await emails()).toHaveLength(0);
      expect(await p.t.db.select().from(cases)).toHaveLength(0);
    });

    it.each([
      'mailer-daemon@mx.otra.example',
      'postmaster@otra.example',
      'no-reply@otra.example',
      'noreply@otra.example',
    ])('never answers %s', async (from) => {
      expect(await receive(await unknown({}, from))).toMatchObject({ outcome: 'ignored', reason: 'robot-sender' });
      expect(await emails()).toHaveLength(0);
    });

    it('never answers a mailing list (fixture) nor Portero’s own signed mail', async () => {
      expect(await receive(await fixture('mailing-list.eml'))).toMatchObject({ outcome: 'ignored' });
      const own = mintMessageId(TEST_SIGNING_KEY, 'echo', 'jd-services.eu');
      expect(
        await receive(
          await unknown({}, 'someone@otra.example').then((m) => ({ ...m, messageId: own, key: `id:${own}` })),
        ),
      ).toMatchObject({
        outcome: 'ignored',
        reason: 'own-message',
      });
      expect(await emails()).toHaveLength(0);
    });

    it.each(['postfix-bounce.eml', 'exchange-bounce.eml'])(
      'a bounce (%s) is a note on its case and marks the address; no case, no reply',
      async (name) => {
        const { record, sent } = await openedCase();
        const before = (await emails()).length;
        const received = await receive(
          await fixture(name, { CASE: record.ref, TO: 'ana@acme.example', BOUNCED_ID: sent }),
        );
        expect(received).toMatchObject({ outcome: 'note', caseRef: record.ref, reason: 'bounce' });
        const last = (await eventsOf(record.id)).at(-1)!;
        expect(last).toMatchObject({ type: 'note', data: { text: expect.stringContaining('ana@acme.example') } });
        const [ana] = await p.t.db
          .select()
          .from(contacts)
          .where(and(eq(contacts.handle, 'ana')));
        expect(ana!.emailBouncingAt).not.toBeNull();
        expect(await emails()).toHaveLength(before);
        expect(await p.t.db.select().from(cases)).toHaveLength(1);
      },
    );

    it.each(['out-of-office-auto-submitted.eml', 'out-of-office-plain.eml'])(
      'an out-of-office reply (%s) is a note, never a case, never an answer',
      async (name) => {
        const { record, sent } = await openedCase();
        const before = (await emails()).length;
        const received = await receive(await fixture(name, { CASE: record.ref, REPLY_TO_ID: sent }));
        expect(received).toMatchObject({ outcome: 'note', caseRef: record.ref, reason: 'out-of-office' });
        expect(await emails()).toHaveLength(before);
        expect(await p.t.db.select().from(cases)).toHaveLength(1);
        const events = await eventsOf(record.id);
        expect(events.filter((event) => event.type === 'customer_message')).toHaveLength(0);
      },
    );
  });
});
