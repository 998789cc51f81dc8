import { describe, expect, it } from 'vitest';
import { addNote, assignCase, escalateCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows, rowsContaining, type Table, textColumns } from './case-rows.ts';

// Secrets are redacted before anything is stored. After a case's whole life with secrets in every text a use case
// takes, the secrets are nowhere in the database: every text and jsonb column of cases, case_events and outbox is
// searched with raw SQL.

const PASSWORD = 'Primavera#2026x';
const CARD = '4111 1111 1111 1111'; // passes the Luhn check
const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
const TABLES: Table[] = ['cases', 'case_events', 'outbox'];

describe('secrets are redacted before anything is stored', () => {
  const p = usePortero();

  it('no password, token or card number survives anywhere; the events record that redactions happened', async () => {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C1',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte',
      }),
    );
    const opened = p.ok(
      await openCase({
        deps: p.deps,
        caller: p.asContact('itbx', luis),
        customer: 'acme',
        title: `No entro, contraseña: ${PASSWORD}`,
        description: `Pagué con la tarjeta ${CARD} y el token ${TOKEN} no funciona`,
      }),
    );
    expect(opened.title).toBe('No entro, contraseña: [REDACTED:password]');
    expect(opened.description).toBe('Pagué con la tarjeta [REDACTED:card] y el token [REDACTED:token] no funciona');
    const ref = { number: opened.number };
    p.ok(await addNote({ deps: p.deps, caller: ana, ref, text: `El cliente dio la clave: ${PASSWORD}` }));
    p.ok(await replyToCustomer({ deps: p.deps, caller: ana, ref, text: `No envíe su tarjeta ${CARD} por aquí` }));
    p.ok(await assignCase({ deps: p.deps, caller: ana, ref, assignee: { kind: 'me' } })); // itbx: ABIERTO is left only with an engineer
    p.ok(await moveCase({ deps: p.deps, caller: ana, ref, state: 'analisis' }));
    p.ok(await waitForCustomer({ deps: p.deps, caller: ana, ref, text: `Cambie el token ${TOKEN}` }));
    p.ok(await escalateCase({ deps: p.deps, caller: ana, ref, reason: `password: ${PASSWORD}` }));
    p.ok(await moveCase({ deps: p.deps, caller: ana, ref, state: 'solucion' }));
    p.ok(await moveCase({ deps: p.deps, caller: ana, ref, state: 'pruebas' }));
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf (approvals.test.ts).
    p.ok(
      await confirmOnBehalf({
        deps: p.deps,
        caller: ana,
        ref,
        kind: 'acceptance',
        rejected: false,
        reason: `Aceptó por teléfono y dictó su clave: ${PASSWORD}`,
      }),
    );
    p.ok(await closeCase({ deps: p.deps, caller: ana, ref, resolution: `Se rotó la contraseña: ${PASSWORD}` }));
    p.ok(await reopenCase({ deps: p.deps, caller: ana, ref, reason: `Sigue con la tarjeta ${CARD}` }));

    const found: string[] = [];
    let searched = 0;
    for (const table of TABLES) {
      const columns = await textColumns(p.t.db, table);
      expect(columns.length).toBeGreaterThan(0);
      for (const column of columns) {
        searched++;
        for (const secret of [PASSWORD, CARD, CARD.replaceAll(' ', ''), TOKEN]) {
          if ((await rowsContaining(p.t.db, table, column, secret)) > 0) found.push(`${table}.${column}: ${secret}`);
        }
      }
    }
    expect(found).toEqual([]);
    // The search does look where the texts are: the markers that replaced the secrets are found by it.
    expect(searched).toBeGreaterThanOrEqual(20);
    expect(await rowsContaining(p.t.db, 'cases', 'title', '[REDACTED:password]')).toBe(1);
    expect(await rowsContaining(p.t.db, 'case_events', 'data', '[REDACTED:card]')).toBeGreaterThan(0);
    // The reopening's line in the agent channel (itbx takes no email: the reply stays on the case, in case_events).
    expect(await rowsContaining(p.t.db, 'outbox', 'payload', '[REDACTED:card]')).toBe(1);

    const events = await eventRows(p.t.db, 'itbx');
    const redactions = Object.fromEntries(
      events.filter((e) => e.data.redactions).map((e) => [e.type, e.data.redactions]),
    );
    expect(redactions).toEqual({
      customer_confirmation: [{ kind: 'password', count: 1 }],
      opened: [
        { kind: 'password', count: 1 },
        { kind: 'token', count: 1 },
        { kind: 'card', count: 1 },
      ],
      note: [{ kind: 'password', count: 1 }],
      replied: [{ kind: 'card', count: 1 }],
      waiting: [{ kind: 'token', count: 1 }],
      escalated: [{ kind: 'password', count: 1 }],
      closed: [{ kind: 'password', count: 1 }],
      reopened: [{ kind: 'card', count: 1 }],
    });
  });
});
