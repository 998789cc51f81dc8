import { and, asc, count, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { CaseQuery, Repositories } from '../../src/app/store.port.ts';
import type { CaseRecord } from '../../src/domain/case/case.types.ts';
import type { Tx } from '../client.ts';
import { agents, cases, customers } from '../schema/index.ts';
import { commitCase } from './case-commit.ts';
import { placeholderOf, prepareOnce } from './prepare-once.ts';

type CaseRow = typeof cases.$inferSelect;

const toRecord = ({ createdAt: _createdAt, ...record }: CaseRow): CaseRecord => record;

export function createCaseRepository(db: Tx): Repositories['cases'] {
  const withPeople: Repositories['cases']['withPeople'] = async (tenantId, number, options = {}) => {
    const query = () =>
      db
        .select({ record: cases, customer: customers, assignee: agents })
        .from(cases)
        .leftJoin(customers, and(eq(customers.tenantId, cases.tenantId), eq(customers.id, cases.customerId)))
        .leftJoin(agents, and(eq(agents.tenantId, cases.tenantId), eq(agents.id, cases.assigneeId)))
        .where(and(eq(cases.tenantId, sql.placeholder('tenantId')), eq(cases.number, sql.placeholder('number'))));
    const [row] = await (options.forUpdate
      ? prepareOnce(db, 'case_with_people_for_update', () => query().for('update', { of: cases }))
      : prepareOnce(db, 'case_with_people', query)
    ).execute({ tenantId, number });
    return (
      row && { record: toRecord(row.record), customer: row.customer ?? undefined, assignee: row.assignee ?? undefined }
    );
  };
  return {
    commit: (change) => commitCase(db, change),
    // The same read: the case row is what it locks either way.
    byNumber: async (tenantId, number, options) => (await withPeople(tenantId, number, options))?.record,
    withPeople,
    async refOf(tenantId, id) {
      const [row] = await db
        .select({ ref: cases.ref })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
      return row?.ref;
    },
    async list(tenantId, query) {
      const rows = await db
        .select()
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), ...conditions(query)))
        .orderBy(
          ...(query.filter.kind === 'breaching' || query.filter.kind === 'due-soon'
            ? [asc(cases.nextDueAt)]
            : [desc(cases.number)]),
        )
        .limit(query.limit)
        .offset(query.offset ?? 0);
      return rows.map(toRecord);
    },
    async count(tenantId, query) {
      const [row] = await db
        .select({ n: count() })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), ...conditions(query)));
      return row?.n ?? 0;
    },
    async countOpenedSince(tenantId, customerId, since) {
      const [row] = await prepareOnce(db, 'cases_opened_since', () =>
        db
          .select({ n: count() })
          .from(cases)
          .where(
            and(
              eq(cases.tenantId, sql.placeholder('tenantId')),
              eq(cases.customerId, sql.placeholder('customerId')),
              gte(cases.openedAt, placeholderOf(cases.openedAt, 'since')),
              // Billable consulting work is outside the monthly quota.
              eq(cases.billable, false),
            ),
          ),
      ).execute({ tenantId, customerId, since });
      return row?.n ?? 0;
    },
  };
}

/**
 * The expression of the `cases_search` index, repeated exactly so that PostgreSQL (and PGlite, which has the same
 * Spanish configuration built in) can use it; `websearch_to_tsquery` reads what people type (words, "quoted phrases",
 * -excluded) without ever failing on syntax.
 */
const searchMatches = (text: string) =>
  sql`to_tsvector('spanish', ${cases.title} || ' ' || ${cases.description}) @@ websearch_to_tsquery('spanish', ${text})`;

function conditions(query: Omit<CaseQuery, 'limit' | 'offset'>): (SQL | undefined)[] {
  const { filter } = query;
  const extra = [
    query.priority ? eq(cases.priority, query.priority) : undefined,
    query.customerId ? eq(cases.customerId, query.customerId) : undefined,
    query.assigneeId ? eq(cases.assigneeId, query.assigneeId) : undefined,
    query.state ? eq(cases.state, query.state) : undefined,
    query.search ? searchMatches(query.search) : undefined,
  ];
  switch (filter.kind) {
    case 'all':
      return extra;
    case 'open':
      return [eq(cases.isOpen, true), ...extra];
    case 'closed':
      return [eq(cases.isOpen, false), ...extra];
    case 'due-soon':
      return [eq(cases.isOpen, true), gte(cases.nextDueAt, filter.from), lte(cases.nextDueAt, filter.before), ...extra];
    case 'mine':
      return [eq(cases.isOpen, true), eq(cases.assigneeId, filter.agentId), ...extra];
    case 'unassigned':
      return [eq(cases.isOpen, true), isNull(cases.assigneeId), ...extra];
    case 'waiting':
      return [eq(cases.isOpen, true), inArray(cases.state, filter.states.length ? filter.states : ['']), ...extra];
    case 'breaching':
      return [eq(cases.isOpen, true), lte(cases.nextDueAt, filter.before), ...extra];
  }
}
