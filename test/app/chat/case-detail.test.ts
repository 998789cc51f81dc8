import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { cancelCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { caseDetail } from '../../../src/app/chat/case-detail.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The whole case as `case show` gives it, on the real database: the fields the card leaves out, the SLA of a closed
// case in words that do not pretend it is paused, and the history latest first with refusals explained.

const pageCommand = (page: number) => `/case show ITBX-1 page ${page}`;

describe(`the full case view on ${testDriver()}`, () => {
  const p = usePortero();

  it('shows description, type, channel, reporter, followers, plan, times, unmet SLA and the history in the reader’s words', async () => {
    const agent = await p.agent('itbx', 'ana', { name: 'Ana Pérez' });
    await p.customer('itbx', 'acme', { name: 'Acme SAS', projectPhase: 'implementation' });
    await p.contact('itbx', 'acme', 'luis', { name: 'Luis Gómez' });
    const marta = await p.contact('itbx', 'acme', 'marta', { name: 'Marta Ruiz', reporter: false });
    const caller = p.asAgent('itbx', agent);
    const opened = p.ok(
      await openCase({
        deps: p.deps,
        caller,
        customer: 'acme',
        priority: 'alta',
        title: 'Portal caído',
        description: 'Mi clave es password: Hunter2, no entra',
        followers: [marta.id],
      }),
    );
    const ref = { number: opened.number };
    // Refused (nobody assigned), then cancelled without any first response.
    expect((await moveCase({ deps: p.deps, caller, ref, state: 'analisis' })).ok).toBe(false);
    p.clock.advance(3 * 60 * 60 * 1000);
    p.ok(await cancelCase({ deps: p.deps, caller, ref, reason: 'Duplicado' }));

    const view = p.ok(await showCase({ deps: p.deps, caller, ref }));
    expect(view.snapshot.sla.find((clock) => clock.target === 'firstResponse')?.status).toBe('breached');
    const message = caseDetail(view, { locale: 'es', zone: 'America/Bogota', pageCommand });
    const facts = Object.fromEntries(message.fields!.map((field) => [field.label, field.value]));
    expect(facts).toMatchObject({
      Tipo: 'Incidente',
      'Entró por': 'console',
      Reporta: 'Luis Gómez <luis@example.test>',
      'En copia': 'Marta Ruiz <marta@example.test>',
      Plan: 'standard · implantación',
      Abierto: 'lun 23 nov 10:00',
      Cerrado: 'lun 23 nov 13:00',
      'Primera respuesta': expect.stringMatching(/^incumplido/),
    });
    expect(message.notes).toEqual(
      expect.arrayContaining([
        '⚑ se ocultaron datos secretos',
        expect.stringMatching(/^Descripción: Mi clave es .*no entra$/),
        'Historia (página 1/1, lo último primero):',
      ]),
    );
    const history = message.notes!.slice(message.notes!.indexOf('Historia (página 1/1, lo último primero):') + 1);
    expect(history[0]).toMatch(/^lun 23 nov 13:00 · cancelado · Ana Pérez/);
    expect(history.at(-1)).toMatch(/^lun 23 nov 10:00 · abierto · Ana Pérez: /);
    // Every event is named in the reader's words, Portero's own acknowledgement too.
    expect(history).toContainEqual(expect.stringMatching(/^lun 23 nov 10:00 · acuse de recibo · Portero: /));
    expect(message.text).not.toContain('Hunter2');
  });

  it('a closed case whose first response never happened, nor ran out, is "unmet", not "paused"', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', agent);
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', priority: 'baja', title: 'Logo' }));
    p.ok(await cancelCase({ deps: p.deps, caller, ref: { number: opened.number }, reason: 'Duplicado' }));
    const view = p.ok(await showCase({ deps: p.deps, caller, ref: { number: opened.number } }));
    expect(view.snapshot.sla.find((clock) => clock.target === 'firstResponse')?.status).toBe('unmet');
    const en = caseDetail(view, { locale: 'en', zone: 'America/Bogota', pageCommand });
    expect(en.text).toContain('First response: not met');
  });

  it('says on the reporter or a follower that mail to their address bounces, pointing to the note that says why', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis', { name: 'Luis Gómez' });
    const marta = await p.contact('itbx', 'acme', 'marta', { name: 'Marta Ruiz', reporter: false });
    const caller = p.asAgent('itbx', agent);
    const opened = p.ok(
      await openCase({ deps: p.deps, caller, customer: 'acme', title: 'Portal caído', followers: [marta.id] }),
    );
    await p.deps.store.transaction((repos) =>
      repos.mailIntake.markBouncing('itbx', 'marta@example.test', new Date('2026-11-23T16:00:00Z')),
    );
    const view = p.ok(await showCase({ deps: p.deps, caller, ref: { number: opened.number } }));
    const facts = (locale: 'es' | 'en') =>
      Object.fromEntries(
        caseDetail(view, { locale, zone: 'America/Bogota', pageCommand }).fields!.map((field) => [
          field.label,
          field.value,
        ]),
      );
    expect(facts('es')).toMatchObject({
      Reporta: 'Luis Gómez <luis@example.test>',
      'En copia':
        'Marta Ruiz <marta@example.test> (⚠ su correo rebota desde lun 23 nov 11:00: la nota de rebote dice por qué)',
    });
    expect(facts('en').Followers).toBe(
      'Marta Ruiz <marta@example.test> (⚠ mail to it bounces since Mon 23 Nov 11:00: the bounce note says why)',
    );
  });
});
