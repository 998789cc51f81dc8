import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** Inbound events already acted on (Slack event_id, Teams activity id): a platform's retry never acts twice. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] }), index('inbound_events_received').on(t.receivedAt)],
);
