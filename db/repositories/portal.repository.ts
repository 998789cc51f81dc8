import { and, count, desc, eq, gt, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { PortalPerson, PortalRepository } from '../../src/app/portal/portal.port.ts';
import type { Tx } from '../client.ts';
import { agents, caseRatings, cases, contacts, portalSessions, portalSignInLinks } from '../schema/index.ts';
import { placeholderOf, prepareOnce } from './prepare-once.ts';

// The portal's sign-in links, sessions, case lists and ratings. Every read is scoped by tenant.

type ContactRow = typeof contacts.$inferSelect;
type AgentRow = typeof agents.$inferSelect;

const fromContact = (row: ContactRow): PortalPerson => ({
  kind: 'contact',
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  email: row.email ?? '',
  customerId: row.customerId,
  seesCompanyCases: row.seesCompanyCases,
});
const fromAgent = (row: AgentRow): PortalPerson => ({
  kind: 'agent',
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  email: row.email ?? '',
  role: row.role,
});

/** The join of a session with its person's row: the contact or agent it names, in the session's tenant. */
const isSessionPerson = (table: typeof contacts | typeof agents, kind: PortalPerson['kind']) =>
  and(
    eq(portalSessions.personKind, kind),
    eq(table.tenantId, portalSessions.tenantId),
    eq(table.id, portalSessions.personId),
  );

export function createPortalRepository(db: Tx): PortalRepository {
  return {
    async personByEmail(tenantId, email) {
      const address = email.trim().toLowerCase();
      const [contact] = await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), eq(sql`lower(${contacts.email})`, address)))
        .limit(1);
      if (contact) return fromContact(contact);
      const [agent] = await db
        .select()
        .from(agents)
        .where(and(eq(agents.tenantId, tenantId), eq(sql`lower(${agents.email})`, address)))
        .limit(1);
      return agent && fromAgent(agent);
    },
    async countLinksSince(tenantId, email, since) {
      const [row] = await db
        .select({ n: count() })
        .from(portalSignInLinks)
        .where(
          and(
            eq(portalSignInLinks.tenantId, tenantId),
            eq(portalSignInLinks.email, email),
            gte(portalSignInLinks.createdAt, since),
          ),
        );
      return row?.n ?? 0;
    },
    async insertLink(link) {
      await db.insert(portalSignInLinks).values({
        tokenHash: link.tokenHash,
        tenantId: link.tenantId,
        personKind: link.person.kind,
        personId: link.person.id,
        email: link.email,
        expiresAt: link.expiresAt,
        // The rate limit counts by this instant: the app's clock, not the database's.
        createdAt: link.createdAt,
      });
    },
    async redeemLink(tokenHash, now) {
      const [used] = await db
        .update(portalSignInLinks)
        .set({ usedAt: now })
        .where(
          and(
            eq(portalSignInLinks.tokenHash, tokenHash),
            isNull(portalSignInLinks.usedAt),
            gt(portalSignInLinks.expiresAt, now),
          ),
        )
        .returning();
      if (used) return { ok: true, tenantId: used.tenantId, person: { kind: used.personKind, id: used.personId } };
      const [link] = await db.select().from(portalSignInLinks).where(eq(portalSignInLinks.tokenHash, tokenHash));
      if (!link) return { ok: false, reason: 'unknown' };
      return { ok: false, reason: link.usedAt ? 'used' : 'expired' };
    },
    async insertSession(idHash, session, now) {
      await db.insert(portalSessions).values({
        idHash,
        tenantId: session.tenantId,
        personKind: session.person.kind,
        personId: session.person.id,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
      });
      // Expired sessions are of no use to anyone: each new one sweeps them away.
      await db.delete(portalSessions).where(lt(portalSessions.expiresAt, now));
    },
    async session(idHash, now) {
      // The session and its person in one read: every signed-in page starts with it.
      const [row] = await prepareOnce(db, 'portal_session', () =>
        db
          .select({ session: portalSessions, contact: contacts, agent: agents })
          .from(portalSessions)
          .leftJoin(contacts, isSessionPerson(contacts, 'contact'))
          .leftJoin(agents, isSessionPerson(agents, 'agent'))
          .where(
            and(
              eq(portalSessions.idHash, sql.placeholder('idHash')),
              gt(portalSessions.expiresAt, placeholderOf(portalSessions.expiresAt, 'now')),
            ),
          ),
      ).execute({ idHash, now });
      if (!row) return undefined;
      const { session, contact, agent } = row;
      return {
        session: {
          tenantId: session.tenantId,
          person: { kind: session.personKind, id: session.personId },
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
        },
        person: contact ? fromContact(contact) : agent ? fromAgent(agent) : undefined,
      };
    },
    async deleteSession(idHash) {
      await db.delete(portalSessions).where(eq(portalSessions.idHash, idHash));
    },
    async cases(tenantId, who, options) {
      const [whose, column, id] =
        'reporterId' in who
          ? (['reporter', cases.reporterId, who.reporterId] as const)
          : (['company', cases.customerId, who.customerId] as const);
      const which = options.open === undefined ? 'all' : options.open ? 'open' : 'closed';
      const rows = await prepareOnce(db, `portal_cases_${whose}_${which}`, () =>
        db
          .select()
          .from(cases)
          .where(
            and(
              eq(cases.tenantId, sql.placeholder('tenantId')),
              eq(column, sql.placeholder('who')),
              options.open === undefined ? undefined : eq(cases.isOpen, options.open),
            ),
          )
          .orderBy(desc(cases.number))
          .limit(sql.placeholder('limit'))
          .offset(sql.placeholder('offset')),
      ).execute({ tenantId, who: id, limit: options.limit, offset: options.offset });
      return rows.map(({ createdAt: _createdAt, ...record }) => record);
    },
    async rate(tenantId, rating) {
      const values = {
        tenantId,
        caseId: rating.caseId,
        contactId: rating.contactId,
        score: rating.score,
        comment: rating.comment,
        createdAt: rating.at,
      };
      await db.insert(caseRatings).values(values).onConflictDoUpdate({ target: caseRatings.caseId, set: values });
    },
    async rating(tenantId, caseId) {
      const [row] = await prepareOnce(db, 'portal_rating', () =>
        db
          .select()
          .from(caseRatings)
          .where(
            and(
              eq(caseRatings.tenantId, sql.placeholder('tenantId')),
              eq(caseRatings.caseId, sql.placeholder('caseId')),
            ),
          ),
      ).execute({ tenantId, caseId });
      return (
        row && {
          caseId: row.caseId,
          contactId: row.contactId,
          score: row.score,
          comment: row.comment,
          at: row.createdAt,
        }
      );
    },
    async ratingSummary(tenantId, from, to) {
      const rows = await db
        .select({ score: caseRatings.score, n: count() })
        .from(caseRatings)
        .where(
          and(eq(caseRatings.tenantId, tenantId), gte(caseRatings.createdAt, from), lte(caseRatings.createdAt, to)),
        )
        .groupBy(caseRatings.score);
      const byScore = Object.fromEntries(rows.map((row) => [row.score, row.n]));
      return { count: rows.reduce((sum, row) => sum + row.n, 0), byScore };
    },
  };
}
