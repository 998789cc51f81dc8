import { describe, expect, it } from 'vitest';
import { caseEvents, caseRatings } from '../../db/schema/index.ts';
import { CLI_START, portero, useCliDeployment } from '../helpers/cli-deployment.ts';

// `portero sla report --weeks N` in-process. jd-services A runs on 24x7 (first response in 1 h) in Europe/Madrid,
// and a reply or a wait is its first response. Two cases opened on Monday 23 November 2026 at 16:00 Madrid: the first
// answered after 90 min (breached), the second after 10 min (met); the monitor announced the breach at 61 min.

const MINUTE = 60_000;
const start = Date.parse(CLI_START);

const deployment = useCliDeployment('sla-weeks', {
  seed: [
    ['customer', 'add', 'acme', '--tenant', 'jd-services'],
    ['contact', 'add', 'carlos', '--tenant', 'jd-services', '--customer', 'acme', '--email', 'carlos@acme.example'],
    ['agent', 'add', 'ana', '--tenant', 'jd-services'],
  ],
});

const as = ['--tenant', 'jd-services', '--as', 'ana'];
const at = (minutes: number) => deployment.clock.set(new Date(start + minutes * MINUTE));

describe('portero sla report --weeks', () => {
  it('compliance per target and week, times per priority, customers refused and redirected by reason (not agents’ slips)', async () => {
    for (const title of ['Caída total', 'Correo caído'])
      expect(
        (await portero('case', 'open', ...as, '--customer', 'acme', '--priority', 'A', '--title', title)).code,
      ).toBe(0);
    at(10);
    expect((await portero('case', 'reply', 'JDS-2', 'Revisando', ...as)).code).toBe(0);
    at(90);
    expect((await portero('case', 'reply', 'JDS-1', 'Revisando', ...as)).code).toBe(0);
    // An agent's own slips are refused but turn no customer away: an invalid move, a mistyped priority.
    expect((await portero('case', 'move', 'JDS-1', 'cerrado', ...as)).code).toBe(1);
    expect((await portero('case', 'priority', 'JDS-1', 'Z', ...as)).code).toBe(1);
    // A customer's request refused by the policy counts, whoever typed it: a quota, and the email door's redirect.
    const refusal = (code: string) => ({
      tenantId: 'jd-services',
      type: 'refused',
      at: new Date(start + 40 * MINUTE),
      actorKind: 'system' as const,
      channel: 'email',
      data: { code, params: {} },
    });
    await deployment.database.database.db
      .insert(caseEvents)
      .values([refusal('policy.quota_exceeded'), refusal('mail.no_email'), refusal('mail.no_email')]);
    await deployment.database.database.db.insert(caseEvents).values({
      tenantId: 'jd-services',
      type: 'chat.redirected',
      at: new Date(start + 30 * MINUTE),
      actorKind: 'customer',
      actorId: 'U1',
      channel: 'slack',
      data: { reason: 'triage.problem_report', channels: ['soporte-a@jdservices.example', 'Teléfono'] },
    });

    // Ratings: two this week (5 and 4), one the week before (2), one thirteen weeks ago (out of the twelve weeks).
    const rated = (score: number, daysAgo: number) => ({
      caseId: crypto.randomUUID(),
      tenantId: 'jd-services',
      contactId: crypto.randomUUID(),
      score,
      createdAt: new Date(start + 60 * MINUTE - daysAgo * 86_400_000),
    });
    await deployment.database.database.db
      .insert(caseRatings)
      .values([rated(5, 0), rated(4, 0), rated(2, 7), rated(1, 13 * 7)]);

    const json = await portero('sla', 'report', '--weeks', '12', '--tenant', 'jd-services', '--json');
    expect(json.code).toBe(0);
    const [report] = json.out.filter(Boolean).map((line) => JSON.parse(line));
    expect(report.weeks).toHaveLength(12);
    expect(report.weeks.at(-1)).toBe('2026-11-23');
    expect(report.weeks[0]).toBe('2026-09-07');
    const firstResponse = report.compliance.filter((row: { target: string }) => row.target === 'firstResponse');
    expect(firstResponse).toHaveLength(12);
    expect(firstResponse.at(-1)).toEqual({
      tenantId: 'jd-services',
      target: 'firstResponse',
      week: '2026-11-23',
      met: 1,
      breached: 1,
      percent: 50,
    });
    expect(firstResponse[0]).toMatchObject({ met: 0, breached: 0, percent: null });
    expect(report.times).toContainEqual({
      tenantId: 'jd-services',
      priority: 'A',
      target: 'firstResponse',
      count: 2,
      medianMinutes: 10,
      p90Minutes: 90,
    });
    expect(report.turnedAway).toEqual([
      { tenantId: 'jd-services', kind: 'redirected', reason: 'triage.problem_report', count: 1 },
      { tenantId: 'jd-services', kind: 'redirected_to', reason: 'soporte-a@jdservices.example', count: 1 },
      { tenantId: 'jd-services', kind: 'redirected_to', reason: 'Teléfono', count: 1 },
      { tenantId: 'jd-services', kind: 'refused', reason: 'mail.no_email', count: 2 },
      { tenantId: 'jd-services', kind: 'refused', reason: 'policy.quota_exceeded', count: 1 },
    ]);

    expect(report.ratings).toHaveLength(12);
    expect(report.ratings.slice(-2)).toEqual([
      { week: '2026-11-16', count: 1, average: 2, byScore: { 2: 1 } },
      { week: '2026-11-23', count: 2, average: 4.5, byScore: { 4: 1, 5: 1 } },
    ]);
    expect(report.ratings[0]).toEqual({ week: '2026-09-07', count: 0, average: null, byScore: {} });

    const text = await portero('sla', 'report', '--weeks', '2', '--tenant', 'jd-services');
    expect(text.out.join('\n')).toMatch(/2026-11-16 +—\n2026-11-23 +50% \(1\/2\)/);
    expect(text.out.join('\n')).toMatch(/A +firstResponse +2 +10 +90/);
    expect(text.out.join('\n')).toMatch(
      /jd-services: customer ratings of closed cases per week \(1–5\)\nweek +ratings +average\n2026-11-16 +1 +2\n2026-11-23 +2 +4\.5/,
    );
  });

  it('--weeks must be a whole number from 1 to 104, and excludes --since', async () => {
    for (const [args, message] of [
      [['--weeks', '0'], '--weeks must be a whole number from 1 to 104, got "0"'],
      [['--weeks', 'doce'], '--weeks must be a whole number from 1 to 104, got "doce"'],
      [['--weeks', '4', '--since', '30d'], '--weeks and --since exclude each other'],
    ] as const) {
      const result = await portero('sla', 'report', ...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    }
  });
});
