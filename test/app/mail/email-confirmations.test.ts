import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseIncoming } from '../../../adapters/email/parse-incoming.ts';
import { outbox } from '../../../db/schema/outbox.table.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { EmailPayload } from '../../../src/app/mail/customer-mail.ts';
import { receiveMail } from '../../../src/app/mail/receive-mail.ts';
import { simpleMessage } from '../../helpers/mail-fixtures.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// Issue 19, ITBX (seed 001): cases close "con el aval del cliente", asked in PRUEBAS. The request is emailed from the
// tenant's mailbox (the policy takes no email for cases), and the customer's first line answers it.

describe('itbx: the acceptance asked by email in PRUEBAS', () => {
  const p = usePortero();

  async function inTesting() {
    const box = await p.mailbox('itbx', 'soporte@itbx.co');
    const caller = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis', { email: 'luis@acme.example' });
    const marta = await p.contact('itbx', 'acme', 'marta', { email: 'marta@acme.example', reporter: false });
    const other = await p.contact('itbx', 'acme', 'pedro', { email: 'pedro@acme.example', reporter: false });
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Factura' }));
    await p.deps.store.transaction((repos) => repos.followers.add('itbx', opened.id, [marta.id]));
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller, ref, assignee: { kind: 'me' } }));
    for (const state of ['analisis', 'solucion', 'pruebas']) p.ok(await moveCase({ deps: p.deps, caller, ref, state }));
    const requests = (await p.t.db.select().from(outbox).where(eq(outbox.kind, 'case.confirmation_request'))).map(
      (row) => row.payload as unknown as EmailPayload,
    );
    const reply = async (from: string, body: string, id: string) =>
      receiveMail(
        p.deps,
        box,
        await parseIncoming({
          source: simpleMessage({
            from,
            to: 'soporte@itbx.co',
            subject: `Re: ${requests[0]!.subject}`,
            body,
            messageId: id,
            headers: { 'In-Reply-To': requests[0]!.messageId },
          }),
          arrivedAt: p.clock.now(),
        }),
      );
    const record = async () => p.ok(await showCase({ deps: p.deps, caller, ref })).record;
    return { opened, requests, reply, record, other };
  }

  it('asks once on entering PRUEBAS, from the mailbox, to the reporter and the follower, with how to answer', async () => {
    const { opened, requests } = await inTesting();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      from: 'soporte@itbx.co',
      to: ['luis@acme.example'],
      cc: ['marta@acme.example'],
      subject: `[${opened.ref}] Su respuesta: Factura`,
    });
    expect(requests[0]!.body).toContain('espera la aceptación (aval) del cliente');
    expect(requests[0]!.body).toContain('Responda APRUEBO o RECHAZO en la primera línea');
  });

  it('a follower’s "RECHAZO" records the rejection by email; someone neither reporter nor follower is only a message', async () => {
    const { reply, record, other } = await inTesting();
    expect(await reply('pedro@acme.example', 'Apruebo', 'x1@acme.example')).toMatchObject({ outcome: 'replied' });
    expect((await record()).confirmations.acceptance).toBeUndefined();
    const caseId = (await record()).id;
    const events = await p.deps.store.transaction((repos) => repos.events.forCase('itbx', caseId));
    expect(events.find((e) => e.type === 'customer_message')).toMatchObject({
      actor: { kind: 'contact', contactId: other.id },
      data: { text: 'Apruebo' },
    });

    expect(await reply('marta@acme.example', 'RECHAZO\nEl total sale mal.', 'x2@acme.example')).toMatchObject({
      outcome: 'replied',
      reason: 'confirmation:rejected',
    });
    expect((await record()).confirmations.acceptance).toMatchObject({
      decision: 'rejected',
      via: 'email',
      reason: 'El total sale mal.',
    });
  });
});
