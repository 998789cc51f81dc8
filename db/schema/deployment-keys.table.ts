import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Keys generated once per deployment and shared by its replicas (the key that signs Portero's Message-IDs and portal
 * links), used when the operator does not set PORTERO_SECRET.
 */
export const deploymentKeys = pgTable('deployment_keys', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});
