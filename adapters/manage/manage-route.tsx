import type { Context } from 'hono';
import type { ManagerDashboard } from '../../src/app/ops/manager-dashboard.ts';
import type { RouteHandler } from '../http/http-server.ts';
import { DashboardPage } from './dashboard-page.tsx';
import { dashboardPath } from './return-path.ts';

// GET /manage/:tenant/ for the tenant's managers only. Who is signed in is not this module's business: it takes an
// `authenticate` function (the portal's passwordless sign-in provides it), so the same route serves whatever signs
// people in.

export const MANAGE_ROUTE = '/manage/:tenant/*';

export interface SignedInAgent {
  agentId: string;
  tenantId: string;
  role: 'agent' | 'manager';
}

export interface ManageRouteOptions {
  authenticate: (c: Context) => Promise<SignedInAgent | undefined>;
  dashboard: (tenantId: string) => Promise<ManagerDashboard | undefined>;
  /** The sign-in page a browser is sent to when nobody is signed in; the portal's by default. */
  signInPage?: (tenantId: string) => string;
}

const portalSignIn = (tenantId: string) => `/portal/${encodeURIComponent(tenantId)}/sign-in`;

export function manageRoute(options: ManageRouteOptions): RouteHandler {
  return async (c) => {
    const tenantId = c.req.param('tenant') ?? '';
    // Only the dashboard itself so far: /manage/<tenant>/ (with or without its slash).
    if (c.req.path.replace(/\/$/, '') !== `/manage/${tenantId}`) return c.text('not found', 404);
    if (c.req.method !== 'GET') return c.text('use GET', 405);
    const who = await options.authenticate(c);
    if (!who) {
      // A browser goes to sign in and comes back here; a script gets the status it can act on.
      if (!c.req.header('accept')?.includes('text/html')) return c.text('sign in first', 401);
      const signIn = (options.signInPage ?? portalSignIn)(tenantId);
      return c.redirect(`${signIn}?next=${encodeURIComponent(dashboardPath(tenantId))}`, 303);
    }
    // Another tenant's manager is refused like an agent: nothing says whether the tenant exists.
    if (who.role !== 'manager' || who.tenantId !== tenantId) return c.text('managers of this organization only', 403);
    const data = await options.dashboard(tenantId);
    if (!data) return c.text('no such organization', 404);
    c.header('cache-control', 'private, no-store');
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    const page = await (<DashboardPage data={data} />).toString();
    return c.html(`<!doctype html>${page}`);
  };
}
