import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { linkConsole, onlyReply, storedRows } from './chat-fixture.ts';

// Every agent command through handleInbound, as an agent types it in `portero chat` at itbx, with its success output
// and its errors: once for an agent without a locale (the tenant's Spanish) and once for an agent whose locale is en.

const HOUR = 3_600_000;

const WORDS = {
  es: {
    helpTitle: 'Portero: comandos de casos',
    opened: 'Caso ITBX-1 abierto.',
    card: ['ITBX-1 · Portal caído', 'Cliente: acme', 'Prioridad: Alta', 'Estado: Abierto', 'Asignado a: sin asignar'],
    history: 'abierto · Bob: ITBX-1 Portal caído',
    unknownSub: 'Subcomando desconocido «asing». ¿Quisiste decir «assign»?',
    missingRef: 'Falta <ref>. Uso: case show <ref> [pagina <n>]',
    missingNew: 'Falta <cliente>. Uso: case new <prioridad> <cliente> <título…>',
    missingText: 'Falta <texto…>. Uso: case note <ref> <texto…>',
    missingState: 'Falta <estado>. Uso: case move <ref> <estado>',
    missingResolution: 'Falta <resolución…>. Uso: case close <ref> <resolución…>',
    badRef: '«abc» no es una referencia de caso',
    notFound: (ref: string) => `No existe el caso ${ref}.`,
    unknownPriority: 'Prioridad desconocida «urgentisima». Prioridades válidas: alta, media, baja.',
    unknownListTerm:
      '«urgentisima» no es una prioridad, un estado, un cliente (identificador o "Nombre") ni un @agente.',
    unknownCustomer: 'No existe el cliente «nadie».',
    unknownAgent: 'No existe el agente «nadie».',
    illegal:
      'El caso no puede pasar de «abierto» a «pruebas». Estados siguientes permitidos: analisis, esperando-cliente, cancelada.',
    unknownState: 'Estado desconocido «volando».',
    assigneeRequired:
      'El caso ITBX-1 no puede salir de «abierto» sin un responsable: asígnelo antes con /case assign ITBX-1 me|@agente.',
    alreadyClosed: 'El caso ITBX-2 ya está cerrado (Cancelada).',
    noSuchPage: 'La página 2 de 1 no existe; la historia de ITBX-1 tiene 1 página.',
    topPriority: 'El caso ITBX-1 ya tiene la prioridad más alta de la política (alta): no se puede escalar más.',
    notClosed: 'El caso ITBX-1 no está cerrado (Análisis); no hay nada que reabrir.',
    reporterRequired:
      'El cliente acme tiene varios usuarios que reportan casos: indique en el campo «reporter» cuál de ellos reporta este (lucia, mario), o en el chat abra el caso a nombre del contacto (/case new <prioridad> <contacto> …).',
    assigned: 'Caso ITBX-1 asignado.',
    assignee: (name: string) => `Asignado a: ${name}`,
    moved: 'Caso ITBX-1 actualizado.',
    state: (label: string) => `Estado: ${label}`,
    labels: { analisis: 'Análisis', solucion: 'Solución', pruebas: 'Pruebas', waiting: 'Esperando al cliente' },
    noted: 'Nota interna añadida a ITBX-1.',
    repliedOnCase: (ref: string) =>
      `Respuesta a ${ref} registrada en el caso: el cliente la verá en «Centro de asistencia de ITBX»; la política no acepta correo.`,
    // Issue 19, point 1: the message goes out through the customer's channel (itbx: on the case, read in the portal)
    // and is a contact attempt of its business day.
    waiting:
      'Caso ITBX-1 en espera del cliente: el SLA queda en pausa. Mensaje registrado en el caso: el cliente lo verá en «Centro de asistencia de ITBX». Intento de contacto 1 (día hábil 2026-11-23).',
    paused: 'Resolución: en pausa',
    firstResponseMet: 'Primera respuesta: cumplido',
    prioritised: 'Prioridad de ITBX-1 cambiada; plazos recalculados.',
    priority: (label: string) => `Prioridad: ${label}`,
    priorities: { alta: 'Alta', media: 'Media', baja: 'Baja' },
    escalated: 'Caso ITBX-1 escalado.',
    closed: 'Caso ITBX-1 cerrado.',
    reopened: 'Caso ITBX-1 reabierto.',
    cancelled: 'Caso ITBX-2 cancelado.',
    slaTitle: 'SLA ITBX-1 · Alta',
    slaLines: ['Primera respuesta: en plazo, vence lun 23 nov 11:00', 'Resolución: en plazo, vence mié 25 nov 10:00'],
    list: (kind: string, n: number) => `Casos (${kind}): ${n}`,
    kinds: {
      open: 'abiertos',
      mine: 'míos',
      unassigned: 'sin asignar',
      waiting: 'esperando al cliente',
      breaching: 'vencidos',
    },
    listEmpty: 'No hay casos.',
  },
  en: {
    helpTitle: 'Portero: case commands',
    opened: 'Case ITBX-1 opened.',
    card: ['ITBX-1 · Portal caído', 'Customer: acme', 'Priority: High', 'State: Open', 'Assignee: unassigned'],
    history: 'opened · Bob: ITBX-1 Portal caído',
    unknownSub: 'Unknown subcommand "asing". Did you mean "assign"?',
    missingRef: 'Missing <ref>. Usage: case show <ref> [page <n>]',
    missingNew: 'Missing <customer>. Usage: case new <priority> <customer> <title…>',
    missingText: 'Missing <text…>. Usage: case note <ref> <text…>',
    missingState: 'Missing <state>. Usage: case move <ref> <state>',
    missingResolution: 'Missing <resolution…>. Usage: case close <ref> <resolution…>',
    badRef: '"abc" is not a case reference',
    notFound: (ref: string) => `There is no case ${ref}.`,
    unknownPriority: 'Unknown priority "urgentisima". Valid priorities: alta, media, baja.',
    unknownListTerm: '"urgentisima" is not a priority, a state, a customer (handle or "Name") or an @agent.',
    unknownCustomer: 'There is no customer "nadie".',
    unknownAgent: 'There is no agent "nadie".',
    illegal:
      'The case cannot move from "abierto" to "pruebas". Allowed next states: analisis, esperando-cliente, cancelada.',
    unknownState: 'Unknown state "volando".',
    assigneeRequired:
      'Case ITBX-1 cannot leave "abierto" without an assignee: assign it first with /case assign ITBX-1 me|@agent.',
    alreadyClosed: 'Case ITBX-2 is already closed (Cancelled).',
    noSuchPage: 'Page 2 of 1 does not exist; the history of ITBX-1 has 1 page.',
    topPriority: "Case ITBX-1 already has the policy's highest priority (alta): it cannot be escalated further.",
    notClosed: 'Case ITBX-1 is not closed (Analysis); there is nothing to reopen.',
    reporterRequired:
      'Customer acme has several reporting users: name the one reporting this case in the field "reporter" (lucia, mario), or in chat open it in the contact\'s name (/case new <priority> <contact> …).',
    assigned: 'Case ITBX-1 assigned.',
    assignee: (name: string) => `Assignee: ${name}`,
    moved: 'Case ITBX-1 updated.',
    state: (label: string) => `State: ${label}`,
    labels: { analisis: 'Analysis', solucion: 'Solution', pruebas: 'Testing', waiting: 'Waiting for the customer' },
    noted: 'Internal note added to ITBX-1.',
    repliedOnCase: (ref: string) =>
      `Reply to ${ref} recorded on the case: the customer will see it in "ITBX help centre"; the policy accepts no email.`,
    waiting:
      'Case ITBX-1 is waiting for the customer: the SLA is paused. Message recorded on the case: the customer will see it in "ITBX help centre". Contact attempt 1 (business day 2026-11-23).',
    paused: 'Resolution: paused',
    firstResponseMet: 'First response: met',
    prioritised: 'Priority of ITBX-1 changed; due times recomputed.',
    priority: (label: string) => `Priority: ${label}`,
    priorities: { alta: 'High', media: 'Medium', baja: 'Low' },
    escalated: 'Case ITBX-1 escalated.',
    closed: 'Case ITBX-1 closed.',
    reopened: 'Case ITBX-1 reopened.',
    cancelled: 'Case ITBX-2 cancelled.',
    slaTitle: 'SLA ITBX-1 · High',
    slaLines: ['First response: on time, due Mon 23 Nov 11:00', 'Resolution: on time, due Wed 25 Nov 10:00'],
    list: (kind: string, n: number) => `Cases (${kind}): ${n}`,
    kinds: { open: 'open', mine: 'mine', unassigned: 'unassigned', waiting: 'waiting', breaching: 'breaching' },
    listEmpty: 'No cases.',
  },
};

describe.each(['es', 'en'] as const)('agent commands at itbx, in %s', (locale) => {
  const p = usePortero();
  const w = WORDS[locale];

  /** Registers bob (and alice, and the customer acme with its one reporter) and returns what bob reads back. */
  async function asBob() {
    const bob = await p.agent('itbx', 'bob', { name: 'Bob', ...(locale === 'en' && { locale: 'en' as const }) });
    await linkConsole(p, 'itbx', 'bob', { personKind: 'agent', personId: bob.id });
    await p.agent('itbx', 'alice', { name: 'Alice' });
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'lucia', { email: 'lucia@acme.test' });
    await p.customer('itbx', 'beta');
    return async (text: string) => {
      const reply = await onlyReply(p, { tenant: 'itbx', user: 'bob', text });
      expect(reply.visibility).toBe('private');
      return reply;
    };
  }
  const stored = async (number: number): Promise<CaseRecord> =>
    (await p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', number)))!;

  it('help, and an unknown subcommand suggests the nearest one', async () => {
    const bob = await asBob();
    const help = await bob('help');
    expect(help.text.split('\n')[0]).toBe(w.helpTitle);
    for (const name of ['new', 'show', 'list', 'assign', 'move', 'note', 'reply', 'wait', 'priority', 'escalate']) {
      expect(help.text).toContain(`case ${name} `);
    }
    expect(help.text).toContain('case close <ref>');
    expect((await bob('help move')).text).toMatch(/^case move <ref> </);
    expect((await bob('asing 1')).text).toBe(w.unknownSub);
    expect((await bob('case asing 1')).text).toBe(w.unknownSub);
  });

  it('new opens a case and answers with its card; missing arguments, unknown priority or customer say so', async () => {
    const bob = await asBob();
    const opened = await bob('new alta acme Portal caído\nNo carga desde las 9');
    expect(opened.caseRef).toBe('ITBX-1');
    expect(opened.text.split('\n')).toEqual(expect.arrayContaining([w.opened, ...w.card]));
    expect(await stored(1)).toMatchObject({
      title: 'Portal caído',
      description: 'No carga desde las 9',
      priority: 'alta',
    });
    expect((await bob('new alta')).text).toBe(w.missingNew);
    expect((await bob('new urgentisima acme Algo')).text).toBe(`⚠️ ${w.unknownPriority}`);
    expect((await bob('new alta nadie Algo')).text).toBe(`⚠️ ${w.unknownCustomer}`);
    expect(await stored(2)).toBeUndefined();
    // With a second reporter, the company alone does not say who reports: the refusal lists them, and naming the
    // contact instead of the company opens the case for them.
    await p.contact('itbx', 'acme', 'mario', { email: 'mario@acme.test' });
    expect((await bob('new alta acme Otro fallo')).text).toBe(`⚠️ ${w.reporterRequired}`);
    expect(await stored(2)).toBeUndefined();
    expect((await bob('new alta mario Otro fallo')).caseRef).toBe('ITBX-2');
  });

  it("show by ref or number; a missing or bad ref, an unknown case and another tenant's case are refused", async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    // jd-services has a case number 1 of its own: JDS-1 must not be reachable from itbx.
    const jdAgent = await p.agent('jd-services', 'jd');
    await p.customer('jd-services', 'globex');
    await linkConsole(p, 'jd-services', 'jd', { personKind: 'agent', personId: jdAgent.id });
    await onlyReply(p, { tenant: 'jd-services', user: 'jd', text: 'new A globex Secreto de otro tenant' });

    for (const ref of ['ITBX-1', '1', 'itbx-1', '#1']) {
      const shown = await bob(`show ${ref}`);
      expect(shown.caseRef).toBe('ITBX-1');
      expect(shown.text).toContain(w.card[0]);
      expect(shown.text).toContain(w.history);
    }
    expect((await bob('ver 1')).caseRef).toBe('ITBX-1');
    expect((await bob('show 1 page 2')).text).toBe(`⚠️ ${w.noSuchPage}`);
    expect((await bob('show')).text).toBe(w.missingRef);
    expect((await bob('show abc')).text).toContain(w.badRef);
    expect((await bob('show 99')).text).toBe(`⚠️ ${w.notFound('99')}`);
    const foreign = await bob('show JDS-1');
    expect(foreign.text).toBe(`⚠️ ${w.notFound('JDS-1')}`);
    expect(foreign.text).not.toContain('Secreto');
  });

  it('list: open by default, and each filter (mine, unassigned, waiting, breaching) with or without a priority', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    await bob('new media acme Informe lento');
    await bob('new baja beta Cambiar logo');
    await bob('assign 1 me');
    await bob('assign 3 @alice'); // itbx: ABIERTO is left (here for the customer) only with an engineer
    await bob('wait 3 ¿Nos envía el logo?');
    p.clock.advance(2 * HOUR); // past ITBX-1's one-hour first response, within ITBX-2's four hours

    // Which cases, whatever the order the list chooses.
    const refsOf = (text: string) =>
      text
        .split('\n')
        .slice(1)
        .map((line) => line.split(' · ')[0])
        .sort();
    const list = async (args: string) => {
      const reply = await bob(`list ${args}`.trim());
      return { title: reply.text.split('\n')[0], refs: refsOf(reply.text) };
    };
    expect(await list('')).toEqual({ title: w.list(w.kinds.open, 3), refs: ['ITBX-1', 'ITBX-2', 'ITBX-3'] });
    expect(await list('mine')).toEqual({ title: w.list(w.kinds.mine, 1), refs: ['ITBX-1'] });
    expect(await list('unassigned')).toEqual({ title: w.list(w.kinds.unassigned, 1), refs: ['ITBX-2'] });
    expect(await list('waiting')).toEqual({ title: w.list(w.kinds.waiting, 1), refs: ['ITBX-3'] });
    expect(await list('breaching')).toEqual({ title: w.list(w.kinds.breaching, 1), refs: ['ITBX-1'] });
    expect(await list('open media')).toEqual({ title: w.list(`${w.kinds.open} · media`, 1), refs: ['ITBX-2'] });
    expect(await list('baja')).toEqual({ title: w.list(`${w.kinds.open} · baja`, 1), refs: ['ITBX-3'] });
    expect(await list('sin-asignar alta')).toEqual({
      title: w.list(`${w.kinds.unassigned} · alta`, 0),
      refs: [w.listEmpty],
    });
    expect((await bob('list urgentisima')).text).toContain(`⚠️ ${w.unknownListTerm}`);
  });

  it('assign to me by default, to me, to @handle; an unknown agent or a missing ref are refused', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    const mine = await bob('assign ITBX-1');
    expect(mine.text.split('\n')).toEqual(expect.arrayContaining([w.assigned, w.assignee('Bob')]));
    expect((await bob('assign 1 @alice')).text).toContain(w.assignee('Alice'));
    expect((await bob('asignar 1 me')).text).toContain(w.assignee('Bob'));
    expect((await bob('assign 1 @nadie')).text).toBe(`⚠️ ${w.unknownAgent}`);
    expect((await bob('assign')).text).toMatch(/^(Falta|Missing) <ref>\. (Uso|Usage): case assign <ref> \[me\|@/);
    expect((await bob('assign 7 me')).text).toBe(`⚠️ ${w.notFound('7')}`);
    expect((await stored(1)).assigneeId).toBe(
      (await p.deps.store.transaction((r) => r.agents.byHandle('itbx', 'bob')))!.id,
    );
  });

  it('move to an allowed state (by id or label); an illegal move lists the allowed next states', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    expect((await bob('move 1 pruebas')).text).toBe(`⚠️ ${w.illegal}`);
    expect((await bob('move 1 volando')).text).toContain(w.unknownState);
    expect((await bob('move 1')).text).toBe(w.missingState);
    // itbx: ABIERTO is left only with an engineer assigned; the refusal says how to assign.
    expect((await bob('move 1 Análisis')).text).toBe(`⚠️ ${w.assigneeRequired}`);
    expect((await stored(1)).state).toBe('abierto');
    await bob('assign 1 me');
    const moved = await bob('move 1 Análisis');
    expect(moved.text.split('\n')).toEqual(expect.arrayContaining([w.moved, w.state(w.labels.analisis)]));
    expect((await stored(1)).state).toBe('analisis');
  });

  it('note and reply: an internal note, and a reply recorded for the help centre (itbx takes no email); each needs its text', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    await bob('new media beta Sin contacto');
    expect((await bob('note 1 Revisado el balanceador')).text).toContain(w.noted);
    expect((await bob('nota 1')).text).toBe(w.missingText);
    expect((await bob('reply 1 Estamos en ello')).text).toContain(w.repliedOnCase('ITBX-1'));
    // Nothing to write an email to, and no need: the customer reads it in the help centre.
    expect((await bob('reply 2 Hola')).text).toContain(w.repliedOnCase('ITBX-2'));
    const outbox = (await storedRows(p, 'outbox')).map((row) => JSON.parse(row));
    expect(outbox.filter((row) => row.kind === 'case.reply')).toEqual([]);
    expect((await stored(1)).firstRespondedAt).not.toBeNull();
  });

  it('wait pauses the SLA; priority changes it; escalate raises it one level (baja → media)', async () => {
    const bob = await asBob();
    await bob('new media acme Portal lento');
    await bob('assign 1 me');
    const waiting = await bob('wait 1 ¿Nos pasa una captura?');
    expect(waiting.text.split('\n')).toEqual(expect.arrayContaining([w.waiting, w.state(w.labels.waiting)]));
    expect(waiting.text).toContain(w.paused);
    // Asking the customer is itbx's first response (sla.firstResponseEvents).
    expect(waiting.text).toContain(w.firstResponseMet);
    expect((await bob('move 1 analisis')).text).toContain(w.state(w.labels.analisis));
    const lowered = await bob('priority 1 baja');
    expect(lowered.text.split('\n')).toEqual(expect.arrayContaining([w.prioritised, w.priority(w.priorities.baja)]));
    expect((await bob('priority 1 urgentisima')).text).toBe(`⚠️ ${w.unknownPriority}`);
    expect((await bob('priority 1')).text).toMatch(/^(Falta|Missing) <(prioridad|priority)>/);
    const escalated = await bob('escalate 1 El cliente no puede facturar');
    expect(escalated.text.split('\n')).toEqual(expect.arrayContaining([w.escalated, w.priority(w.priorities.media)]));
    expect(await stored(1)).toMatchObject({ priority: 'media', escalationLevel: 1 });
    expect((await bob('escalate 1')).text).toContain(w.priority(w.priorities.alta));
    // A second escalation at the top says so, in the tenant's language, and changes nothing.
    expect((await bob('escalate 1')).text).toBe(`⚠️ ${w.topPriority}`);
    expect(await stored(1)).toMatchObject({ priority: 'alta', escalationLevel: 2 });
  });

  it('close only from where the lifecycle allows; reopen a closed case; cancel; each refusal says why', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    await bob('new baja acme Duplicado');
    expect((await bob('close 1 Listo')).text).toMatch(/^⚠️ .*analisis, esperando-cliente, cancelada\.$/);
    expect((await bob('close 1')).text).toBe(w.missingResolution);
    await bob('assign 1 me');
    for (const state of ['analisis', 'solucion', 'pruebas']) await bob(`move 1 ${state}`);
    // "Se da por resuelta la incidencia con el aval del cliente": the acceptance first (approvals.test.ts).
    await bob('confirm 1 acceptance Luis lo aceptó por teléfono');
    expect((await bob('close 1 Reiniciado el servicio')).text).toContain(w.closed);
    expect(await stored(1)).toMatchObject({ state: 'cerrada', isOpen: false, resolution: 'Reiniciado el servicio' });
    expect((await bob('reopen 1 Volvió a fallar')).text.split('\n')).toEqual(
      expect.arrayContaining([w.reopened, w.state(w.labels.analisis)]),
    );
    expect((await bob('reopen 1')).text).toBe(`⚠️ ${w.notClosed}`);
    expect((await bob('cancel 2 Duplicado de ITBX-1')).text).toContain(w.cancelled);
    expect((await bob('cancel 2')).text).toBe(`⚠️ ${w.alreadyClosed}`);
    expect((await bob('escalate 2')).text).toBe(`⚠️ ${w.alreadyClosed}`);
  });

  it('sla shows the due times in the tenant zone; an unknown case says so', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    const sla = await bob('sla ITBX-1');
    expect(sla.text.split('\n')).toEqual([w.slaTitle, ...w.slaLines]);
    expect(sla.caseRef).toBe('ITBX-1');
    expect((await bob('sla 2')).text).toBe(`⚠️ ${w.notFound('2')}`);
    expect((await bob('sla')).text).toMatch(/<ref>\. (Uso|Usage): case sla <ref>$/);
  });

  it('a refused command is audited as a refused event with its code', async () => {
    const bob = await asBob();
    await bob('new alta acme Portal caído');
    await bob('move 1 pruebas');
    const [refused] = await p.deps.store.transaction((repos) => repos.events.list('itbx', { types: ['refused'] }));
    expect(refused).toMatchObject({
      type: 'refused',
      actor: { kind: 'agent' },
      channel: 'console',
      data: { useCase: 'move', code: 'case.invalid_transition' },
    });
  });
});
