import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../../db/client.ts';

// Raw reads of what the use cases left in the database: the tests check the rows, not what the repositories say.

export type Table = 'cases' | 'case_events' | 'outbox';

export async function countRows(db: Db, table: Table, tenantId?: string): Promise<number> {
  const where = tenantId ? sql` where tenant_id = ${tenantId}` : sql``;
  const [row] = rows<{ n: number }>(
    await db.execute(sql`select count(*)::int as "n" from ${sql.identifier(table)}${where}`),
  );
  return row!.n;
}

export async function nextCaseNumber(db: Db, tenantId: string): Promise<number> {
  const [row] = rows<{ n: number }>(
    await db.execute(sql`select next_case_number as "n" from tenants where id = ${tenantId}`),
  );
  return row!.n;
}

export interface EventRow {
  type: string;
  caseId: string | null;
  actorKind: string;
  channel: string;
  data: Record<string, unknown>;
}

/** The tenant's audit trail of cases and rule decisions, oldest first (directory changes: `directoryEventRows`). */
export async function eventRows(db: Db, tenantId: string): Promise<EventRow[]> {
  return rows<EventRow>(
    await db.execute(sql`select type, case_id as "caseId", actor_kind as "actorKind", channel, data
      from case_events where tenant_id = ${tenantId} and type not like 'directory.%' order by id`),
  );
}

/** The tenant's directory changes (added, updated, deactivated, deleted), oldest first. */
export async function directoryEventRows(db: Db, tenantId: string): Promise<EventRow[]> {
  return rows<EventRow>(
    await db.execute(sql`select type, case_id as "caseId", actor_kind as "actorKind", channel, data
      from case_events where tenant_id = ${tenantId} and type like 'directory.%' order by id`),
  );
}

export interface OutboxRowView {
  target: string;
  destination: string;
  kind: string;
  dedupKey: string;
  payload: Record<string, unknown>;
}

export async function outboxRows(db: Db, tenantId: string): Promise<OutboxRowView[]> {
  return rows<OutboxRowView>(
    await db.execute(sql`select target, destination, kind, dedup_key as "dedupKey", payload
      from outbox where tenant_id = ${tenantId} order by id`),
  );
}

/** Every text or jsonb column of a table, from the catalogue: a column added later is searched too. */
export async function textColumns(db: Db, table: Table): Promise<string[]> {
  const found = rows<{ name: string }>(
    await db.execute(sql`select column_name as "name" from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and data_type in ('text', 'jsonb')
      order by column_name`),
  );
  return found.map((column) => column.name);
}

/** Rows of `table` whose `column` contains `needle` anywhere (jsonb compared as its text). */
export async function rowsContaining(db: Db, table: Table, column: string, needle: string): Promise<number> {
  const [row] = rows<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as "n" from ${sql.identifier(table)}
        where strpos(${sql.identifier(column)}::text, ${needle}) > 0`,
    ),
  );
  return row!.n;
}
