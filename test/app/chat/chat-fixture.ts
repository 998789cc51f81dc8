import { sql } from 'drizzle-orm';
import { rows } from '../../../db/client.ts';
import { handleInbound, type InboundOutcome } from '../../../src/app/chat/handle-inbound.ts';
import type { InboundMessage } from '../../../src/app/chat/inbound.types.ts';
import type { usePortero } from '../../helpers/portero-fixture.ts';

// Messages as the console adapter hands them in, and what the tests read back from the database afterwards.

export type PorteroFixture = ReturnType<typeof usePortero>;
export type Conversation = InboundMessage['conversation'];

export const dm = (user: string): Conversation => ({ id: `dm:${user}`, kind: 'dm' });
export const channel = (id: string): Conversation => ({ id, kind: 'channel' });

export interface Say {
  tenant: string;
  user: string;
  text: string;
  conversation?: Conversation;
  addressed?: boolean;
}

/** One message into Portero, exactly as `portero chat` sends it (platform console, prefix `case`). */
export function say(p: PorteroFixture, message: Say): Promise<InboundOutcome> {
  return handleInbound(
    p.deps,
    {
      platform: 'console',
      tenantId: message.tenant,
      conversation: message.conversation ?? dm(message.user),
      user: { id: message.user },
      text: message.text,
      ...(message.addressed !== undefined && { addressed: message.addressed }),
    },
    { prefix: 'case' },
  );
}

/** The only reply to a message; fails the test when there is none or more than one. */
export async function onlyReply(p: PorteroFixture, message: Say) {
  const outcome = await say(p, message);
  if (outcome.replies.length !== 1) {
    throw new Error(`expected one reply to "${message.text}", got ${outcome.replies.length}`);
  }
  return outcome.replies[0]!;
}

/** Makes a console user id stand for a registered person of the tenant, as `portero chat --as` does. */
export function linkConsole(
  p: PorteroFixture,
  tenant: string,
  user: string,
  person: { personKind: 'agent' | 'contact'; personId: string },
): Promise<void> {
  return p.deps.store.transaction((repos) => repos.identities.link(tenant, 'console', user, person));
}

/** Marks a console conversation as customer-facing (optionally naming its customer company) or internal. */
export function bindConversation(
  p: PorteroFixture,
  tenant: string,
  conversationId: string,
  purpose: 'customer' | 'agent' | 'manager',
  name: string | null = null,
): Promise<void> {
  return p.deps.store.transaction((repos) =>
    repos.bindings.bind({ platform: 'console', conversationId, tenantId: tenant, purpose, name }),
  );
}

/** The tenant's chat decisions, oldest first. */
export async function chatEvents(p: PorteroFixture, tenant: string) {
  const events = await p.deps.store.transaction((repos) => repos.events.list(tenant, { caseId: null }));
  return events.filter((event) => event.type.startsWith('chat.')).reverse();
}

/** Every row of every table of the application as JSON text: what a secret must never appear in. */
export async function everyStoredRow(p: PorteroFixture): Promise<string[]> {
  const tables = rows<{ name: string }>(
    await p.t.db.execute(sql`select tablename as "name" from pg_tables where schemaname = 'public'`),
  );
  const all: string[] = [];
  for (const { name } of tables) {
    const found = rows<{ row: string }>(
      await p.t.db.execute(sql.raw(`select row_to_json(t)::text as "row" from "${name}" t`)),
    );
    all.push(...found.map((r) => `${name}: ${r.row}`));
  }
  return all;
}

/** Rows of one table as JSON text, for the tables named in the issue. */
export async function storedRows(p: PorteroFixture, table: 'case_events' | 'redirect_windows' | 'outbox') {
  return rows<{ row: string }>(
    await p.t.db.execute(sql.raw(`select row_to_json(t)::text as "row" from "${table}" t`)),
  ).map((r) => r.row);
}
