import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { MANAGE_ROUTE, manageRoute, type SignedInAgent } from '../../../adapters/manage/manage-route.tsx';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { caseEvents, caseRatings } from '../../../db/schema/index.ts';
import { replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { cancelCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { managerDashboard } from '../../../src/app/ops/manager-dashboard.ts';
import { finishedWeeksCache } from '../../../src/app/sla/finished-weeks-cache.ts';
import { reportSlaWeeks } from '../../../src/app/sla/report-weeks.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The managers' dashboard over real HTTP (in-process) and the real database, signed in by a test authenticator that
// stands in for the portal's sign-in: the agent named by a header. Access, escaping, and the charts' numbers against
// `sla report --weeks` for the same data: the dashboard keeps finished weeks' figures (finishedWeeksCache), the report
// computes everything afresh.

const MINUTE = 60_000;

describe('/manage/<tenant>/', () => {
  const p = usePortero();

  async function setUp() {
    const deps = { ...p.deps, ops: createOpsStore(p.t.db) };
    // The dashboard's store counts its reads of the cases since a week: the kept figures spare the long one.
    const casesSince: Date[] = [];
    const dashboardOps = {
      ...deps.ops,
      weeklyCases: (tenantId: string, since: Date) => {
        casesSince.push(since);
        return deps.ops.weeklyCases(tenantId, since);
      },
    };
    const dashboardDeps = { ...deps, ops: dashboardOps, finishedWeeks: finishedWeeksCache(p.clock) };
    const agents = {
      ana: await p.agent('itbx', 'ana'),
      maria: await p.agent('itbx', 'maria', { role: 'manager' }),
      pedro: await p.agent('jd-services', 'pedro', { role: 'manager' }),
    };
    const authenticate = async (c: Context): Promise<SignedInAgent | undefined> => {
      const agent = Object.values(agents).find((a) => a.handle === c.req.header('x-test-agent'));
      return agent && { agentId: agent.id, tenantId: agent.tenantId, role: agent.role };
    };
    const app = createHttpApp({
      ready: async () => ({ ok: true, detail: 'test' }),
      routes: { [MANAGE_ROUTE]: manageRoute({ authenticate, dashboard: (id) => managerDashboard(dashboardDeps, id) }) },
    });
    const get = (path: string, agent?: string) =>
      app.request(path, agent ? { headers: { 'x-test-agent': agent } } : {});
    return { deps, dashboardDeps, casesSince, agents, get, app };
  }

  it('only a manager of the tenant gets the page: nobody signed in 401, an agent or another tenant’s manager 403', async () => {
    const { get } = await setUp();
    expect((await get('/manage/itbx/')).status).toBe(401);
    expect((await get('/manage/itbx/', 'ana')).status).toBe(403);
    expect((await get('/manage/itbx/', 'pedro')).status).toBe(403);
    expect((await get('/manage/jd-services/', 'maria')).status).toBe(403);
    const page = await get('/manage/itbx/', 'maria');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(await page.text()).toContain('<h1>SLA de ITBX</h1>');
    expect((await get('/manage/itbx/other', 'maria')).status).toBe(404);
  });

  it('sends a browser that is not signed in to the portal’s sign-in, with the way back to the dashboard', async () => {
    const { app } = await setUp();
    const page = await app.request('/manage/itbx/', {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/portal/itbx/sign-in?next=%2Fmanage%2Fitbx%2F');
    // A script (no HTML wanted) still gets the status to act on.
    const script = await app.request('/manage/itbx/', { headers: { accept: 'application/json' } });
    expect(script.status).toBe(401);
  });

  it('breaching cases are listed with their titles escaped; the charts’ tables show the report’s numbers', async () => {
    const { deps, agents, get } = await setUp();
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', agents.ana);
    const open = (title: string) => openCase({ deps, caller, customer: 'acme', title, priority: 'alta' });
    p.ok(await open('<script>alert("x")</script> portal caído'));
    p.ok(await open('Correo lento'));
    p.clock.advance(10 * MINUTE);
    p.ok(await replyToCustomer({ deps, caller, ref: { number: 2 }, text: 'Revisando' }));
    p.clock.advance(80 * MINUTE);

    const html = await (await get('/manage/itbx/', 'maria')).text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('ITBX-1 · &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; portal caído');

    const [report] = await reportSlaWeeks(deps, { weeks: 12, tenantId: 'itbx' });
    const table = (id: string) => {
      const figure = html.slice(
        html.indexOf(`id="${id}-title"`),
        html.indexOf('</figure>', html.indexOf(`id="${id}-title"`)),
      );
      return [...figure.matchAll(/<tr><th scope="row">([^<]*)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [
        m[1],
        ...[...m[2]!.matchAll(/<td>([^<]*)<\/td>/g)].map((cell) => cell[1]),
      ]);
    };
    const compliance = report!.compliance.filter((row) => row.target === 'firstResponse');
    expect(table('compliance-firstResponse')).toEqual(
      compliance.map((row) => [row.week, row.percent === null ? '—' : `${row.percent}%`]),
    );
    expect(compliance.at(-1)).toMatchObject({ met: 1, breached: 1, percent: 50 });
    const times = report!.times.filter((row) => row.target === 'firstResponse');
    expect(times).toEqual([expect.objectContaining({ priority: 'alta', count: 1, medianMinutes: 10, p90Minutes: 10 })]);
    expect(table('times-firstResponse')).toEqual(
      times.map((row) => ['Alta', String(row.medianMinutes), String(row.p90Minutes)]),
    );
    expect(table('open')).toEqual([['Abierto', '2']]);
  });

  it('customers turned away: the policy’s refusals and the report’s numbers, not the agents’ own slips', async () => {
    const { deps, get } = await setUp();
    const refusal = (code: string) => ({
      tenantId: 'itbx',
      type: 'refused',
      at: p.clock.now(),
      actorKind: 'agent' as const,
      channel: 'slack',
      data: { code, params: {} },
    });
    await p.t.db
      .insert(caseEvents)
      .values([
        refusal('policy.quota_exceeded'),
        refusal('policy.quota_exceeded'),
        refusal('case.invalid_transition'),
        refusal('case.unknown_priority'),
      ]);
    const [report] = await reportSlaWeeks(deps, { weeks: 12, tenantId: 'itbx' });
    expect(report!.turnedAway).toEqual([
      { tenantId: 'itbx', kind: 'refused', reason: 'policy.quota_exceeded', count: 2 },
    ]);
    const html = await (await get('/manage/itbx/', 'maria')).text();
    const chart = html.slice(
      html.indexOf('id="turned-away-title"'),
      html.indexOf('</figure>', html.indexOf('id="turned-away-title"')),
    );
    expect(chart).toMatch(/policy\.quota_exceeded<\/th><td>2<\/td>/);
    expect(chart).not.toContain('case.invalid_transition');
    expect(chart).not.toContain('case.unknown_priority');
  });

  it('ratings: the dashboard’s are the weekly report’s summed', async () => {
    const { deps, dashboardDeps } = await setUp();
    const rated = (score: number, daysAgo: number) => ({
      caseId: crypto.randomUUID(),
      tenantId: 'itbx',
      contactId: crypto.randomUUID(),
      score,
      createdAt: new Date(p.clock.now().getTime() - daysAgo * 86_400_000),
    });
    await p.t.db.insert(caseRatings).values([rated(5, 0), rated(3, 0), rated(4, 20), rated(1, 200)]);
    const [report] = await reportSlaWeeks(deps, { weeks: 12, tenantId: 'itbx' });
    expect(report!.ratings.filter((week) => week.count > 0)).toEqual([
      { week: '2026-11-02', count: 1, average: 4, byScore: { 4: 1 } },
      { week: '2026-11-23', count: 2, average: 4, byScore: { 3: 1, 5: 1 } },
    ]);
    const dashboard = await managerDashboard(dashboardDeps, 'itbx');
    expect(dashboard!.ratings).toEqual({ count: 3, average: 4, byScore: { 3: 1, 4: 1, 5: 1 } });
  });

  it('kept figures of finished weeks: a late cancel leaves them, a reopen rewrites them, and they equal the report', async () => {
    const { deps, dashboardDeps, casesSince, agents } = await setUp();
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', agents.ana);
    const open = (title: string) => openCase({ deps, caller, customer: 'acme', title, priority: 'alta' });
    const weekly = async () => (await managerDashboard(dashboardDeps, 'itbx'))!.weekly;
    const report = async () => (await reportSlaWeeks(deps, { weeks: 12, tenantId: 'itbx' }))[0]!;
    const cell = (figures: Awaited<ReturnType<typeof report>>, target: string, week: string) =>
      figures.compliance.find((row) => row.target === target && row.week === week)!;

    // Week of 23 November (Bogotá): ITBX-1 never answered, ITBX-2 answered in 10 minutes; neither resolved in time.
    p.ok(await open('Portal caído'));
    p.ok(await open('Correo lento'));
    p.clock.advance(10 * MINUTE);
    p.ok(await replyToCustomer({ deps, caller, ref: { number: 2 }, text: 'Revisando' }));

    // Thursday of the next week: the first view keeps the finished week's figures.
    p.clock.set(new Date('2026-12-03T17:00:00Z'));
    const first = await weekly();
    expect(first).toEqual(await report());
    expect(cell(first, 'firstResponse', '2026-11-23')).toMatchObject({ met: 1, breached: 1 });
    expect(cell(first, 'resolution', '2026-11-23')).toMatchObject({ met: 0, breached: 2 });

    // Cancelling ITBX-1 this week changes no finished week: its clocks were breached at their due instants already.
    p.ok(await cancelCase({ deps, caller, ref: { number: 1 } }));
    expect(await deps.ops.slaHistoryRevision('itbx')).toBe(0);
    casesSince.length = 0;
    const afterCancel = await weekly();
    expect(casesSince).toEqual([new Date('2026-11-30T05:00:00Z')]); // this week only, from Monday 00:00 in Bogotá
    expect(afterCancel).toEqual(await report());
    expect(afterCancel.compliance).toEqual(first.compliance);

    // Reopening it restarts its resolution clock: last week's breach is gone, and the kept figures with it.
    p.ok(await reopenCase({ deps, caller, ref: { number: 1 } }));
    expect(await deps.ops.slaHistoryRevision('itbx')).toBe(1);
    casesSince.length = 0;
    const afterReopen = await weekly();
    expect(casesSince).toHaveLength(2); // the revision moved: the twelve weeks read again
    expect(afterReopen).toEqual(await report());
    expect(cell(afterReopen, 'resolution', '2026-11-23')).toMatchObject({ met: 0, breached: 1 });
  });
});
