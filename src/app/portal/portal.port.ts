import type { CaseRecord } from '../../domain/case/case.types.ts';

// What the customer portal (and the managers' dashboard, which shares its sign-in) needs from storage.

/** Someone who may sign in: a customer's contact (the portal) or an agent of the tenant (the dashboard). */
export interface PortalPerson {
  kind: 'contact' | 'agent';
  id: string;
  tenantId: string;
  name: string;
  email: string;
  /** A contact's company. */
  customerId?: string;
  /** A contact who sees every case of the company, not only their own. */
  seesCompanyCases?: boolean;
  role?: 'agent' | 'manager';
}

export type LinkRedemption =
  | { ok: true; person: Pick<PortalPerson, 'kind' | 'id'>; tenantId: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface PortalSession {
  tenantId: string;
  person: Pick<PortalPerson, 'kind' | 'id'>;
  csrfToken: string;
  expiresAt: Date;
}

export interface CaseRating {
  caseId: string;
  contactId: string;
  score: number;
  comment: string | null;
  at: Date;
}

export interface PortalRepository {
  /** The contact (first) or agent of the tenant with this address, compared without case. */
  personByEmail(tenantId: string, email: string): Promise<PortalPerson | undefined>;
  /** Links asked for this address since `since`: the per-address rate limit, shared by every replica. */
  countLinksSince(tenantId: string, email: string, since: Date): Promise<number>;
  insertLink(link: {
    tokenHash: string;
    tenantId: string;
    person: Pick<PortalPerson, 'kind' | 'id'>;
    email: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void>;
  /** Marks the link used, once: a second redemption, or one after it expired, is refused with the reason. */
  redeemLink(tokenHash: string, now: Date): Promise<LinkRedemption>;
  /** Stores a new session and deletes those expired by `now`. */
  insertSession(idHash: string, session: PortalSession, now: Date): Promise<void>;
  /** The session while it has not expired, with its person (undefined once they are deleted). */
  session(idHash: string, now: Date): Promise<{ session: PortalSession; person: PortalPerson | undefined } | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** A contact's cases (their company's with `customerId`), newest first, `limit` from `offset`; `open` filters open or closed ones. */
  cases(
    tenantId: string,
    who: { reporterId: string } | { customerId: string },
    options: { open?: boolean; limit: number; offset: number },
  ): Promise<CaseRecord[]>;
  rate(tenantId: string, rating: CaseRating): Promise<void>;
  rating(tenantId: string, caseId: string): Promise<CaseRating | undefined>;
  /** Ratings given from `from` to `to` inclusive: their count and the number of each score. */
  ratingSummary(tenantId: string, from: Date, to: Date): Promise<{ count: number; byScore: Record<number, number> }>;
}
