import { describe, expect, it } from 'vitest';
import { runPortero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `portero chat` in-process on the test database (PGlite, or PostgreSQL with DATABASE_URL), messages given as its
// stdin. Each run opens Portero on the database afresh, as a second terminal would; the database starts empty.
// test/cli/bin.smoke.test.ts pipes messages into the real executable.

/** Monday 23 November 2026, 10:00 in Bogotá: inside itbx's support hours. */
const MONDAY = '2026-11-23T15:00:00Z';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

useCliDeployment('chat', { start: MONDAY });

/** Runs `portero <args>` with `input` on stdin; what it printed as the process would have written it. */
async function portero(args: string[], input: string[] = []): Promise<Run> {
  const { code, out, err } = await runPortero(args, { stdin: input });
  return { code, stdout: out.map((line) => `${line}\n`).join(''), stderr: err === '' ? '' : `${err}\n` };
}

const chat = (as: string, lines: string[], ...extra: string[]) =>
  portero(['chat', '--tenant', 'itbx', '--as', as, ...extra], lines);

/** Replies of a plain-text run: each starts with the private marker. */
const replies = (run: Run) => run.stdout.split(/^(?=🔒 )/m).filter((block) => block.trim() !== '');
const jsonLines = (run: Run) =>
  run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe(`portero chat on ${testDriver()}`, { timeout: 60_000 }, () => {
  it('works on an empty database right away: the presets are tenants, a customer gets one redirect, chit-chat nothing', async () => {
    const run = await chat(
      'customer:ana',
      ['hola', 'No puedo entrar al portal, me da error 500', '¿Alguien me ayuda?', 'gracias'],
      '--now',
      MONDAY,
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [reply, ...more] = replies(run);
    expect(more).toEqual([]);
    expect(reply).toMatch(/^🔒 Gracias por escribirnos, pero el chat no es un canal de soporte de ITBX\./);
    // The preset gives the help centre no url: it is Portero's built-in portal.
    expect(reply).toContain('Abra su caso por:\n• Centro de asistencia de ITBX: http://localhost:3000/portal/itbx/\n');
    expect(reply).not.toContain('.invalid');
    expect(reply).toContain('Horario de atención: lunes a viernes de 08:00 a 17:00');
    expect(reply).toContain('Incluya en el caso:');
  });

  it('agent:<handle> must be a registered agent: a clear error and exit 2; so must the tenant exist', async () => {
    const unknown = await chat('agent:nobody', ['list']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'portero chat: --as agent:nobody: there is no agent "nobody" in itbx (add one: portero agent add nobody --tenant itbx)\n',
    });
    const tenant = await portero(['chat', '--tenant', 'nowhere', '--as', 'customer:ana'], ['hola']);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toMatch(/^portero chat: there is no tenant "nowhere"; tenants here: .*itbx/);
    const badNow = await chat('customer:ana', [], '--now', 'yesterday');
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now must be an ISO-8601 instant');
  });

  it('--json: one object a reply, with text, visibility and the case where there is one; --now is the clock', async () => {
    expect(await portero(['customer', 'add', 'acme', '--tenant', 'itbx'])).toMatchObject({ code: 0, stderr: '' });
    expect(await portero(['agent', 'add', 'bob', '--tenant', 'itbx', '--name', 'Bob'])).toMatchObject({
      code: 0,
      stderr: '',
    });
    const agent = await chat(
      'agent:bob',
      ['case new alta acme Portal caído', 'case sla ITBX-1', 'case list', 'case mover 1 pruebas'],
      '--json',
      '--now',
      MONDAY,
    );
    expect(agent).toMatchObject({ code: 0, stderr: '' });
    const [opened, sla, list, refused, ...more] = jsonLines(agent);
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ visibility: 'private', case: 'ITBX-1' });
    expect(opened!.text).toMatch(/^Caso ITBX-1 abierto\.\nITBX-1 · Portal caído\n/);
    // Opened at --now (10:00 in Bogotá): the one-hour first response is due at 11:00 the same day.
    expect(sla).toMatchObject({ visibility: 'private', case: 'ITBX-1' });
    expect(sla!.text).toContain('Primera respuesta: en plazo, vence lun 23 nov 11:00');
    expect(list).toEqual(
      expect.objectContaining({
        visibility: 'private',
        text: expect.stringMatching(/^Casos \(abiertos\): 1\nITBX-1 · /),
      }),
    );
    expect(list).not.toHaveProperty('case');
    expect(refused!.text).toMatch(
      /^⚠️ El caso no puede pasar de «abierto» a «pruebas»\. Estados siguientes permitidos: /,
    );

    const customer = await chat('customer:carla', ['¿Cómo va mi caso ITBX-1?'], '--json', '--now', MONDAY);
    const [status, ...none] = jsonLines(customer);
    expect(none).toEqual([]);
    expect(status).toMatchObject({ visibility: 'private', title: 'El chat no es un canal de soporte' });
    expect(status!.text).toMatch(
      /el estado de los casos solo se informa por estos medios: centro de asistencia de ITBX; no por chat\./,
    );
    expect(status).not.toHaveProperty('case');
    expect(status!.actions).toEqual([
      { kind: 'link', label: 'Centro de asistencia de ITBX', url: 'http://localhost:3000/portal/itbx/' },
    ]); // the built-in portal

    const posing = await chat('customer:bob', ['hola']);
    expect(posing.code).toBe(2);
    expect(posing.stderr).toContain('"bob" is an agent of itbx; use --as agent:bob');
  });

  it('continues a conversation across runs: a second run within the window gets no reply, one after it does', async () => {
    const first = await chat('customer:dario', ['El reporte de ventas no carga'], '--now', MONDAY);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(replies(first)).toHaveLength(1);
    // 3 h 59 min later, another terminal, the same DM: the window (4 h) still holds.
    const inside = await chat(
      'customer:dario',
      ['Sigue sin cargar, ¿me ayudan?', `mi clave es Verano2024!`],
      '--now',
      '2026-11-23T18:59:00Z',
    );
    expect(inside).toMatchObject({ code: 0, stderr: '' });
    // Only the warning about the password, never a second redirect.
    expect(inside.stdout).toBe(
      '🔒 No envíe contraseñas, claves ni datos de tarjetas por ningún canal; no hemos guardado su mensaje.\n',
    );
    const after = await chat('customer:dario', ['Sigue sin cargar'], '--now', '2026-11-23T19:00:00Z');
    expect(replies(after)).toHaveLength(1);
    expect(after.stdout).toMatch(/^🔒 Gracias por escribirnos/);
  });

  // The input rules in the console chat: the same refusal words as the CLI, Slack and Teams, in the agent's language.
  it('refuses a title or a note past the input rules, naming the field and the limit', async () => {
    await portero(['customer', 'add', 'reglas', '--tenant', 'itbx']);
    await portero(['agent', 'add', 'rita', '--tenant', 'itbx']);
    const run = await chat('agent:rita', [`case new alta reglas ${'t'.repeat(201)}`, 'case new alta reglas Corto']);
    const [tooLong, opened] = replies(run);
    expect(tooLong).toBe('🔒 ⚠️ El campo «título» admite como máximo 200 caracteres; tiene 201.\n');
    expect(opened).toMatch(/^🔒 Caso ITBX-\d+ abierto\./);
  });
});
