import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { MANAGE_ROUTE, manageRoute, type SignedInAgent } from '../../../adapters/manage/manage-route.tsx';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { managerDashboard } from '../../../src/app/ops/manager-dashboard.ts';
import { reportSlaWeeks } from '../../../src/app/sla/report-weeks.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The managers' dashboard over real HTTP (in-process) and the real database, signed in by a test authenticator that
// stands in for the portal's sign-in: the agent named by a header. Access, escaping, and the charts' numbers against
// `sla report --weeks` for the same data.

const MINUTE = 60_000;

describe('/manage/<tenant>/', () => {
  const p = usePortero();

  async function setUp() {
    const deps = { ...p.deps, ops: createOpsStore(p.t.db) };
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
      routes: { [MANAGE_ROUTE]: manageRoute({ authenticate, dashboard: (id) => managerDashboard(deps, id) }) },
    });
    const get = (path: string, agent?: string) =>
      app.request(path, agent ? { headers: { 'x-test-agent': agent } } : {});
    return { deps, agents, get };
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
});
