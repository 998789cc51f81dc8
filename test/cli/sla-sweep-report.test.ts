import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_START, portero, useCliDeployment } from '../helpers/cli-deployment.ts';

// `portero sla sweep` and `portero sla report` in-process on the test database. The case is opened at the
// deployment's test clock; jd-services A runs on the 24x7 calendar (first response 1 h), so its instants are the
// opening plus whole minutes, and `--now` picks the instant the monitor is asked about.

const MINUTE = 60_000;
const openedAt = Date.parse(CLI_START);

const at = (minutes: number) => new Date(openedAt + minutes * MINUTE).toISOString();

useCliDeployment('sla', {
  seed: [
    ['customer', 'add', 'acme', '--tenant', 'jd-services'],
    ['contact', 'add', 'carlos', '--tenant', 'jd-services', '--customer', 'acme', '--email', 'carlos@acme.example'],
    ['agent', 'add', 'ana', '--tenant', 'jd-services', '--timezone', 'Europe/Madrid'],
  ],
});

beforeAll(async () => {
  const opened = await portero(
    'case',
    'open',
    '--tenant',
    'jd-services',
    '--as',
    'ana',
    '--customer',
    'acme',
    '--priority',
    'A',
    '--title',
    'Caída total del servicio de correo',
  );
  if (opened.code !== 0) throw new Error(`opening failed: ${opened.err}`);
});

describe('portero sla sweep', () => {
  it('--dry-run shows the due timers and writes nothing; the real pass fires them once', async () => {
    const shown = await portero('sla', 'sweep', '--now', at(50), '--dry-run');
    expect(shown.code).toBe(0);
    expect(shown.out[0]).toBe(`2 timer(s) due at ${at(50)}; would fire 2 (dry run: nothing was written)`);
    expect(shown.out.join('\n')).toMatch(/JDS-1 {2}assign\.nudge {2}fired/);
    expect(shown.out.join('\n')).toMatch(
      /JDS-1 {2}sla\.warning firstResponse @0\.75 {2}fired\n {6}⏳ JDS-1: Primera respuesta vence/,
    );

    const fired = await portero('sla', 'sweep', '--now', at(50));
    expect(fired.out[0]).toBe(`2 timer(s) due at ${at(50)}; fired 2`);
    const again = await portero('sla', 'sweep', '--now', at(50));
    expect(again.out).toEqual([`0 timer(s) due at ${at(50)}; fired 0`]);

    const breach = await portero('sla', 'sweep', '--now', at(61), '--json');
    const lines = breach.out.filter(Boolean).map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({ caseRef: 'JDS-1', rule: 'sla.breach', target: 'firstResponse', outcome: 'fired' }),
    ]);
  });

  it('a --now that is not an instant is a usage error', async () => {
    const result = await portero('sla', 'sweep', '--now', 'yesterday');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--now: expected an ISO-8601 instant');
  });
});

describe('portero sla report', () => {
  it('counts the targets per priority, met ones once the agent replied', async () => {
    const reply = await portero('case', 'reply', 'JDS-1', 'Estamos en ello.', '--tenant', 'jd-services', '--as', 'ana');
    expect(reply.code).toBe(0);
    const report = await portero('sla', 'report', '--tenant', 'jd-services');
    expect(report.code).toBe(0);
    expect(report.out[0]).toBe('SLA report (jd-services, cases opened ever)');
    expect(report.out[1]).toMatch(/^tenant +priority +target +met +breached +open +unmet +met %$/);
    const rows = report.out.slice(2).map((line) => line.split(/ +/));
    const firstResponse = rows.find((cells) => cells[2] === 'firstResponse');
    expect(firstResponse?.slice(0, 7)).toEqual(['jd-services', 'A', 'firstResponse', '1', '0', '0', '0']);
    expect(rows.find((cells) => cells[2] === 'resolution')?.slice(3, 7)).toEqual(['0', '0', '1', '0']);
  });

  it('compares the hours spent on a case with its estimate ("estimación de horas necesarias", seed 004)', async () => {
    const as = ['--tenant', 'jd-services', '--as', 'ana'];
    expect((await portero('case', 'estimate', 'JDS-1', '4', 'Cambio de servidor', ...as)).code).toBe(0);
    expect((await portero('case', 'hours', 'JDS-1', '1h', ...as)).code).toBe(0);
    const shown = await portero('case', 'hours', 'JDS-1', '0.5', 'Revisión', ...as);
    expect(shown.out).toContain('Hours spent: 1.5 h of 4 h (38 %)');
    const report = await portero('sla', 'report', '--tenant', 'jd-services');
    const at = report.out.indexOf('Hours against estimates');
    expect(report.out[at + 1]).toMatch(/^tenant +case +estimate h +spent h +spent % +approval +billable$/);
    expect(report.out[at + 2]?.split(/ +/)).toEqual(['jd-services', 'JDS-1', '4', '1.5', '38%', '—', 'no']);
    const json = await portero('sla', 'report', '--tenant', 'jd-services', '--json');
    expect(json.out.map((line) => JSON.parse(line))).toContainEqual({
      hours: {
        tenantId: 'jd-services',
        ref: 'JDS-1',
        estimateMinutes: 240,
        minutesSpent: 90,
        percent: 38,
        approval: null,
        billable: false,
      },
    });
  });

  it('an unknown tenant is exit 1 and names the known ones', async () => {
    const result = await portero('sla', 'report', '--tenant', 'nope', '--since', '30d');
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'no tenant "nope"; expected one of arcoirisapp, crosspoint365, itbx, jd-services, oys',
    );
  });
});
