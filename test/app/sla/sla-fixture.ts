import { and, asc, eq, inArray } from 'drizzle-orm';
import { caseEvents, outbox } from '../../../db/schema/index.ts';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { type OpenCaseInput, openCase } from '../../../src/app/cases/open-case.ts';
import type { FiredTimer } from '../../../src/app/sla/fire-timer.ts';
import { sweepSla } from '../../../src/app/sla/sla-sweep.ts';
import type { AgentRecord, ChannelBinding } from '../../../src/app/store.port.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The SLA monitor over the real database with the presets: people with chat identities, bound channels, and a
// sweep at a chosen instant of the test clock. Every helper reads what the monitor wrote, never its internals.

export function useSla(start?: string) {
  const p = usePortero(start);

  async function person(
    tenantId: string,
    handle: string,
    extra: Parameters<typeof p.agent>[2] & { slack?: string } = {},
  ): Promise<AgentRecord> {
    const { slack, ...rest } = extra;
    const agent = await p.agent(tenantId, handle, rest);
    if (slack) {
      await p.deps.store.transaction((repos) =>
        repos.identities.link(tenantId, 'slack', slack, { personKind: 'agent', personId: agent.id }),
      );
    }
    return agent;
  }

  async function bind(tenantId: string, purpose: ChannelBinding['purpose'], name: string, conversationId: string) {
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({ platform: 'slack', conversationId, tenantId, purpose, name }),
    );
  }

  /** A customer with one reporting contact, and a case opened by `by` at the clock's instant. */
  async function open(tenantId: string, by: AgentRecord, input: Partial<OpenCaseInput> = {}): Promise<CaseRecord> {
    const caller = p.asAgent(tenantId, by);
    const existing = await p.deps.store.transaction((repos) => repos.customers.byHandle(tenantId, 'acme'));
    if (!existing) {
      // A plan without a monthly quota (arcoirisapp premium), so that bulk opens are never refused.
      const { plans, monthlyQuota } = p.policies.policy(tenantId)!.rules;
      await p.customer(tenantId, 'acme', { plan: plans.find((plan) => !(plan in monthlyQuota)) });
      await p.contact(tenantId, 'acme', 'luis');
    }
    return p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', title: 'El portal no carga', ...input }));
  }

  /** `by` assigns case `number` to themselves: the case as it then is. */
  async function take(tenantId: string, by: AgentRecord, number: number) {
    return p.ok(
      await assignCase({ deps: p.deps, caller: p.asAgent(tenantId, by), ref: { number }, assignee: { kind: 'me' } }),
    );
  }

  /** Moves the clock to `at` and runs one pass of the monitor. */
  async function sweepAt(at: string, options: { dryRun?: boolean } = {}): Promise<FiredTimer[]> {
    p.clock.set(new Date(at));
    return sweepSla(p.deps, options);
  }

  const fired = (timers: FiredTimer[]) => timers.filter((timer) => timer.outcome === 'fired');
  const rules = (timers: FiredTimer[]) =>
    fired(timers).map((timer) => `${timer.rule}:${timer.target}${timer.threshold ? `@${timer.threshold}` : ''}`);

  /** The alerts and notices the monitor queued, oldest first. */
  async function messages(kinds: string[] = ['message', 'case.notice']) {
    const rows = await p.t.db.select().from(outbox).where(inArray(outbox.kind, kinds)).orderBy(asc(outbox.id));
    return rows.map((row) => ({
      target: row.target,
      destination: row.destination,
      kind: row.kind,
      notBefore: row.nextAttemptAt.toISOString(),
      message: (row.payload as { message?: ChatMessage }).message,
      payload: row.payload,
    }));
  }

  async function events(caseId: string, prefix = '') {
    const rows = await p.t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId)))
      .orderBy(asc(caseEvents.id));
    return rows.filter((row) => row.type.startsWith(prefix));
  }

  const caller = (tenantId: string, agent: AgentRecord): Caller => p.asAgent(tenantId, agent);

  return { p, person, bind, open, take, sweepAt, fired, rules, messages, events, caller };
}
