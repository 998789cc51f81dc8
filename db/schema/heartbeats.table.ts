import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/**
 * The last pass of each background loop (the SLA monitor), shared by every replica: one row per loop, moved forward by
 * whichever replica passed last, so that `portero status` and /metrics can tell a monitor that stopped.
 */
export const heartbeats = pgTable('heartbeats', {
  name: text('name').primaryKey(),
  beatAt: instant('beat_at').notNull(),
  /** host:pid of the replica that beat last. */
  replica: text('replica').notNull(),
  /** How late the most overdue timer of that pass was when claimed, in ms. */
  lagMs: integer('lag_ms').notNull().default(0),
});
