// The built-in customer portal's addresses, written into chat redirects, emails and sign-in links.

/** `/portal/<tenant>/`, or a case's page in it (`/portal/<tenant>/cases/JDS-7`). */
export function portalLink(publicUrl: string, tenantId: string, caseRef?: string): string {
  const base = `${publicUrl}/portal/${encodeURIComponent(tenantId)}/`;
  return caseRef ? `${base}cases/${encodeURIComponent(caseRef)}` : base;
}
