import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { CaseRecord } from '../../src/domain/case/case.types.ts';
import type { SlaClock, SlaPause } from '../../src/domain/sla/sla.types.ts';
import { agents } from './agents.table.ts';
import { createdAt, instant } from './columns.ts';
import { contacts } from './contacts.table.ts';
import { customers } from './customers.table.ts';
import { tenants } from './tenants.table.ts';

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    number: integer('number').notNull(),
    ref: text('ref').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    reporterId: uuid('reporter_id').references(() => contacts.id),
    title: text('title').notNull(),
    /** Already redacted: secrets never reach this column. */
    description: text('description').notNull().default(''),
    type: text('type').notNull(),
    priority: text('priority').notNull(),
    state: text('state').notNull(),
    /** Whether the state is terminal (closed, cancelled), kept beside it for indexes. */
    isOpen: boolean('is_open').notNull().default(true),
    assigneeId: uuid('assignee_id').references(() => agents.id),
    language: text('language', { enum: ['es', 'en', 'unknown'] }).notNull(),
    /** Written in another language than the policy requires: flagged, not refused. */
    languageFlagged: boolean('language_flagged').notNull().default(false),
    openedVia: text('opened_via').notNull(),
    openedAt: instant('opened_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    firstRespondedAt: instant('first_responded_at'),
    lastAgentUpdateAt: instant('last_agent_update_at'),
    resolvedAt: instant('resolved_at'),
    closedAt: instant('closed_at'),
    resolution: text('resolution'),
    reopenedAt: instant('reopened_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    contactAttempts: integer('contact_attempts').notNull().default(0),
    contactLog: jsonb('contact_log').$type<CaseRecord['contactLog']>().notNull().default([]),
    escalationLevel: integer('escalation_level').notNull().default(0),
    pauses: jsonb('pauses').$type<SlaPause[]>().notNull().default([]),
    sla: jsonb('sla').$type<SlaClock[]>().notNull().default([]),
    /** The earliest due instant of the running clocks: what "breaching" lists and the SLA monitor sort by. */
    nextDueAt: instant('next_due_at'),
    estimate: jsonb('estimate').$type<CaseRecord['estimate']>(),
    confirmations: jsonb('confirmations').$type<CaseRecord['confirmations']>().notNull().default({}),
    /** The confirmations an agent asked for in a working state (`/case ask-close`); reset on entering another state. */
    askedConfirmations: jsonb('asked_confirmations').$type<CaseRecord['askedConfirmations']>().notNull().default([]),
    minutesSpent: integer('minutes_spent').notNull().default(0),
    /** Billable consulting work: not counted against the monthly quota. */
    billable: boolean('billable').notNull().default(false),
    /** The earlier case (its ref) this one was asked about: a late reopen or a new request naming it. */
    aboutRef: text('about_ref'),
    /**
     * The sender's earlier open case this one may be about: an email that looked like a reply (RE:) but carried none
     * of the case's headers nor its tag opened it. Never merged; agents decide.
     */
    possiblyRelatedCaseId: uuid('possibly_related_case_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    unique('cases_tenant_number').on(t.tenantId, t.number),
    index('cases_tenant_open_state').on(t.tenantId, t.isOpen, t.state),
    index('cases_tenant_assignee').on(t.tenantId, t.assigneeId).where(sql`${t.isOpen}`),
    index('cases_next_due').on(t.tenantId, t.nextDueAt).where(sql`${t.isOpen} and ${t.nextDueAt} is not null`),
    index('cases_tenant_customer_opened').on(t.tenantId, t.customerId, t.openedAt),
    // The weekly SLA figures' cases opened or closed since an instant (with the open ones, a bitmap OR).
    index('cases_tenant_opened').on(t.tenantId, t.openedAt),
    index('cases_tenant_closed').on(t.tenantId, t.closedAt).where(sql`${t.closedAt} is not null`),
    // `case list --search`: Spanish full-text search over title and description (built into PostgreSQL and PGlite
    // alike, unlike pg_trgm, which PGlite does not ship); the query repeats this exact expression to use it.
    index('cases_search').using('gin', sql`to_tsvector('spanish', ${t.title} || ' ' || ${t.description})`),
    // The portal's "my cases".
    index('cases_tenant_reporter').on(t.tenantId, t.reporterId, t.number),
  ],
);
