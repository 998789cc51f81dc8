// Where the portal's sign-in returns a manager sent there from the dashboard. Only a path under this tenant's
// /manage/<tenant>/ is taken, written plainly: anything else (another site, another tenant, `//host`, `..`, an
// encoded character) is dropped, so the parameter cannot become an open redirect.

export const dashboardPath = (tenantId: string) => `/manage/${encodeURIComponent(tenantId)}/`;

const PLAIN_PATH = /^[A-Za-z0-9\-_/]*$/;

/** The return path if it is safe for this tenant, else undefined. */
export function dashboardReturnPath(tenantId: string, raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  const base = dashboardPath(tenantId);
  if (!raw.startsWith(base)) return undefined;
  const rest = raw.slice(base.length);
  return PLAIN_PATH.test(rest) && !rest.includes('//') ? raw : undefined;
}
