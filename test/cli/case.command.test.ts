import { describe, expect, it } from 'vitest';
import { portero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `portero case` run in-process on the test database (PGlite, or PostgreSQL with DATABASE_URL): each runCli opens
// Portero on it as an invocation would. The deployment is seeded once and every test opens the cases it works on.
// The clock is the deployment's test clock (Monday morning in Bogotá), standing still.

useCliDeployment('case', {
  seed: [
    ['customer', 'add', 'acme', '--tenant', 'itbx'],
    ['contact', 'add', 'carlos', '--tenant', 'itbx', '--customer', 'acme', '--email', 'carlos@acme.example'],
    ['agent', 'add', 'ana', '--tenant', 'itbx', '--timezone', 'America/Bogota'],
    ['customer', 'add', 'acme', '--tenant', 'oys'],
    ['contact', 'add', 'carlos', '--tenant', 'oys', '--customer', 'acme', '--email', 'carlos@acme.example'],
    ['agent', 'add', 'ana', '--tenant', 'oys'],
  ],
});

/** `portero case <args> --tenant itbx --as ana`. */
const asAna = (...args: string[]) => portero('case', ...args, '--tenant', 'itbx', '--as', 'ana');

/** Opens a case as ana; its number. */
async function open(title: string, ...extra: string[]): Promise<number> {
  const opened = await asAna('open', '--customer', 'acme', '--title', title, ...extra);
  const number = /^Case ITBX-(\d+) opened\.$/.exec(opened.out[0] ?? '')?.[1];
  if (opened.code !== 0 || !number) throw new Error(`case open failed: ${opened.err}`);
  return Number(number);
}

/** The card's fixed fields (not the SLA lines: those depend on the real clock). */
const card = (lines: string[]) =>
  Object.fromEntries(
    lines.filter((line) => /^(Customer|Priority|State|Assignee): /.test(line)).map((line) => line.split(': ')),
  );

describe(`portero case on ${testDriver()}`, { timeout: 90_000 }, () => {
  it('explains a subcommand without a tenant: help is the grammar, not the deployment', async () => {
    const help = await portero('case', 'help', 'note');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('portero case note <ref> <text…>');
    expect(help.err).toBe('');
  });

  it('opens a case as an agent, then shows and lists it', async () => {
    const opened = await asAna(
      'open',
      '--customer',
      'acme',
      '--title',
      'Portal caído',
      '--priority',
      'alta',
      '--reporter',
      'carlos',
    );
    expect(opened).toMatchObject({ code: 0, err: '' });
    const [announce, title] = opened.out;
    const ref = /^Case (ITBX-\d+) opened\.$/.exec(announce ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(title).toBe(`${ref} · Portal caído`);
    expect(card(opened.out)).toEqual({ Customer: 'acme', Priority: 'Alta', State: 'Abierto', Assignee: 'unassigned' });

    const shown = await portero('case', 'show', ref!, '--tenant', 'itbx');
    expect(shown.code).toBe(0);
    expect(shown.out[0]).toBe(`${ref} · Portal caído`);
    expect(card(shown.out)).toEqual(card(opened.out));
    expect(shown.out.at(-1)).toMatch(new RegExp(` · opened · ana: ${ref} Portal caído$`));
    // The whole case: what the card leaves out, and the history.
    expect(shown.out).toEqual(
      expect.arrayContaining([
        'Type: Incidente',
        'Came in by: cli',
        'Reporter: carlos <carlos@acme.example>',
        'Plan: standard · production',
        'History (page 1/1, latest first):',
      ]),
    );

    const listed = await portero('case', 'list', '--tenant', 'itbx');
    expect(listed.code).toBe(0);
    expect(listed.out[0]).toMatch(/^Cases \(open\): \d+$/);
    expect(listed.out).toContainEqual(
      expect.stringMatching(new RegExp(`^${ref} · Alta · Abierto · — · .* · Portal caído$`)),
    );

    const json = await portero('case', 'show', ref!, '--tenant', 'itbx', '--json');
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ title: `${ref} · Portal caído` });
    // Paging the history: a page past the last is refused, saying how many there are.
    for (let n = 1; n <= 10; n++) await asAna('note', ref!, `Revisión ${n}`);
    const latest = await portero('case', 'show', ref!, '--tenant', 'itbx');
    expect(latest.out).toContain('History (page 1/2, latest first):');
    expect(latest.out.at(-1)).toBe(`More: portero case show ${ref} --tenant itbx --page 2`);
    const earlier = await portero('case', 'show', ref!, '--tenant', 'itbx', '--page', '2');
    expect(earlier.out).toContain('History (page 2/2, latest first):');
    expect(earlier.out.at(-1)).toMatch(/ · opened · ana: /);
    expect(await portero('case', 'show', ref!, '--tenant', 'itbx', '--page', '3')).toEqual({
      code: 1,
      out: [],
      err: `⚠️ Page 3 of 2 does not exist; the history of ${ref} has 2 pages.`,
    });
  });

  it('assigns, moves, notes, closes and reopens a case, each answered with the updated card', async () => {
    const n = String(await open('Facturas duplicadas', '--priority', 'media'));
    const ref = `ITBX-${n}`;

    const assigned = await asAna('assign', n, 'me');
    expect(assigned).toMatchObject({ code: 0, err: '' });
    expect(assigned.out[0]).toBe(`Case ${ref} assigned.`);
    expect(card(assigned.out)).toMatchObject({ Assignee: 'ana', State: 'Abierto', Priority: 'Media' });

    const moved = await asAna('move', n, 'analisis');
    expect(moved).toMatchObject({ code: 0, err: '' });
    expect(moved.out[0]).toBe(`Case ${ref} updated.`);
    expect(card(moved.out).State).toBe('Análisis');

    const noted = await asAna('note', n, 'Revisando', 'los', 'logs');
    expect(noted).toMatchObject({ code: 0, err: '' });
    expect(noted.out[0]).toBe(`Internal note added to ${ref}.`);

    expect((await asAna('move', n, 'solucion')).code).toBe(0);
    expect((await asAna('move', n, 'pruebas')).code).toBe(0);
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf.
    expect((await asAna('confirm', n, 'acceptance', 'Luis', 'lo', 'aceptó')).code).toBe(0);
    const closed = await asAna('close', n, 'Facturas', 'anuladas');
    expect(closed).toMatchObject({ code: 0, err: '' });
    expect(closed.out[0]).toBe(`Case ${ref} closed.`);
    expect(card(closed.out).State).toBe('Cerrada');
    const stillOpen = await portero('case', 'list', '--tenant', 'itbx');
    expect(stillOpen.out.some((line) => line.startsWith(`${ref} `))).toBe(false);

    const again = await asAna('close', n, 'twice');
    expect(again).toEqual({ code: 1, out: [], err: `⚠️ Case ${ref} is already closed (Closed).` });

    const reopened = await asAna('reopen', ref);
    expect(reopened).toMatchObject({ code: 0, err: '' });
    expect(reopened.out[0]).toBe(`Case ${ref} reopened.`);
    // itbx reopens into analysis, and the assignee stays.
    expect(card(reopened.out)).toMatchObject({ State: 'Análisis', Assignee: 'ana' });
    const shown = await portero('case', 'show', n, '--tenant', 'itbx');
    expect(shown.out.some((line) => line.endsWith('closed · ana: pruebas → cerrada: Facturas anuladas'))).toBe(true);
    // Latest first: the reopening heads the history.
    const history = shown.out.findIndex((line) => /^History \(page 1\/\d+, latest first\):$/.test(line));
    expect(shown.out[history + 1]).toMatch(/ reopened · ana: cerrada → analisis$/);
  });

  it('redacts card numbers and IBANs in a title and in the text of a command, as chat does', async () => {
    const n = String(
      await open('Pago con 4111.1111.1111.1111', '--description', 'Cuenta ES91 2100 0418 4502 0005 1332, gracias'),
    );
    expect(
      (await asAna('note', n, 'tarjeta', '5500', '0000', '', '0000', '0004', 'e', 'IBAN', 'ES9121000418450200051332'))
        .code,
    ).toBe(0);
    const shown = await portero('case', 'show', n, '--tenant', 'itbx', '--json');
    const text = shown.out.join('\n');
    expect(JSON.parse(text)).toMatchObject({ title: `ITBX-${n} · Pago con [REDACTED:card]` });
    expect(text).toContain('tarjeta [REDACTED:card] e IBAN [REDACTED:iban]');
    for (const digits of ['4111', '5500', '2100', '9121']) expect(text).not.toContain(digits);
  });

  it('refuses what the policy forbids (exit 1, on stderr) and calls a misuse a misuse (exit 2)', async () => {
    const n = String(await open('Correo rebotado'));

    const skip = await asAna('move', n, 'pruebas');
    expect(skip).toMatchObject({ code: 1, out: [] });
    expect(skip.err).toMatch(/^⚠️ /);
    expect(skip.err).toContain('Allowed next states: analisis, esperando-cliente, cancelada');
    expect(await asAna('show', 'ITBX-999')).toMatchObject({
      code: 1,
      out: [],
      err: expect.stringContaining('no case'),
    });
    expect(await portero('case', 'list', '--tenant', 'itbx', '--as', 'nobody')).toEqual({
      code: 1,
      out: [],
      err: '--as: there is no agent "nobody" in tenant itbx (see portero agent list --tenant itbx)',
    });

    const typo = await asAna('asign', n, 'me');
    expect(typo).toMatchObject({ code: 2, out: [], err: expect.stringContaining('Did you mean "assign"?') });
    expect(await portero('case', 'show', n)).toMatchObject({
      code: 2,
      err: expect.stringContaining('missing --tenant'),
    });
    expect(await asAna('open', '--customer', 'acme')).toMatchObject({
      code: 2,
      err: expect.stringContaining('missing --title'),
    });
    expect(await portero('case', '--tenant', 'itbx')).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: portero case'),
    });
  });

  // Issue 19, leftover of point 8. Seed 004: "Los canales formales de ingreso son: Correo electrónico, portal OYS.";
  // the preset's soporte@oys.invalid is a placeholder and never a sender.
  it('oys: reply and wait go to the OYS portal instead of the placeholder address, and the agent is told why', async () => {
    const asOys = (...args: string[]) => portero('case', ...args, '--tenant', 'oys', '--as', 'ana');
    const opened = await asOys('open', '--customer', 'acme', '--title', 'Informe vacío');
    const ref = /^Case (OYS-\d+) opened\.$/.exec(opened.out[0] ?? '')?.[1];
    expect(ref).toBeDefined();
    const replied = await asOys('reply', ref!, 'Lo', 'revisamos');
    expect(replied).toMatchObject({ code: 0, err: '' });
    expect(replied.out[0]).toBe(
      `Reply to ${ref} recorded on the case: the customer will see it in "OYS portal"; the policy's email (soporte@oys.invalid) is a placeholder and is never used as a sender.`,
    );
    const waited = await asOys('wait', ref!, '¿Nos', 'envía', 'el', 'informe?');
    expect(waited.code).toBe(0);
    expect(waited.out[0]).toMatch(
      new RegExp(
        `^Case ${ref} is waiting for the customer: the SLA is paused\\. Message recorded on the case: the customer will see it in "OYS portal"\\. Contact attempt 1 \\(business day \\d{4}-\\d{2}-\\d{2}\\)\\.$`,
      ),
    );
    const outbox = await portero('outbox', 'list', '--limit', '50');
    // No email was queued to the customer (itbx, the other tenant here, takes no email either).
    expect(outbox.out.join('\n')).not.toContain('email:carlos@acme.example');
  });

  it('lists with options: closed, all, by customer name, by words, paged; mine needs --as', async () => {
    await portero('customer', 'add', 'nube', '--tenant', 'itbx', '--name', 'Nube SAS');
    const first = await asAna('open', '--customer', 'nube', '--title', 'Facturas duplicadas');
    expect(first.code).toBe(0);
    const all = await portero('case', 'list', 'all', '--tenant', 'itbx', '--customer', 'Nube SAS');
    expect(all.code).toBe(0);
    expect(all.out[0]).toBe('Cases (all · nube): 1');
    const found = await portero('case', 'list', '--tenant', 'itbx', '--search', 'factura', '--customer', 'nube');
    expect(found.out[0]).toBe('Cases (open · nube · “factura”): 1');
    expect(found.out[1]).toContain('Facturas duplicadas');
    expect((await portero('case', 'list', 'closed', '--tenant', 'itbx', '--customer', 'nube')).out).toEqual([
      'Cases (closed · nube): 0',
      'No cases.',
    ]);
    // The documented `all` is a filter, not a priority.
    expect((await portero('case', 'list', 'all', '--tenant', 'itbx')).code).toBe(0);
    expect(await portero('case', 'list', 'mine', '--tenant', 'itbx')).toEqual({
      code: 2,
      out: [],
      err: 'portero case: case list mine needs --as <agent handle>: whose cases?',
    });
  });
});
