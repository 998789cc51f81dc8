import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPortero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `policy check` also looks at the deployment's tenants on the checked policies: on the test database here.
useCliDeployment('policy');

/** `portero …` in-process, with what it printed on stderr line by line. */
async function portero(...argv: string[]) {
  const { code, out, err } = await runPortero(argv);
  return { code, out, err: err === '' ? [] : err.split('\n') };
}

/** The warnings `policy check` prints about the deployment's tenants, as opposed to those about the files. */
const aboutTenants = (line: string) => /: warning: tenant /.test(line);

const PRESET_FILES = ['arcoirisapp', 'crosspoint365', 'itbx', 'jd-services', 'oys'].map((id) => `policies/${id}.yaml`);
const FIXTURES = 'test/fixtures/policies';

describe('portero policy check', () => {
  it('passes the presets with one summary line each, and a warning per placeholder or unconfirmed assumption', async () => {
    const { code, out: all, err } = await portero('policy', 'check', ...PRESET_FILES);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const out = all.filter((line) => !aboutTenants(line));
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

  it(`warns, per tenant on a checked policy, of managers nobody can reach and agent channels bound nowhere, on ${testDriver()}`, async () => {
    expect(await portero('agent', 'add', 'gerente', '--tenant', 'itbx', '--role', 'manager')).toMatchObject({
      code: 0,
      err: [
        'warning: manager gerente has no Slack, Teams or email: their SLA alerts will reach nobody (add --slack, --teams or --email)',
      ],
    });
    await portero('agent', 'add', 'gerenta', '--tenant', 'itbx', '--role', 'manager', '--slack', 'U0GERENTA');
    await portero(
      'channel',
      'add',
      'slack',
      'C0SOPORTE',
      '--tenant',
      'itbx',
      '--purpose',
      'agent',
      '--name',
      'soporte',
    );
    const ok = await portero('policy', 'check', 'policies/itbx.yaml');
    expect(ok).toEqual({
      code: 0,
      out: [
        'policies/itbx.yaml: ok (itbx, ITBX): 3 priorities, 1 calendar, 8 states',
        'policies/itbx.yaml: warning: tenant itbx: manager gerente has no Slack, Teams or email: their SLA alerts will reach nobody (add --slack, --teams or --email)',
        "policies/itbx.yaml: warning: tenant itbx: agent channel soporte-critico is bound on no platform: its cases' cards and alerts go nowhere (portero channel add … --purpose agent --name soporte-critico)",
      ],
      err: [],
    });
    // Warnings never change the exit code: a broken file beside it still fails with 1, and the warnings are printed.
    const failing = await portero('policy', 'check', 'policies/itbx.yaml', `${FIXTURES}/bad-duration.yaml`);
    expect(failing.code).toBe(1);
    expect(failing.out.filter(aboutTenants)).toEqual(ok.out.slice(1));
    // Once reachable (an email) and bound, nothing is left to say.
    await portero('agent', 'update', 'gerente', '--tenant', 'itbx', '--email', 'gerente@itbx.example');
    await portero(
      'channel',
      'add',
      'teams',
      '19:critico',
      '--tenant',
      'itbx',
      '--purpose',
      'agent',
      '--name',
      'soporte-critico',
    );
    expect((await portero('policy', 'check', 'itbx')).out.filter(aboutTenants)).toEqual([]);
  });

  it('says when the deployment could not be opened, and keeps the exit code of the files', async () => {
    const saved = process.env.PORTERO_POLICIES_DIR;
    process.env.PORTERO_POLICIES_DIR = 'test/fixtures/no-such-policies-dir';
    try {
      expect(await portero('policy', 'check', 'policies/itbx.yaml')).toEqual({
        code: 0,
        out: [
          'policies/itbx.yaml: ok (itbx, ITBX): 3 priorities, 1 calendar, 8 states',
          "warning: the deployment's tenants were not checked: policies directory test/fixtures/no-such-policies-dir does not exist: check PORTERO_POLICIES_DIR",
        ],
        err: [],
      });
    } finally {
      if (saved === undefined) delete process.env.PORTERO_POLICIES_DIR;
      else process.env.PORTERO_POLICIES_DIR = saved;
    }
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

describe('portero policy check before any deployment', () => {
  it('checks the files and neither opens nor creates an embedded database', async () => {
    // A manager nobody can reach: the warning would be printed if the deployment were looked at.
    await portero('agent', 'add', 'sinvia', '--tenant', 'itbx', '--role', 'manager');
    const saved = { data: process.env.PORTERO_DATA_DIR, url: process.env.DATABASE_URL };
    const root = mkdtempSync(join(tmpdir(), 'portero-policy-check-'));
    process.env.PORTERO_DATA_DIR = join(root, 'data');
    delete process.env.DATABASE_URL;
    try {
      const { code, out } = await portero('policy', 'check', 'policies/itbx.yaml');
      expect(code).toBe(0);
      expect(out).toEqual(['policies/itbx.yaml: ok (itbx, ITBX): 3 priorities, 1 calendar, 8 states']);
      expect(existsSync(process.env.PORTERO_DATA_DIR)).toBe(false);
    } finally {
      process.env.PORTERO_DATA_DIR = saved.data;
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      rmSync(root, { recursive: true, force: true });
    }
  });
});
