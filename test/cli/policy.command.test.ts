import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/portero.ts';

/** An io that keeps what the command prints. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), stdin: process.stdin };
  return { io, out, err };
}

async function portero(...argv: string[]) {
  const { io, out, err } = capture();
  const code = await runCli(argv, io);
  return { code, out, err };
}

const PRESET_FILES = ['arcoirisapp', 'crosspoint365', 'itbx', 'jd-services', 'oys'].map((id) => `policies/${id}.yaml`);
const FIXTURES = 'test/fixtures/policies';

describe('portero policy check', () => {
  it('passes the presets with one summary line each, and a warning per placeholder or unconfirmed assumption', async () => {
    const { code, out, err } = await portero('policy', 'check', ...PRESET_FILES);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const placeholder = (file: string, path: string, value: string) =>
      `policies/${file}.yaml: warning: ${path}: placeholder "${value}" (customers are not shown it): set the real one`;
    const hours = (file: string) =>
      `policies/${file}.yaml: warning: calendars.laboral: unconfirmed assumption (business hours), not shown to ` +
      'customers until it is confirmed ("assumption: confirmed") or replaced';
    expect(out).toEqual([
      'policies/arcoirisapp.yaml: ok (arcoirisapp, arcoirisapp): 3 priorities, 1 calendar, 6 states',
      'policies/crosspoint365.yaml: ok (crosspoint365, CrossPoint 365): 3 priorities, 1 calendar, 6 states',
      placeholder('crosspoint365', 'channels.accepted[2].url', 'https://dev.azure.com/crosspoint365.invalid'),
      'policies/itbx.yaml: ok (itbx, ITBX): 3 priorities, 1 calendar, 8 states',
      // Seed 001 never states its "horario comercial"; seed 004 states no hours at all.
      'policies/jd-services.yaml: ok (jd-services, JD Services): 3 priorities, 1 calendar, 6 states',
      hours('jd-services'),
      'policies/oys.yaml: ok (oys, OYS): 3 priorities, 1 calendar, 9 states',
      hours('oys'),
      placeholder('oys', 'channels.accepted[0].address', 'soporte@oys.invalid'),
    ]);
  });

  it('prints each problem with its file and path, and fails', async () => {
    const bad = `${FIXTURES}/bad-references.yaml`;
    const { code, out } = await portero('policy', 'check', `${FIXTURES}/bad-duration.yaml`, bad);
    expect(code).toBe(1);
    expect(out).toEqual([
      `${FIXTURES}/bad-duration.yaml: priorities[1].targets.firstResponse: expected a duration like "4h" or "90m", got "4 horas"`,
      `${bad}: priorities[0].calendar: unknown calendar "nocturno"; expected one of 24x7, laboral`,
      `${bad}: channels.accepted[0].address: expected an address (or channels.routeEmailByPriority: true)`,
      `${bad}: lifecycle.states[1].next[0]: unknown state "analisis"`,
    ]);
  });

  it('fails when any one file fails, still summarising the valid ones', async () => {
    const { code, out } = await portero(
      'policy',
      'check',
      `${FIXTURES}/valid-minimal.yaml`,
      `${FIXTURES}/bad-syntax.yaml`,
    );
    expect(code).toBe(1);
    expect(out[0]).toBe(
      `${FIXTURES}/valid-minimal.yaml: ok (minimal, Soporte mínimo): 1 priority, 1 calendar, 2 states`,
    );
    expect(out.slice(1)).toEqual([
      `${FIXTURES}/valid-minimal.yaml: warning: channels.accepted[0].url: placeholder "https://portal.minimal.invalid" (customers are not shown it): set the real one`,
      expect.stringMatching(/^test\/fixtures\/policies\/bad-syntax\.yaml: .*Flow sequence/),
    ]);
  });

  it('reports a file that cannot be read', async () => {
    const { code, out } = await portero('policy', 'check', `${FIXTURES}/missing.yaml`);
    expect(code).toBe(1);
    expect(out).toEqual([expect.stringMatching(/^test\/fixtures\/policies\/missing\.yaml: cannot read .*ENOENT$/)]);
  });

  it('wants at least one file', async () => {
    const { code, err } = await portero('policy', 'check');
    expect(code).toBe(2);
    expect(err[0]).toBe('portero policy: check needs at least one file');
  });
});

describe('portero policy show', () => {
  it('shows itbx: hours per day, Colombian holidays, lifecycle with kinds and transitions', async () => {
    const { code, out } = await portero('policy', 'show', 'itbx');
    expect(code).toBe(0);
    expect(out[0]).toBe('itbx: ITBX');
    expect(out).toContain('  locale es, time zone America/Bogota, default calendar laboral');
    expect(out).toContain('    mon  08:00-17:00');
    expect(out).toContain('    sat  09:00-12:00');
    expect(out).toContain('    sun  closed');
    expect(out).toContain('    holidays: public holidays of CO');
    expect(out).toContain('  abierto  Abierto  [new, requires an assignee] -> analisis, esperando-cliente, cancelada');
    expect(out).toContain("    to cerrada: the customer's acceptance"); // "con el aval del cliente"
    expect(out).toContain('first response: reply, wait');
    expect(out).toContain('  pruebas  Pruebas  [testing, pauses SLA] -> cerrada, analisis, solucion');
    expect(out).toContain('  cerrada  Cerrada  [closed]');
    expect(out).toContain('  reporters per customer company: at most 2');
    expect(out).toContain(
      '  questions (not cases): soporte@itbx.co, +57 601 3557622, +57 601 467 22 22, +57 350 318 99 22',
    );
  });

  it('shows jd-services priorities with severity, calendar, targets as durations and intake', async () => {
    const { code, out } = await portero('policy', 'show', 'policies/jd-services.yaml');
    expect(code).toBe(0);
    expect(out).toContain('  A  A (Alta)  critical  calendar 24x7');
    expect(out).toContain(
      '    targets: first response 1h, next update 2h, resolution 8h; intake soporte-a@jd-services.eu',
    );
    expect(out).toContain('  refused: phone, slack, teams, whatsapp, chat, video-call');
    expect(out).toContain('  reopen: never (open a new case)');
    expect(out).toContain('  plans: standard (default for a new customer: standard)');
    expect(out).not.toContain('monthly quota');
    expect(out).toContain('checklist: 15 items; guidelines: 23');
  });

  it('shows the split shift, the quota, the warranty and the managers of arcoirisapp in English', async () => {
    const { code, out } = await portero('policy', 'show', 'arcoirisapp', '--locale', 'en');
    expect(code).toBe(0);
    expect(out).toContain('    mon  08:00-12:00, 14:00-17:00');
    expect(out).toContain('  plans: basic, premium (default for a new customer: basic)');
    expect(out).toContain('  monthly quota: basic 5; unlimited: premium');
    expect(out).toContain('  reopen: free within 8 days, afterwards new-billable-request');
    expect(out).toContain('  auto-close after 2 unanswered contact attempts on business days');
    expect(out).toContain('  managers: Gerencia iDinámica <gerencia@idinamica.co>');
    expect(out).toContain('  nuevo  New  [new] -> en-progreso, esperando-usuario, cancelado');
  });

  it('refuses an unknown id, listing the presets', async () => {
    const { code, out, err } = await portero('policy', 'show', 'acme');
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'portero policy: unknown policy "acme"; expected a path or one of: arcoirisapp, crosspoint365, itbx, jd-services, oys',
    ]);
  });

  it('prints the problems of an invalid file and fails', async () => {
    const { code, err } = await portero('policy', 'show', `${FIXTURES}/bad-duration.yaml`);
    expect(code).toBe(1);
    expect(err).toEqual([
      `${FIXTURES}/bad-duration.yaml: priorities[1].targets.firstResponse: expected a duration like "4h" or "90m", got "4 horas"`,
    ]);
  });
});

describe('portero policy usage', () => {
  it.each([[[]], [['frobnicate']], [['show']], [['show', 'itbx', 'oys']], [['show', 'itbx', '--locale', 'fr']]])(
    'prints the usage and exits 2 for %j',
    async (args) => {
      const { code, out, err } = await portero('policy', ...args);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err.join('\n')).toContain('usage: portero policy check <file|id>');
    },
  );

  it('lists the presets', async () => {
    const { code, out } = await portero('policy', 'list');
    expect(code).toBe(0);
    expect(out).toEqual(['arcoirisapp', 'crosspoint365', 'itbx', 'jd-services', 'oys']);
  });
});
