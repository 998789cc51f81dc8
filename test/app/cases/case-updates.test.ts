import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import {
  addNote,
  assignCase,
  escalateCase,
  replyToCustomer,
  setPriority,
} from '../../../src/app/cases/case-updates.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { countRows, eventRows, outboxRows } from './case-rows.ts';

// Assign, note, reply, priority and escalation: each one transaction writing the case row, one audit event and the
// outgoing messages it implies.

describe('case updates', () => {
  const p = usePortero();
  let ana: Caller;

  async function openFor(tenant: string, input: { priority?: string; reporter?: string } = {}) {
    ana = p.asAgent(tenant, await p.agent(tenant, 'ana', { name: 'Ana Ruiz' }));
    await p.agent(tenant, 'eva', { name: 'Eva Gil' });
    await p.customer(tenant, 'acme', { name: 'ACME S.A.' });
    await p.contact(tenant, 'acme', 'luis', { email: 'luis@acme.test' });
    await p.contact(tenant, 'acme', 'marta', { email: 'marta@acme.test' });
    return p.ok(
      await openCase({
        deps: p.deps,
        caller: ana,
        customer: 'acme',
        reporter: 'luis',
        title: 'Informe vacío',
        ...input,
      }),
    );
  }

  it('assigns to me, to a handle, or refuses an agent the tenant does not have', async () => {
    const opened = await openFor('itbx');
    const ref = { number: opened.number };
    const mine = p.ok(await assignCase({ deps: p.deps, caller: ana, ref, assignee: { kind: 'me' } }));
    const eva = p.ok(
      await assignCase({ deps: p.deps, caller: ana, ref, assignee: { kind: 'handle', handle: '@EVA' } }),
    );
    expect(eva.assigneeId).not.toBe(mine.assigneeId);
    expect(p.ok(await showCase({ deps: p.deps, caller: ana, ref })).snapshot.assignee).toBe('Eva Gil');
    const foreign = await p.agent('oys', 'olga');
    expect(
      await assignCase({ deps: p.deps, caller: ana, ref, assignee: { kind: 'agent', agentId: foreign.id } }),
    ).toEqual({
      ok: false,
      error: { code: 'case.agent_not_found', params: { agent: foreign.id, caseId: opened.id } },
    });
    const events = await eventRows(p.t.db, 'itbx');
    expect(events.map((e) => [e.type, e.data.summary])).toEqual([
      ['opened', 'ITBX-1 Informe vacío'],
      ['acknowledged', 'ITBX-1: Caso recibido: Informe vacío'],
      ['assigned', '→ Ana Ruiz'],
      ['assigned', '→ Eva Gil'],
      ['refused', 'assign: case.agent_not_found'],
    ]);
    expect(events[3]!.data).toMatchObject({ from: mine.assigneeId, to: eva.assigneeId });
  });

  it('an internal note is an audit event only: no message leaves, the case keeps its dues', async () => {
    const opened = await openFor('itbx');
    p.clock.advance(60_000);
    const noted = p.ok(
      await addNote({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: '  Revisar el job nocturno  ' }),
    );
    expect(noted.sla).toEqual(opened.sla);
    expect(noted.version).toBe(opened.version + 1);
    expect((await eventRows(p.t.db, 'itbx')).at(-1)).toMatchObject({
      type: 'note',
      data: { text: 'Revisar el job nocturno', redactions: [] },
    });
    expect(await countRows(p.t.db, 'outbox')).toBe(0);
    expect(await addNote({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'case.empty_text', params: { field: 'text' } },
    });
  });

  it('a reply is queued as an email to the reporter, from the address of the case’s priority (jd-services)', async () => {
    const opened = await openFor('jd-services', { priority: 'B', reporter: 'luis' });
    p.ok(
      await replyToCustomer({
        deps: p.deps,
        caller: ana,
        ref: { number: opened.number },
        text: 'Hemos reiniciado el servicio.',
      }),
    );
    const replies = async () => (await outboxRows(p.t.db, 'jd-services')).filter((row) => row.kind === 'case.reply');
    expect(await replies()).toEqual([
      {
        target: 'email',
        destination: 'luis@acme.test',
        kind: 'case.reply',
        dedupKey: `case.reply:${opened.id}:1`,
        payload: expect.objectContaining({
          from: 'soporte-b@jd-services.eu',
          to: ['luis@acme.test'],
          cc: [],
          subject: '[JDS-1] Informe vacío',
          body: expect.stringMatching(/\n\nHemos reiniciado el servicio\.$/),
          automatic: false,
        }),
      },
    ]);
    // A second reply is a second message, not a duplicate of the first.
    p.ok(await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Ya funciona.' }));
    expect((await replies()).map((row) => row.dedupKey)).toEqual([
      `case.reply:${opened.id}:1`,
      `case.reply:${opened.id}:2`,
    ]);
  });

  it('crosspoint365: a reply by email comes from the policy’s address (no intake per priority), never from nobody', async () => {
    const opened = await openFor('crosspoint365');
    const replied = p.ok(
      await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Lo revisamos.' }),
    );
    expect(replied.reply).toEqual({ via: 'email', to: 'luis@acme.test', cc: [] });
    const row = (await outboxRows(p.t.db, 'crosspoint365')).find((r) => r.kind === 'case.reply');
    expect(row?.payload).toMatchObject({ from: 'soporte@crosspoint365.com', to: ['luis@acme.test'] });
    expect((await eventRows(p.t.db, 'crosspoint365')).at(-1)).toMatchObject({
      type: 'replied',
      data: { text: 'Lo revisamos.', via: 'email', to: 'luis@acme.test' },
    });
  });

  // Issue 19 (leftover of point 8). Seed 004: "Los canales formales de ingreso son: Correo electrónico, portal OYS."
  // The seed gives no address: the preset's soporte@oys.invalid is a placeholder, never a sender.
  it('oys: a reply is never sent from the placeholder soporte@oys.invalid: it is recorded on the case for the OYS portal', async () => {
    const opened = await openFor('oys');
    const replied = p.ok(
      await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Lo revisamos.' }),
    );
    expect(replied.reply).toMatchObject({ via: 'portal', skippedPlaceholder: 'soporte@oys.invalid' });
    const rows = await outboxRows(p.t.db, 'oys');
    expect(rows.filter((row) => row.target === 'email')).toEqual([]);
    expect(JSON.stringify(rows)).not.toContain('oys.invalid');
    expect((await eventRows(p.t.db, 'oys')).at(-1)).toMatchObject({
      type: 'replied',
      data: { text: 'Lo revisamos.', via: 'portal' },
    });
  });

  it('a policy that takes no email (arcoirisapp: the ticket form) records the reply on the case; nothing is queued', async () => {
    ana = p.asAgent('arcoirisapp', await p.agent('arcoirisapp', 'ana'));
    await p.customer('arcoirisapp', 'tienda');
    await p.contact('arcoirisapp', 'tienda', 'luis', { email: 'luis@tienda.test' });
    const opened = p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'tienda', title: 'No carga el módulo' }));
    p.clock.advance(60_000);
    const replied = p.ok(
      await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Ya lo corregimos.' }),
    );
    expect(replied.reply).toMatchObject({
      via: 'form',
      label: { es: 'Formulario de nuevo tiquete de soporte', en: 'New support ticket form' },
    });
    expect(replied.firstRespondedAt).toEqual(p.clock.now());
    expect(await countRows(p.t.db, 'outbox')).toBe(0);
    expect((await eventRows(p.t.db, 'arcoirisapp')).at(-1)).toEqual({
      type: 'replied',
      caseId: opened.id,
      actorKind: 'agent',
      channel: 'console',
      data: { text: 'Ya lo corregimos.', via: 'form', redactions: [], summary: 'Ya lo corregimos.' },
    });
    // No email is written, so none is needed: a case with no reporter is answered the same way.
    await p.customer('arcoirisapp', 'sin-contactos');
    const logged = p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'sin-contactos', title: 'Llamada' }));
    expect(
      p.ok(await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: logged.number }, text: 'Recibido.' }))
        .reply.via,
    ).toBe('form');
  });

  it('itbx (portal only) records the reply for the help centre', async () => {
    const opened = await openFor('itbx');
    const replied = p.ok(
      await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Hola' }),
    );
    expect(replied.reply).toMatchObject({ via: 'portal', url: 'http://portero.test/portal/itbx/cases/ITBX-1' });
    expect(await countRows(p.t.db, 'outbox')).toBe(0);
  });

  it('where email is the way, a reply needs a reporter with an address: refused otherwise, and nothing is queued', async () => {
    ana = p.asAgent('jd-services', await p.agent('jd-services', 'ana'));
    await p.customer('jd-services', 'acme'); // no contacts: the agent logs the case on the company's behalf
    const opened = p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Llamada' }));
    expect(await replyToCustomer({ deps: p.deps, caller: ana, ref: { number: opened.number }, text: 'Hola' })).toEqual({
      ok: false,
      error: { code: 'case.no_reply_address', params: { ref: 'JDS-1', caseId: opened.id } },
    });
    expect(await countRows(p.t.db, 'outbox')).toBe(0);
    const record = p.ok(await showCase({ deps: p.deps, caller: ana, ref: { number: opened.number } })).record;
    expect(record.firstRespondedAt).toBeNull();
  });

  it('"/case escalate raises the priority one level": itbx baja → media → alta, then "already the highest" is refused', async () => {
    const opened = await openFor('itbx', { priority: 'baja' });
    const ref = { number: opened.number };
    const media = p.ok(await escalateCase({ deps: p.deps, caller: ana, ref, reason: 'Cliente VIP' }));
    expect(media).toMatchObject({ priority: 'media', escalationLevel: 1 });
    expect(media.nextDueAt?.toISOString()).toBe('2026-11-23T19:00:00.000Z'); // media: first response within 4 h
    const alta = p.ok(await escalateCase({ deps: p.deps, caller: ana, ref }));
    expect(alta).toMatchObject({ priority: 'alta', escalationLevel: 2 });
    expect(alta.nextDueAt?.toISOString()).toBe('2026-11-23T16:00:00.000Z'); // alta: first response within 1 h
    // At the top there is no level left: a refusal that says so, and nothing recorded.
    expect(await escalateCase({ deps: p.deps, caller: ana, ref })).toMatchObject({
      ok: false,
      error: { code: 'case.top_priority', params: { ref: 'ITBX-1', priority: 'alta' } },
    });
    expect(describeCaseError({ code: 'case.top_priority', params: { ref: 'ITBX-1', priority: 'alta' } }, 'es')).toBe(
      'El caso ITBX-1 ya tiene la prioridad más alta de la política (alta): no se puede escalar más.',
    );
    expect(p.ok(await showCase({ deps: p.deps, caller: ana, ref })).snapshot.flags).toEqual(['escalated:2']);
    const escalations = (await eventRows(p.t.db, 'itbx')).filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => e.data)).toEqual([
      {
        level: 1,
        from: 'baja',
        to: 'media',
        reason: 'Cliente VIP',
        redactions: [],
        summary: 'level 1: baja → media: Cliente VIP',
      },
      { level: 2, from: 'media', to: 'alta', reason: null, summary: 'level 2: media → alta' },
    ]);
  });

  it('show gives the record, what a card renders, and the audit trail in order', async () => {
    const opened = await openFor('itbx', { priority: 'alta', reporter: 'luis' });
    const ref = { prefix: 'itbx', number: opened.number };
    p.ok(await setPriority({ deps: p.deps, caller: ana, ref, priority: 'media' }));
    const view = p.ok(await showCase({ deps: p.deps, caller: ana, ref }));
    expect(view.record.id).toBe(opened.id);
    expect(view.snapshot).toMatchObject({
      ref: 'ITBX-1',
      number: 1,
      title: 'Informe vacío',
      customer: 'ACME S.A.',
      type: 'Incidente',
      priority: { id: 'media', label: 'Media' },
      state: { id: 'abierto', label: 'Abierto', kind: 'new' },
      isOpen: true,
      assignee: null,
      openedAt: '2026-11-23T15:00:00.000Z',
    });
    expect(view.events.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'priority_changed']);
    expect(await showCase({ deps: p.deps, caller: ana, ref: { number: 99 } })).toEqual({
      ok: false,
      error: { code: 'case.not_found', params: { ref: '99' } },
    });
  });
});
