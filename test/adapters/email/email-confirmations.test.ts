import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { estimateCase } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { MailboxRecord } from '../../../src/app/mail/mailbox.port.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { testDriver } from '../../helpers/db.ts';
import { imapPass as imapPassOf } from '../../helpers/imap-pass.ts';
import { simpleMessage } from '../../helpers/mail-fixtures.ts';
import { useMailServers } from '../../helpers/mail-servers.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import type { SunkMessage } from '../../helpers/smtp-sink.ts';

// Issue 19: the customer's confirmations by email reply, end to end through a real Dovecot and an SMTP sink. Seed 004
// (OYS): "se entregará estimación de horas necesarias … y se solicitará al cliente la aprobación"; seed 003
// (arcoirisapp): "pasados los 8 días serán descontadas de las horas de consultoría o facturables".

const PASSWORD = 'imap-Secret-confirm-51a7';
const PASSWORD_ENV = 'PORTERO_TEST_CONFIRM_IMAP_PASSWORD';
const OYS = { user: 'soporteoys', password: PASSWORD };
const ARCO = { user: 'soportearco', password: PASSWORD };
const DAY = 86_400_000;

describe(`customers' confirmations by email reply, on ${testDriver()}`, () => {
  const p = usePortero();
  const mail = useMailServers(p, [OYS, ARCO], PASSWORD_ENV);

  const imapPass = (box: MailboxRecord) => imapPassOf(p.deps, box);

  /** Relay passes with the email deliverer until one finds nothing due; what the sink received meanwhile. */
  async function relay(): Promise<SunkMessage[]> {
    const before = mail.sink.messages.length;
    for (let pass = 0; pass < 10; pass++) {
      const done = await relayOnce({
        queue: p.queue,
        deliverers: { email: mail.smtp },
        clock: p.clock,
        random: () => 0.5,
      });
      if (done.delivered + done.retried + done.dead === 0) break;
    }
    return mail.sink.messages.slice(before);
  }

  /** The customer answers `request` with `firstLines` above their client's quote of it. */
  async function answer(
    user: typeof OYS,
    request: SunkMessage,
    from: string,
    to: string,
    firstLines: string,
    id: string,
  ) {
    const quoted = (request.mail.text ?? '')
      .trim()
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await mail.dovecot.append(
      user,
      simpleMessage({
        from,
        to,
        subject: `Re: ${request.mail.subject}`,
        body: `${firstLines}\n\nEl lun, 23 nov 2026, Soporte escribió:\n${quoted}\n`,
        messageId: id,
        headers: { 'In-Reply-To': request.mail.messageId!, References: request.mail.messageId! },
      }),
    );
  }

  it('oys: the estimate is emailed with how to answer; "Apruebo" records the approval, an unclear answer stays a message', async () => {
    const box = await mail.mailbox('oys', 'soporte@oys.example', OYS);
    const caller = p.asAgent('oys', await p.agent('oys', 'ana'));
    await p.customer('oys', 'acme');
    const luis = await p.contact('oys', 'acme', 'luis', { name: 'Luis Gómez', email: 'luis@acme.example' });
    const opened = p.ok(
      await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Nuevo reporte de ventas' }),
    );
    const ref = { number: opened.number };
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'analisis' }));
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'aprobacion' }));
    // Nothing asked yet: in Análisis the closure is asked only if the agent finds it not viable, and in Aprobación
    // there is no estimate to approve until the agent records one.
    expect((await relay()).filter((m) => m.mail.subject?.includes('Su respuesta'))).toEqual([]);
    p.ok(await estimateCase({ deps: p.deps, caller, ref, minutes: 480, note: 'Un informe y su exportación' }));

    // 1. The request: the estimate, the words to answer with, the portal link; from the tenant's mailbox.
    const [request] = (await relay()).filter((m) => m.mail.subject?.startsWith(`[${opened.ref}] Su respuesta`));
    expect(request?.envelope).toEqual({ from: 'soporte@oys.example', to: ['luis@acme.example'] });
    const body = request!.mail.text ?? '';
    expect(body).toContain(
      `El caso ${opened.ref} («Nuevo reporte de ventas») espera la aprobación de la estimación de horas.`,
    );
    expect(body).toContain('Estimación: 8 horas (Un informe y su exportación).');
    expect(body).toContain('Responda APRUEBO o RECHAZO en la primera línea de su respuesta a este correo');
    expect(body).toContain(`http://portero.test/portal/oys/cases/${opened.ref}`);

    // 2. An unclear first line: a plain message, and a note for the agent saying it was not recorded.
    await answer(
      OYS,
      request!,
      'Luis Gómez <luis@acme.example>',
      box.address,
      'Apruebo, pero sin la exportación',
      'a1@acme.example',
    );
    expect((await imapPass(box)).received).toEqual([expect.objectContaining({ outcome: 'replied' })]);
    let record = p.ok(await showCase({ deps: p.deps, caller, ref })).record;
    expect(record.confirmations.approval).toBeUndefined();
    let events = await p.deps.store.transaction((repos) => repos.events.forCase('oys', opened.id));
    expect(events.find((e) => e.type === 'customer_message')?.data.text).toBe('Apruebo, pero sin la exportación');
    expect(String(events.find((e) => e.type === 'note')?.data.text)).toContain(
      'no se ha registrado como la aprobación de la estimación de horas',
    );

    // 3. "Apruebo" on the first line, a comment under it: the approval, by email, from Luis, through the portal's use case.
    await answer(
      OYS,
      request!,
      'Luis Gómez <luis@acme.example>',
      box.address,
      'Apruebo\nAdelante con el informe.',
      'a2@acme.example',
    );
    expect((await imapPass(box)).received).toEqual([
      expect.objectContaining({ outcome: 'replied', reason: 'confirmation:given' }),
    ]);
    record = p.ok(await showCase({ deps: p.deps, caller, ref })).record;
    expect(record.confirmations.approval).toMatchObject({
      decision: 'given',
      via: 'email',
      channel: 'email',
      contactId: luis.id,
      reason: 'Adelante con el informe.',
      estimateMinutes: 480,
    });
    events = await p.deps.store.transaction((repos) => repos.events.forCase('oys', opened.id));
    expect(events.filter((e) => e.type === 'customer_confirmation')).toHaveLength(1);
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'desarrollo' }));
  }, 60_000);

  it('arcoirisapp: a reply on a case past its warranty is told it is billable; "ACEPTO" opens the billable case', async () => {
    p.clock.set(new Date('2026-11-03T15:00:00Z'));
    const box = await mail.mailbox('arcoirisapp', 'soporte@arcoirisapp.example', ARCO);
    const caller = p.asAgent('arcoirisapp', await p.agent('arcoirisapp', 'ana'));
    await p.customer('arcoirisapp', 'tienda');
    await p.contact('arcoirisapp', 'tienda', 'luis', { name: 'Luis', email: 'luis@tienda.example' });
    const opened = p.ok(
      await openCase({
        deps: p.deps,
        caller,
        customer: 'tienda',
        reporter: 'luis',
        title: 'No llegan las notificaciones',
      }),
    );
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller, ref, assignee: { kind: 'me' } }));
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'en-progreso' }));
    p.ok(await closeCase({ deps: p.deps, caller, ref, resolution: 'Se corrigió el envío' }));
    p.clock.advance(9 * DAY);

    await mail.dovecot.append(
      ARCO,
      simpleMessage({
        from: 'Luis <luis@tienda.example>',
        to: box.address,
        subject: `[${opened.ref}] Otra vez sin notificaciones`,
        // A yes before any notice was sent is no acceptance: the customer has not been told the work is billable.
        body: 'Sí\nDesde ayer no llegan otra vez.',
        messageId: 'b1@tienda.example',
      }),
    );
    expect((await imapPass(box)).received).toEqual([
      expect.objectContaining({ outcome: 'refused', reason: 'case.billable_confirmation_required' }),
    ]);
    const [notice] = await relay();
    expect(notice?.mail.subject).toBe(`[${opened.ref}] Trabajo facturable: Otra vez sin notificaciones`);
    expect(notice?.mail.text).toContain('La garantía de 8 días del caso ARCO-1 terminó el 2026-11-11');
    expect(notice?.mail.text).toContain('Si lo acepta, responda ACEPTO en la primera línea');
    expect(notice?.mail.text).not.toContain('/case');

    await answer(
      ARCO,
      notice!,
      'Luis <luis@tienda.example>',
      box.address,
      'Acepto\nDesde ayer no llegan otra vez.',
      'b2@tienda.example',
    );
    expect((await imapPass(box)).received).toEqual([
      expect.objectContaining({ outcome: 'replied', caseRef: 'ARCO-2', reason: 'new-request' }),
    ]);
    const billable = p.ok(await showCase({ deps: p.deps, caller, ref: { number: 2 } })).record;
    expect(billable).toMatchObject({
      billable: true,
      aboutRef: 'ARCO-1',
      description: 'ARCO-1\nDesde ayer no llegan otra vez.',
    });
  }, 60_000);
});
