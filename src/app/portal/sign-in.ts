import { createHash, randomBytes } from 'node:crypto';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { CaseDeps } from '../cases/case-context.ts';
import { queueCustomerEmail } from '../mail/customer-mail.ts';
import { tenantSender } from '../mail/tenant-sender.ts';
import type { Repositories } from '../store.port.ts';
import type { PortalPerson, PortalSession } from './portal.port.ts';
import { portalWords } from './portal-words.i18n.ts';

// Sign-in without passwords, for the customer portal and the managers' dashboard alike: a person known to the tenant
// by their email gets a single-use link, valid 15 minutes, kept only as a hash. Redeeming it makes a session whose id
// (in the cookie) is also kept only as a hash, with a CSRF token of its own.

export const LINK_LIFETIME_MS = 15 * 60 * 1000;
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;
/** Links one address may be sent in a window of LINK_LIFETIME_MS; further requests are answered alike, sending nothing. */
export const LINKS_PER_ADDRESS = 3;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export type LinkRequest =
  /** Sent (or written to the log in development): the same answer as for an unknown address. */
  { outcome: 'sent'; link?: { url: string; person: PortalPerson } } | { outcome: 'invalid_email' };

/**
 * Asks for a sign-in link. The answer is the same whether or not the address belongs to someone, and whether or not
 * the per-address limit was reached: only the caller's log (`link`, in development mode) tells them apart.
 */
export async function requestSignInLink(
  deps: CaseDeps,
  input: {
    tenantId: string;
    policy: Policy;
    email: string;
    linkBase: string;
    /** PORTERO_PORTAL_DEV_LINKS: the caller logs the link, so an email no mailbox can send is not queued at all. */
    devLinks?: boolean;
    /** Where to go once signed in (already checked by the caller): carried in the link. */
    next?: string;
  },
): Promise<LinkRequest> {
  const email = input.email.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return { outcome: 'invalid_email' };
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const person = await repos.portal.personByEmail(input.tenantId, email);
    if (!person) return { outcome: 'sent' as const };
    const recent = await repos.portal.countLinksSince(
      input.tenantId,
      email,
      new Date(now.getTime() - LINK_LIFETIME_MS),
    );
    if (recent >= LINKS_PER_ADDRESS) return { outcome: 'sent' as const };
    const token = newToken();
    const tokenHash = hashToken(token);
    await repos.portal.insertLink({
      tokenHash,
      tenantId: input.tenantId,
      person: { kind: person.kind, id: person.id },
      email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
    });
    const url = `${input.linkBase}sign-in/${token}${input.next ? `?next=${encodeURIComponent(input.next)}` : ''}`;
    const w = portalWords[input.policy.locale];
    const from = await signInSender(repos, input.tenantId, input.policy, deps.publicUrl);
    // In development without a mailbox the log has the link: the email would only be dead-lettered, and `portero
    // status` would call a fresh set-up in need of attention.
    if (input.devLinks && !(await repos.mailboxes.bySender(from)))
      return { outcome: 'sent' as const, link: { url, person } };
    await queueCustomerEmail(repos, deps.signingKey, {
      tenantId: input.tenantId,
      caseId: null,
      kind: 'portal.sign_in',
      // The hash, never the token: the dedup key is stored in clear.
      dedupKey: `portal.sign_in:${tokenHash}`,
      from,
      to: [person.email],
      subject: w.signInSubject(input.policy.name),
      body: w.signInBody(person.name, url),
      language: input.policy.locale,
      at: now,
    });
    return { outcome: 'sent' as const, link: { url, person } };
  });
}

/**
 * Where the sign-in email goes out from: where the tenant's other automatic mail does (its address unless a
 * placeholder, else its mailbox's From), so an oys customer gets it from the real address the operator gave the
 * mailbox. Without a mailbox, the policy's own address: the dead letter then names the mailbox to add.
 */
async function signInSender(repos: Repositories, tenantId: string, policy: Policy, publicUrl: string): Promise<string> {
  return (await tenantSender(repos, tenantId, policy, policy.defaultPriority)) ?? policyAddress(policy, publicUrl);
}

/** The policy's email address (its email channel, else its default priority's intake), else a no-reply address. */
function policyAddress(policy: Policy, publicUrl: string): string {
  const channel = policy.channels.accepted.find((c) => c.kind === 'email' && c.address);
  const intake = policy.priorities.find((p) => p.id === policy.defaultPriority)?.intake;
  return channel?.address ?? intake ?? policy.channels.contact?.email ?? `no-reply@${new URL(publicUrl).hostname}`;
}

export type Redemption =
  | { ok: true; sessionId: string; session: PortalSession }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Redeems a link (once, within its 15 minutes) for a new session. */
export async function redeemSignInLink(deps: CaseDeps, token: string): Promise<Redemption> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const redeemed = await repos.portal.redeemLink(hashToken(token), now);
    if (!redeemed.ok) return redeemed;
    const sessionId = newToken();
    const session: PortalSession = {
      tenantId: redeemed.tenantId,
      person: redeemed.person,
      csrfToken: newToken(),
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    };
    await repos.portal.insertSession(hashToken(sessionId), session, now);
    return { ok: true as const, sessionId, session };
  });
}

/** The person signed in with this session id, while the session lasts and the person still exists. */
export function sessionPerson(
  deps: CaseDeps,
  sessionId: string,
): Promise<{ session: PortalSession; person: PortalPerson } | undefined> {
  return deps.store.transaction((repos) => sessionPersonIn(repos, sessionId, deps.clock.now()));
}

/** The same, read in a transaction the caller has open (the portal reads the tenant and the session together). */
export async function sessionPersonIn(
  repos: Repositories,
  sessionId: string,
  now: Date,
): Promise<{ session: PortalSession; person: PortalPerson } | undefined> {
  if (sessionId.length > 100) return undefined;
  const found = await repos.portal.session(hashToken(sessionId), now);
  return found?.person && { session: found.session, person: found.person };
}

export function signOut(deps: CaseDeps, sessionId: string): Promise<void> {
  return deps.store.transaction((repos) => repos.portal.deleteSession(hashToken(sessionId)));
}
