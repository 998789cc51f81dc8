import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { MANAGE_ROUTE, manageRoute } from '../../../adapters/manage/manage-route.tsx';
import { agentFromPortalSession } from '../../../adapters/manage/portal-agent.ts';
import { createPortalApp } from '../../../adapters/portal/portal-app.tsx';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { removePerson } from '../../../src/app/directory/change-directory.ts';
import { SYSTEM_OPERATOR } from '../../../src/app/directory/directory-audit.ts';
import { managerDashboard } from '../../../src/app/ops/manager-dashboard.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { Browser } from '../portal/portal-client.ts';

// The managers' dashboard behind the portal's passwordless sign-in, as `portero serve` mounts both: a manager signs
// in with the link sent to the email the directory has for them; an agent, a manager of another tenant, a removed
// manager and nobody are kept out.

describe('the managers’ dashboard signs in through the portal', () => {
  const p = usePortero();

  function server() {
    const logged: { url: string }[] = [];
    const deps = { ...p.deps, ops: createOpsStore(p.t.db) };
    const app = createHttpApp({
      ready: async () => ({ ok: true, detail: 'test' }),
      routes: {
        [MANAGE_ROUTE]: manageRoute({
          authenticate: agentFromPortalSession(p.deps),
          dashboard: (tenantId) => managerDashboard(deps, tenantId),
        }),
      },
      apps: {
        '/portal': createPortalApp({
          deps: p.deps,
          devLinks: true,
          log: { info: (fields) => logged.push(fields as { url: string }) },
          linksPerClient: 20,
        }),
      },
    });
    return { app, logged };
  }

  async function signIn(browser: Browser, logged: { url: string }[], tenant: string, email: string) {
    await browser.post(`/portal/${tenant}/sign-in`, { email }, { csrf: false });
    const redeemed = await browser.post(new URL(logged.at(-1)!.url).pathname, {}, { csrf: false });
    return redeemed.headers.get('location');
  }

  it('sends a browser from the dashboard to sign in and back; a return path elsewhere is dropped', async () => {
    await p.agent('itbx', 'maria', { role: 'manager', email: 'maria@itbx.test' });
    const { app, logged } = server();
    const manager = new Browser(app);
    const html = { headers: { accept: 'text/html' } };
    const sent = await manager.request('/manage/itbx/', html);
    expect(sent.status).toBe(303);
    const signInPage = sent.headers.get('location')!;
    const form = await manager.get(signInPage);
    expect(form.status).toBe(200);
    expect(form.text_).toContain('action="/portal/itbx/sign-in?next=%2Fmanage%2Fitbx%2F"');
    await manager.post(signInPage, { email: 'maria@itbx.test' }, { csrf: false });
    const link = new URL(logged.at(-1)!.url);
    expect(link.searchParams.get('next')).toBe('/manage/itbx/');
    const landing = await manager.get(link.pathname + link.search);
    expect(landing.text_).toContain('?next=%2Fmanage%2Fitbx%2F"');
    const redeemed = await manager.post(link.pathname + link.search, {}, { csrf: false });
    expect(redeemed.headers.get('location')).toBe('/manage/itbx/');
    expect((await manager.request('/manage/itbx/', html)).status).toBe(200);

    // No open redirect: another site, another tenant's dashboard, a path that climbs out are not carried.
    for (const next of [
      '//evil.example/',
      'https://evil.example/manage/itbx/',
      '/manage/jd-services/',
      '/manage/itbx/../../portal/',
    ]) {
      p.clock.advance(16 * 60 * 1000); // past the per-address limit's window
      const other = new Browser(app);
      const page = await other.get(`/portal/itbx/sign-in?next=${encodeURIComponent(next)}`);
      expect(page.text_).toContain('action="/portal/itbx/sign-in"');
      await other.post(
        `/portal/itbx/sign-in?next=${encodeURIComponent(next)}`,
        { email: 'maria@itbx.test' },
        { csrf: false },
      );
      expect(new URL(logged.at(-1)!.url).search).toBe('');
      const token = new URL(logged.at(-1)!.url).pathname;
      const back = await other.post(`${token}?next=${encodeURIComponent(next)}`, {}, { csrf: false });
      expect(back.headers.get('location')).toBe('/manage/itbx/');
    }
  });

  it('lets a manager of the tenant in, and nobody else', async () => {
    const maria = await p.agent('itbx', 'maria', { role: 'manager', email: 'maria@itbx.test' });
    await p.agent('itbx', 'ana', { email: 'ana@itbx.test' });
    await p.agent('jd-services', 'pedro', { role: 'manager', email: 'pedro@jds.test' });
    const { app, logged } = server();

    expect((await new Browser(app).get('/manage/itbx/')).status).toBe(401);

    const manager = new Browser(app);
    expect(await signIn(manager, logged, 'itbx', 'maria@itbx.test')).toBe('/manage/itbx/');
    const page = await manager.get('/manage/itbx/');
    expect(page.status).toBe(200);
    expect(page.text_).toContain('<svg');

    const agent = new Browser(app);
    await signIn(agent, logged, 'itbx', 'ana@itbx.test');
    expect((await agent.get('/manage/itbx/')).status).toBe(403);

    // A session belongs to its tenant: JD Services' manager is not signed in at ITBX.
    const other = new Browser(app);
    await signIn(other, logged, 'jd-services', 'pedro@jds.test');
    expect((await other.get('/manage/jd-services/')).status).toBe(200);
    expect((await other.get('/manage/itbx/')).status).toBe(401);

    // Removed since signing in: out at once.
    p.ok(await removePerson(p.deps, SYSTEM_OPERATOR, { tenantId: 'itbx', kind: 'agent', handle: maria.handle }));
    expect((await manager.get('/manage/itbx/')).status).toBe(401);
  });
});
