import { timestamp } from 'drizzle-orm/pg-core';

/** Every instant is stored with its zone: business calendars are in the tenant's zone, never the server's. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => instant('created_at').notNull().defaultNow();
