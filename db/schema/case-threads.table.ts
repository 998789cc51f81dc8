import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** The root card of a case in one agent conversation (Slack message ts, Teams activity id): updates thread under it. */
export const caseThreads = pgTable(
  'case_threads',
  {
    platform: text('platform').notNull(),
    conversationId: text('conversation_id').notNull(),
    caseId: uuid('case_id').notNull(),
    rootId: text('root_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.conversationId, t.caseId] })],
);
