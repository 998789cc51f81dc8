import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';

// `portero chat` as people run it: a real process, messages piped on stdin, a data directory of its own (PGlite) or
// an empty database of this run (PostgreSQL). Each run opens the database afresh, as a second terminal would.

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Monday 23 November 2026, 10:00 in Bogotá: inside itbx's support hours. */
const MONDAY = '2026-11-23T15:00:00Z';
/** A run opens (and on the first, creates and migrates) the database: seconds, not milliseconds. */
const RUN_LIMIT_MS = 90_000;
const SLOW = 4 * RUN_LIMIT_MS;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let env: NodeJS.ProcessEnv;
let dir: string;

/** Runs `portero <args>` with `input` on stdin; killed (and the test failed) if it outlives RUN_LIMIT_MS. */
function portero(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`portero ${args.join(' ')} still running after ${RUN_LIMIT_MS} ms\n${stdout}\n${stderr}`));
    }, RUN_LIMIT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const chat = (as: string, lines: string[], ...extra: string[]) =>
  portero(['chat', '--tenant', 'itbx', '--as', as, ...extra], lines.map((line) => `${line}\n`).join(''));

/** Replies of a plain-text run: each starts with the private marker. */
const replies = (run: Run) => run.stdout.split(/^(?=🔒 )/m).filter((block) => block.trim() !== '');
const jsonLines = (run: Run) =>
  run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portero-cli-chat-'));
  const { DATABASE_URL, PORTERO_DATA_DIR, ...rest } = process.env;
  env = { ...rest, LOG_LEVEL: 'warn', PORTERO_DATA_DIR: join(dir, 'data') };
  if (testDriver() === 'postgres') {
    const database = await openEmptyDatabase('chat_cli');
    await database.close();
    if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
    env.DATABASE_URL = database.url;
  }
}, SLOW);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`portero chat on ${testDriver()}`, () => {
  it(
    'works on an empty database right away: the presets are tenants, a customer gets one redirect, chit-chat nothing',
    async () => {
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
      expect(reply).toContain('Abra su caso por:\n• Centro de asistencia de ITBX: https://soporte.itbx.invalid');
      expect(reply).toContain('Horario de atención: lunes a viernes de 08:00 a 17:00');
      expect(reply).toContain('Incluya en el caso:');
    },
    SLOW,
  );

  it(
    'agent:<handle> must be a registered agent: a clear error and exit 2; so must the tenant exist',
    async () => {
      const unknown = await chat('agent:nobody', ['list']);
      expect(unknown).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'portero chat: --as agent:nobody: there is no agent "nobody" in itbx (add one: portero agent add nobody --tenant itbx)\n',
      });
      const tenant = await portero(['chat', '--tenant', 'nowhere', '--as', 'customer:ana'], 'hola\n');
      expect(tenant.code).toBe(2);
      expect(tenant.stderr).toMatch(/^portero chat: there is no tenant "nowhere"; tenants here: .*itbx/);
      const badNow = await chat('customer:ana', [], '--now', 'yesterday');
      expect(badNow.code).toBe(2);
      expect(badNow.stderr).toContain('--now must be an ISO-8601 instant');
    },
    SLOW,
  );

  it(
    '--json: one object a reply, with text, visibility and the case where there is one; --now is the clock',
    async () => {
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
        { kind: 'link', label: 'Centro de asistencia de ITBX', url: 'https://soporte.itbx.invalid' },
      ]);

      const posing = await chat('customer:bob', ['hola']);
      expect(posing.code).toBe(2);
      expect(posing.stderr).toContain('"bob" is an agent of itbx; use --as agent:bob');
    },
    SLOW,
  );

  it(
    'continues a conversation across runs: a second run within the window gets no reply, one after it does',
    async () => {
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
    },
    SLOW,
  );
});
