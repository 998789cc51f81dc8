import { describe, expect, it } from 'vitest';
import { portero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// Issue 19, point 4. Seed 003 (arcoirisapp): "El usuario tendrá 8 días de garantía para revisar y validar si la
// solicitud fue procesado correctamente, pasados los 8 días serán descontadas de las horas de consultoría o
// facturables." After the warranty a reopen is billable consulting work: the agent is told so first, confirms it
// with `billable`, and the hours recorded on the new case are billable in `portero sla report`.

const deployment = useCliDeployment('billable', {
  seed: [
    ['customer', 'add', 'tienda', '--tenant', 'arcoirisapp', '--plan', 'basic'],
    ['contact', 'add', 'luis', '--tenant', 'arcoirisapp', '--customer', 'tienda', '--email', 'luis@tienda.example'],
    ['agent', 'add', 'ana', '--tenant', 'arcoirisapp'],
  ],
});

const asAna = (...args: string[]) => portero('case', ...args, '--tenant', 'arcoirisapp', '--as', 'ana');
const DAY = 86_400_000;

describe(`a billable reopen after the warranty, on ${testDriver()}`, { timeout: 90_000 }, () => {
  it('is announced as billable, opened only with `billable`, outside the quota, and its hours are billable in the report', async () => {
    expect((await asAna('open', '--customer', 'tienda', '--title', 'No llegan las notificaciones')).code).toBe(0);
    expect((await asAna('move', 'ARCO-1', 'en-progreso')).code).toBe(0);
    expect((await asAna('close', 'ARCO-1', 'Se', 'corrigió', 'el', 'envío')).code).toBe(0);
    deployment.clock.advance(9 * DAY);

    const notice = await asAna('reopen', 'ARCO-1', 'Otra', 'vez');
    expect(notice.code).not.toBe(0);
    expect(notice.err).toContain('The 8-day warranty of case ARCO-1 ended on 2026-12-01');
    expect(notice.err).toContain('billable consulting work');
    expect(notice.err).toContain('/case reopen ARCO-1 billable [reason]');

    const reopened = await asAna('reopen', 'ARCO-1', 'billable', 'Otra', 'vez');
    expect(reopened).toMatchObject({ code: 0, err: '' });
    expect(reopened.out[0]).toBe(
      "The warranty of ARCO-1 has passed: ARCO-2 was opened as billable consulting work, outside the plan's monthly quota; its hours (/case hours) are reported as billable.",
    );
    expect((await asAna('hours', 'ARCO-2', '1.5', 'Revisión')).code).toBe(0);
    expect((await asAna('hours', 'ARCO-1', '0.5')).code).toBe(0);

    const report = await portero('sla', 'report', '--tenant', 'arcoirisapp');
    const at = report.out.indexOf('Hours against estimates');
    expect(report.out[at + 1]).toMatch(/ +billable$/);
    expect(report.out.slice(at + 2).map((line) => line.split(/ +/))).toEqual([
      ['arcoirisapp', 'ARCO-1', '—', '0.5', '—', '—', 'no'],
      ['arcoirisapp', 'ARCO-2', '—', '1.5', '—', '—', 'yes'],
    ]);
  });

  it('a new case `--about` a case past its warranty: announced as billable, opened only with `--billable`, linked on `case show`', async () => {
    const first = await asAna('open', '--customer', 'tienda', '--title', 'Informe mensual');
    const ref = /Case (ARCO-\d+) opened/.exec(first.out.join('\n'))?.[1] ?? '';
    const next = `ARCO-${Number(ref.split('-')[1]) + 1}`;
    expect((await asAna('move', ref, 'en-progreso')).code).toBe(0);
    expect((await asAna('close', ref, 'Entregado')).code).toBe(0);
    deployment.clock.advance(9 * DAY);

    const open = ['open', '--customer', 'tienda', '--title', 'Otro formato del informe', '--about', ref];
    const notice = await asAna(...open);
    expect(notice.code).toBe(1);
    expect(notice.err).toContain(`The 8-day warranty of case ${ref} ended on`);
    expect(notice.err).toContain(`portero case open … --about ${ref} --billable`);

    const opened = await asAna(...open, '--billable');
    expect(opened).toMatchObject({ code: 0, err: '' });
    expect(opened.out.join('\n')).toContain(`About case: ${ref} · billable (consulting, outside the quota)`);
    const shown = await asAna('show', next);
    expect(shown.out.join('\n')).toContain(`About case: ${ref} · billable`);
  });
});
