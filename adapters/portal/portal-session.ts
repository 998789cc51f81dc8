import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import type { PortalPerson, PortalSession } from '../../src/app/portal/portal.port.ts';
import { SESSION_LIFETIME_MS, sessionPerson, sessionPersonIn } from '../../src/app/portal/sign-in.ts';
import type { Repositories } from '../../src/app/store.port.ts';

// The session cookie shared by the customer portal and the managers' dashboard: a random id (its hash is the
// portal_sessions row), HttpOnly, SameSite=Lax, Secure (and `__Host-` named) when the public URL is https.

export interface SignedIn {
  person: PortalPerson;
  session: PortalSession;
  /** The cookie's value, to sign out. */
  sessionId: string;
}

export const cookieName = (publicUrl: string) =>
  publicUrl.startsWith('https:') ? '__Host-portero_session' : 'portero_session';

export function setSessionCookie(c: Context, publicUrl: string, sessionId: string): void {
  setCookie(c, cookieName(publicUrl), sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(c: Context, publicUrl: string): void {
  deleteCookie(c, cookieName(publicUrl), { path: '/', secure: publicUrl.startsWith('https:') });
}

/**
 * The person signed in on this request, or undefined: what the portal and the managers' dashboard (issue 20) ask
 * before anything else. A session belongs to one tenant: `tenantId`, when given, must be it.
 */
export async function authenticate(c: Context, deps: CaseDeps, tenantId?: string): Promise<SignedIn | undefined> {
  const sessionId = getCookie(c, cookieName(deps.publicUrl));
  if (!sessionId) return undefined;
  return signedInAs(sessionId, await sessionPerson(deps, sessionId), tenantId);
}

/** The same, read in a transaction the caller has open: one round of the database for the tenant and the session. */
export async function authenticateIn(
  c: Context,
  deps: CaseDeps,
  repos: Repositories,
  tenantId: string,
): Promise<SignedIn | undefined> {
  const sessionId = getCookie(c, cookieName(deps.publicUrl));
  if (!sessionId) return undefined;
  return signedInAs(sessionId, await sessionPersonIn(repos, sessionId, deps.clock.now()), tenantId);
}

function signedInAs(
  sessionId: string,
  found: Awaited<ReturnType<typeof sessionPerson>>,
  tenantId: string | undefined,
): SignedIn | undefined {
  if (!found || (tenantId !== undefined && found.session.tenantId !== tenantId)) return undefined;
  return { ...found, sessionId };
}

/** The form's `_csrf` field against the session's token, in constant time. */
export function csrfMatches(session: PortalSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
