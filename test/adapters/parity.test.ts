import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../adapters/console/console-chat.ts';
import { handleInbound } from '../../src/app/chat/handle-inbound.ts';
import { bootstrapTenants } from '../../src/app/directory/directory.ts';
import type { CaseRecord } from '../../src/domain/case/case.types.ts';
import { directoryEventRows } from '../app/cases/case-rows.ts';
import { usePortero } from '../helpers/portero-fixture.ts';
import { slashCommand, TEAM } from '../helpers/slack-signing.ts';
import { useSlack } from './slack/slack-harness.ts';
import { cardOf, type Json, message, shown, teamsUser } from './teams/teams-activities.ts';
import { useTeams } from './teams/teams-harness.ts';

// One table, every agent command, three platforms: each runs the same commands through its real adapter (Bolt for
// Slack, botbuilder's CloudAdapter for Teams, the console chat) into its own database, and each must end with the
// same case and show the agent the same reply: title, fields, buttons (or the text, when there is no title).

/** What the agent saw, whatever the platform drew it with: title, fields, buttons and the rest of the text. */
interface Seen {
  title?: string;
  facts: Record<string, string>;
  actions: string[];
  body: string;
}

interface Driver {
  name: 'slack' | 'teams' | 'console';
  /** Agents ana and bea, customer acme with its reporting contact luis. */
  desk(): Promise<void>;
  /** Runs `case <command>` as ana; `{bea}` becomes this platform's way of naming bea. */
  run(command: string): Promise<Seen>;
  caseOf(number: number): Promise<Record<string, unknown> | undefined>;
}

// Slack types `/case`, Teams and the console `case`: the only difference the help may show.
const unprefixed = (text: string) => text.replace(/(^|\s)\/case\b/g, '$1case');
const lines = (text: string) =>
  unprefixed(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
const unescapeSlack = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function seen(title: string | undefined, facts: [string, string][], actions: string[], body: string[]): Seen {
  return {
    ...(title !== undefined && { title: unprefixed(title) }),
    facts: Object.fromEntries(facts.map(([label, value]) => [unprefixed(label), unprefixed(value)])),
    actions,
    body: lines(body.join('\n')),
  };
}

type Fixture = ReturnType<typeof usePortero>;

/**
 * The case as the platform left it, with people by handle (ids differ between databases), and the directory: its
 * contacts and agents, and the audit of its changes (made in chat, whichever chat it was).
 */
async function caseState(p: Fixture, number: number) {
  const audit = (await directoryEventRows(p.t.db, 'itbx')).map(
    (e) =>
      `${e.type} ${e.data.kind} ${e.data.handle} by ${e.data.by} ${e.actorKind} via ${e.channel === 'cli' ? 'cli' : 'chat'}`,
  );
  const directory = await p.deps.store.transaction(async (repos) => [
    ...(await repos.contacts.list('itbx', undefined, { includeInactive: true })).map(
      (c) => `contact ${c.handle} · ${c.name} · ${c.email ?? '-'}${c.deactivatedAt ? ' · inactive' : ''}`,
    ),
    ...(await repos.agents.list('itbx', { includeInactive: true })).map(
      (a) => `agent ${a.handle} · ${a.name} · ${a.email ?? '-'}`,
    ),
  ]);
  const state = await p.deps.store.transaction(async (repos) => {
    const record: CaseRecord | undefined = await repos.cases.byNumber('itbx', number);
    if (!record) return undefined;
    const assignee = record.assigneeId ? await repos.agents.byId('itbx', record.assigneeId) : undefined;
    const reporter = record.reporterId ? await repos.contacts.byId('itbx', record.reporterId) : undefined;
    const events = await repos.events.forCase('itbx', record.id);
    return {
      ref: record.ref,
      title: record.title,
      priority: record.priority,
      state: record.state,
      isOpen: record.isOpen,
      assignee: assignee?.handle ?? null,
      reporter: reporter?.handle ?? null,
      resolution: record.resolution,
      escalationLevel: record.escalationLevel,
      estimate: record.estimate?.minutes ?? null,
      minutesSpent: record.minutesSpent,
      // The channel differs by platform, as it should: the decision and how it came in do not.
      confirmations: Object.fromEntries(
        Object.entries(record.confirmations).map(([kind, c]) => [kind, `${c.decision} ${c.via}`]),
      ),
      nextDueAt: record.nextDueAt?.toISOString() ?? null,
      events: events.map((event) => event.type),
    };
  });
  return { ...state, directory, audit };
}

/**
 * A fresh desk for one platform's turn. On PostgreSQL the three fixtures of this file share the worker's database,
 * so each platform starts from an empty one (its predecessor's outcome is already read).
 */
async function seedDesk(p: Fixture) {
  await p.t.reset();
  await bootstrapTenants(p.deps, ['itbx']);
  const ana = await p.agent('itbx', 'ana');
  const bea = await p.agent('itbx', 'bea');
  await p.customer('itbx', 'acme', { name: 'ACME S.A.' });
  await p.contact('itbx', 'acme', 'luis');
  return { ana, bea };
}

function slackDriver(h: ReturnType<typeof useSlack>): Driver {
  let sent = 0;
  return {
    name: 'slack',
    async desk() {
      const { ana, bea } = await seedDesk(h.p);
      await h.p.deps.store.transaction((repos) => repos.platformLinks.link('slack', TEAM, 'itbx'));
      for (const [agent, id] of [
        [ana, 'UANA'],
        [bea, 'UBEA'],
      ] as const)
        await h.p.deps.store.transaction((repos) =>
          repos.identities.link('itbx', 'slack', id, { personKind: 'agent', personId: agent.id }),
        );
    },
    async run(command) {
      const key = `parity-${++sent}`;
      const text = command.replace('{bea}', '<@UBEA|bea>');
      await h.deliver(slashCommand({ text, user: 'UANA', responseUrl: h.fake.responseUrl(key) }));
      const [reply] = h.fake.responsesTo(key) as { text: string; blocks?: Json[] }[];
      const blocks = reply?.blocks ?? [];
      const title = blocks.find((block) => block.type === 'header')?.text.text;
      const facts = blocks
        .flatMap((block) => block.fields ?? [])
        .map((field: { text: string }): [string, string] => {
          const [label = '', ...value] = unescapeSlack(field.text).split('\n');
          return [label.replace(/^\*|\*$/g, ''), value.join('\n')];
        });
      const actions = blocks
        .filter((block) => block.type === 'actions')
        .flatMap((block) => block.elements)
        .map((button: Json) =>
          button.url
            ? `link ${button.url}`
            : button.action_id.startsWith('portero.prompt')
              ? `prompt ${JSON.parse(button.value).command}`
              : `command ${button.value}`,
        );
      const body = blocks.flatMap((block): string[] =>
        block.type === 'section' && block.text
          ? [unescapeSlack(block.text.text)]
          : block.type === 'context'
            ? block.elements.map((element: Json) => unescapeSlack(element.text))
            : [],
      );
      return seen(title, facts, actions, blocks.length > 0 ? body : [reply?.text ?? '']);
    },
    caseOf: (number) => caseState(h.p, number),
  };
}

function teamsDriver(h: ReturnType<typeof useTeams>): Driver {
  const ana = teamsUser('ana');
  return {
    name: 'teams',
    async desk() {
      const { ana: agent, bea } = await seedDesk(h.p);
      await h.linkTenant();
      await h.linkUser('itbx', ana.aadObjectId, agent, 'agent');
      await h.linkUser('itbx', teamsUser('bea').aadObjectId, bea, 'agent');
    },
    async run(command) {
      const before = h.fake.delivered().length;
      const typed = `case ${command.replace('{bea}', '<at>bea</at>')}`;
      expect((await h.post(message(h.fake, { from: ana, text: typed }))).status).toBe(200);
      const activity = h.fake.delivered()[before]?.body;
      const card = cardOf(activity);
      // Teams shows its markdown with the escapes undone: compare what a person reads.
      if (!card) return seen(undefined, [], [], [shown(activity?.text ?? '')]);
      const blocks: Json[] = card.body;
      const rawTitle = blocks.find((block) => block.id === 'title')?.text;
      const title = rawTitle === undefined ? undefined : shown(rawTitle);
      const facts = (blocks.find((block) => block.type === 'FactSet')?.facts ?? []).map(
        (fact: Json): [string, string] => [shown(fact.title), shown(fact.value)],
      );
      const actions = (card.actions ?? []).map((action: Json) =>
        action.type === 'Action.OpenUrl'
          ? `link ${action.url}`
          : action.type === 'Action.ShowCard'
            ? `prompt ${action.card.actions[0].data.portero}`
            : `command ${action.data.portero}`,
      );
      const body = blocks
        .filter((block) => block.type === 'TextBlock' && block.id !== 'title')
        .map((block) => shown(block.text));
      return seen(title, facts, actions, body);
    },
    caseOf: (number) => caseState(h.p, number),
  };
}

function consoleDriver(p: Fixture): Driver {
  return {
    name: 'console',
    async desk() {
      const { ana } = await seedDesk(p);
      await p.deps.store.transaction((repos) =>
        repos.identities.link('itbx', 'console', 'ana', { personKind: 'agent', personId: ana.id }),
      );
    },
    async run(command) {
      const printed: string[] = [];
      // What `portero chat --tenant itbx --as agent:ana --json` does with one line typed.
      await runConsoleChat({
        input: Readable.from([`case ${command.replace('{bea}', '@bea')}\n`]),
        write: (line) => printed.push(line),
        json: true,
        answer: async (text) =>
          (
            await handleInbound(
              p.deps,
              {
                platform: 'console',
                tenantId: 'itbx',
                conversation: { id: 'dm:ana', kind: 'dm' },
                user: { id: 'ana' },
                text,
                addressed: true,
              },
              { prefix: 'case' },
            )
          ).replies,
      });
      const reply = JSON.parse(printed[0] ?? '{}') as Json;
      const actions = (reply.actions ?? []).map((action: Json) =>
        action.kind === 'link' ? `link ${action.url}` : `${action.kind} ${action.command}`,
      );
      const facts = (reply.fields ?? []).map((field: Json): [string, string] => [field.label, field.value]);
      // Plain text carries everything: the title and the fields are shown above, the rest is the body.
      const shown = new Set([reply.title, ...facts.map(([label, value]: [string, string]) => `${label}: ${value}`)]);
      const body = String(reply.text ?? '')
        .split('\n')
        .filter((line) => !shown.has(line));
      return seen(reply.title, facts, actions, body);
    },
    caseOf: (number) => caseState(p, number),
  };
}

interface Row {
  command: string;
  given?: string[];
  /** What the command must have done, on every platform. */
  expected: (state: Record<string, unknown> | undefined, reply: Seen) => void;
}

const OPEN = 'new alta luis El portal no carga';
// itbx: the case leaves ABIERTO only with an engineer assigned.
const ASSIGNED = [OPEN, 'assign ITBX-1 me'];
const TO_TESTING = [...ASSIGNED, 'move ITBX-1 analisis', 'move ITBX-1 solucion', 'move ITBX-1 pruebas'];
// "Se da por resuelta la incidencia con el aval del cliente": the acceptance, recorded on the customer's behalf.
const ACCEPTED = [...TO_TESTING, 'confirm ITBX-1 acceptance Luis lo aceptó por teléfono'];

const NOTES = Array.from({ length: 10 }, (_, i) => `note ITBX-1 Nota ${i + 1}`);

const ROWS: Row[] = [
  {
    command: 'help',
    expected: (_state, reply) =>
      expect(Object.keys(reply.facts).some((usage) => usage.startsWith('case new'))).toBe(true),
  },
  {
    command: OPEN,
    expected: (state, reply) => {
      expect(state).toMatchObject({ ref: 'ITBX-1', priority: 'alta', state: 'abierto', reporter: 'luis' });
      expect(reply.title).toBe('ITBX-1 · El portal no carga');
      expect(reply.actions).toContain('command assign ITBX-1 me');
    },
  },
  { command: 'show ITBX-1', given: [OPEN], expected: (_s, reply) => expect(reply.facts.Cliente).toBe('ACME S.A.') },
  // Eleven events: the history's second page, a button away, with the CLI's page size and words.
  {
    command: 'show ITBX-1',
    given: [OPEN, ...NOTES],
    expected: (_s, reply) => {
      expect(reply.body).toContain('Historia (página 1/2, lo último primero):');
      expect(reply.body).toContain('Más: case show ITBX-1 page 2');
      expect(reply.actions).toContain('command show ITBX-1 page 2');
    },
  },
  {
    command: 'ver ITBX-1 página 2',
    given: [OPEN, ...NOTES],
    expected: (_s, reply) => {
      expect(reply.body).toContain('Historia (página 2/2, lo último primero):');
      expect(reply.body).toMatch(/· abierto · /);
      expect(reply.body).not.toContain('Nota 10');
      expect(reply.actions.filter((action) => action.includes(' page '))).toEqual([]);
    },
  },
  { command: 'list', given: [OPEN], expected: (_s, reply) => expect(JSON.stringify(reply)).toContain('ITBX-1') },
  // An agent's own directory work: contacts of the tenant's customers and their own profile, audited as theirs.
  {
    command: 'contact add pedro --customer acme --name "Pedro Gil" --email pedro@acme.example',
    expected: (state, reply) => {
      expect(reply.body).toBe('Contacto pedro añadido a acme.');
      expect(state?.directory).toContain('contact pedro · Pedro Gil · pedro@acme.example');
      expect(state?.audit).toEqual(['directory.added contact pedro by ana agent via chat']);
    },
  },
  {
    command: 'contacto cambiar luis --nombre "Luis Ruiz" --correo luis.ruiz@acme.example',
    expected: (state, reply) => {
      expect(reply.body).toBe('Contacto luis actualizado.');
      expect(state?.directory).toContain('contact luis · Luis Ruiz · luis.ruiz@acme.example');
      expect(state?.audit).toEqual(['directory.updated contact luis by ana agent via chat']);
    },
  },
  {
    command: 'contact remove luis',
    given: [OPEN],
    expected: (state, reply) => {
      expect(reply.body).toBe('Contacto luis dado de baja (sus casos conservan su nombre).');
      expect(state?.directory).toContain('contact luis · luis · luis@example.test · inactive');
      expect(state?.audit).toEqual(['directory.deactivated contact luis by ana agent via chat']);
    },
  },
  {
    command: 'contact add pepa --customer acme --email pepa@acme.invalid',
    given: ['contact add pedro --customer acme'],
    expected: (state, reply) => {
      // ITBX: two reporters a company; the refusal is the CLI's, in the agent's words.
      expect(reply.body).toMatch(/^⚠️ .*acme.* 2/);
      expect(JSON.stringify(state?.directory)).not.toContain('contact pepa');
    },
  },
  {
    command: 'agent update me --name "Ana Ruiz" --email ana.ruiz@itbx.example',
    expected: (state, reply) => {
      expect(reply.body).toBe('Agente ana actualizado.');
      expect(state?.directory).toContain('agent ana · Ana Ruiz · ana.ruiz@itbx.example');
      expect(state?.audit).toEqual(['directory.updated agent ana by ana agent via chat']);
    },
  },
  {
    command: 'agent update bea --name Beatriz',
    expected: (state, reply) => {
      expect(reply.body).toBe(
        '⚠️ Cambiar a otro agente: solo el operador, desde la línea de comandos (portero agent …). En el chat cambias los contactos de los clientes y tu propio perfil (agent update me).',
      );
      expect(state?.audit).toEqual([]);
    },
  },
  {
    command: 'channel remove slack C0SOPORTE',
    expected: (_s, reply) => expect(reply.body).toMatch(/^⚠️ Cambiar canales: solo el operador, .*portero channel/),
  },
  // The list filters: the same cases and the same title on every platform.
  {
    command: 'list all "ACME S.A."',
    given: [OPEN],
    expected: (_s, reply) => {
      expect(reply.title).toBe('Casos (todos · acme): 1');
      expect(reply.body).toContain('ITBX-1');
    },
  },
  {
    command: 'list closed acme',
    given: [OPEN],
    expected: (_s, reply) => expect(JSON.stringify(reply)).toContain('Casos (cerrados · acme): 0'),
  },
  {
    command: 'list abierto @ana',
    given: ASSIGNED,
    expected: (_s, reply) => {
      expect(reply.title).toBe('Casos (abiertos · abierto · @ana): 1');
      expect(reply.body).toContain('ITBX-1');
    },
  },
  {
    command: 'list buscar portales',
    given: [OPEN],
    expected: (_s, reply) => {
      expect(reply.title).toBe('Casos (abiertos · «portales»): 1');
      expect(reply.body).toContain('ITBX-1');
    },
  },
  { command: 'sla ITBX-1', given: [OPEN], expected: (_s, reply) => expect(reply.title).toMatch(/^SLA ITBX-1/) },
  { command: 'assign ITBX-1 me', given: [OPEN], expected: (state) => expect(state?.assignee).toBe('ana') },
  { command: 'assign ITBX-1 {bea}', given: [OPEN], expected: (state) => expect(state?.assignee).toBe('bea') },
  { command: 'move ITBX-1 analisis', given: ASSIGNED, expected: (state) => expect(state?.state).toBe('analisis') },
  {
    command: 'move ITBX-1 Análisis',
    given: [OPEN],
    expected: (state, reply) => {
      expect(state?.state).toBe('abierto');
      expect(reply.body).toMatch(/^⚠️ .* case assign ITBX-1 me\|@agente\.$/);
    },
  },
  {
    command: 'note ITBX-1 Revisado el balanceador',
    given: [OPEN],
    expected: (state) => expect(state?.events).toContain('note'),
  },
  {
    command: 'reply ITBX-1 Estamos revisando el portal',
    given: [OPEN],
    expected: (state) => expect(state?.events).toContain('replied'),
  },
  {
    command: 'wait ITBX-1 Necesitamos los registros',
    given: ASSIGNED,
    expected: (state) => expect(state?.state).toBe('esperando-cliente'),
  },
  { command: 'priority ITBX-1 baja', given: [OPEN], expected: (state) => expect(state?.priority).toBe('baja') },
  {
    command: 'escalate ITBX-1 Cliente con contrato crítico',
    given: ['new media luis El portal no carga'],
    expected: (state) => expect(state).toMatchObject({ priority: 'alta', escalationLevel: 1 }),
  },
  {
    command: 'close ITBX-1 Se reinició el pool de conexiones',
    given: ACCEPTED,
    expected: (state) =>
      expect(state).toMatchObject({ isOpen: false, resolution: 'Se reinició el pool de conexiones' }),
  },
  {
    command: 'reopen ITBX-1 Volvió a fallar',
    given: [...ACCEPTED, 'close ITBX-1 Listo'],
    expected: (state) => expect(state).toMatchObject({ isOpen: true, state: 'analisis' }),
  },
  {
    command: 'close ITBX-1 Listo',
    given: TO_TESTING,
    expected: (state, reply) => {
      expect(state).toMatchObject({ isOpen: true, state: 'pruebas' });
      expect(reply.body).toMatch(/^⚠️ .*sin la aceptación \(aval\) del cliente/);
    },
  },
  {
    command: 'confirmar ITBX-1 aval Luis lo aceptó por teléfono',
    given: TO_TESTING,
    expected: (state, reply) => {
      expect(state?.confirmations).toEqual({ acceptance: 'given on_behalf' });
      expect(state?.events).toContain('customer_confirmation');
      expect(reply.facts['Aceptación del cliente']).toMatch(/^dada, registrada por un agente a su nombre, /);
    },
  },
  {
    command: 'override ITBX-1 cerrada El cliente no contesta y la solución está en producción',
    given: TO_TESTING,
    expected: (state) =>
      expect(state).toMatchObject({
        isOpen: false,
        state: 'cerrada',
        resolution: 'El cliente no contesta y la solución está en producción',
      }),
  },
  {
    command: 'estimate ITBX-1 6,5 Migración de la caché',
    given: [OPEN],
    expected: (state, reply) => {
      expect(state?.estimate).toBe(390);
      // Hours as the agent typed them (6,5), and no word of an earlier approval where there was none.
      expect(reply.facts.Estimación).toBe('6,5 h · Migración de la caché');
      expect(JSON.stringify(reply)).toContain('Estimación de ITBX-1 registrada.');
      expect(JSON.stringify(reply)).not.toContain('deja de valer');
    },
  },
  {
    command: 'hours ITBX-1 1h30m Revisión de registros',
    given: [OPEN, 'estimate ITBX-1 6'],
    expected: (state, reply) => {
      expect(state?.minutesSpent).toBe(90);
      expect(reply.facts['Horas dedicadas']).toBe('1,5 h de 6 h (25 %)');
    },
  },
  { command: 'cancel ITBX-1 Duplicado', given: [OPEN], expected: (state) => expect(state?.state).toBe('cancelada') },
  {
    command: 'move ITBX-1 cerrada',
    given: [OPEN],
    expected: (state, reply) => {
      expect(state?.state).toBe('abierto');
      expect(reply.body).toMatch(/^⚠️/);
    },
  },
];

describe('every agent command: the same outcome on Slack, Teams and the console', () => {
  const drivers: Driver[] = [slackDriver(useSlack()), teamsDriver(useTeams()), consoleDriver(usePortero())];

  it.each(ROWS)(
    'case $command',
    async (row) => {
      const outcomes: { platform: string; reply: Seen; state: unknown }[] = [];
      for (const driver of drivers) {
        await driver.desk();
        for (const command of row.given ?? []) await driver.run(command);
        const reply = await driver.run(row.command);
        // The channel a case came in by is the platform's own name: the one fact that must differ.
        delete reply.facts['Entró por'];
        const state = await driver.caseOf(1);
        row.expected(state, reply);
        outcomes.push({ platform: driver.name, reply, state });
      }
      const [first, ...others] = outcomes;
      for (const other of others) {
        // The console prints the whole text; Slack and Teams show notes where it has paragraphs (the help's
        // Spanish aliases are text only): every line the cards show must be there, nothing else must differ.
        const body = other.platform === 'console' ? first!.reply.body : other.reply.body;
        if (other.platform === 'console')
          for (const line of first!.reply.body.split('\n')) expect(other.reply.body.split('\n')).toContain(line);
        expect({ ...other, platform: first!.platform, reply: { ...other.reply, body } }).toEqual(first);
      }
    },
    120_000,
  );
});
