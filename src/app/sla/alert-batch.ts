import type { CaseEventInput, CaseRecord } from '../../domain/case/case.types.ts';
import type { OutboxMessage, Repositories } from '../store.port.ts';
import type { TimerRow } from './sla.port.ts';

// A batch of alert timers fires in one transaction with as few round trips as it can: the cases are read in one
// query, what every alert of the batch looks up (tenants, customers, agents, channels, chat identities: nothing the
// monitor writes) is read once, and the outbox rows, audit events and fired marks are written together at the end. A database
// round trip costs a millisecond or more; an alert used to take a dozen of them.

export interface AlertBatch {
  /** The transaction's repositories, reads memoised and outbox writes held until `flush`. */
  repos: Repositories;
  cases: Map<string, CaseRecord>;
  mark(id: number, outcome: string): void;
  /** An alert's audit event, written with the others at `flush`. */
  audit(event: CaseEventInput): void;
  flush(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a memo over any repository read
function memo<F extends (...args: any[]) => Promise<unknown>>(read: F): F {
  const cache = new Map<string, Promise<unknown>>();
  return ((...args: Parameters<F>) => {
    const key = JSON.stringify(args);
    let found = cache.get(key);
    if (!found) {
      found = read(...args);
      cache.set(key, found);
    }
    return found;
  }) as F;
}

export async function openAlertBatch(repos: Repositories, timers: TimerRow[], now: Date): Promise<AlertBatch> {
  const cases = new Map((await repos.sla.casesByIds(timers.map((timer) => timer.caseId))).map((c) => [c.id, c]));
  const held: OutboxMessage[] = [];
  const marks: { id: number; outcome: string }[] = [];
  const events: CaseEventInput[] = [];
  const batched: Repositories = {
    ...repos,
    tenants: { ...repos.tenants, get: memo(repos.tenants.get) },
    customers: { ...repos.customers, byId: memo(repos.customers.byId) },
    contacts: { ...repos.contacts, byId: memo(repos.contacts.byId) },
    agents: { ...repos.agents, byId: memo(repos.agents.byId), list: memo(repos.agents.list) },
    bindings: { ...repos.bindings, byName: memo(repos.bindings.byName) },
    sla: { ...repos.sla, identitiesOf: memo(repos.sla.identitiesOf) },
    outbox: {
      async enqueue(messages) {
        held.push(...messages);
      },
    },
  };
  return {
    repos: batched,
    cases,
    mark: (id, outcome) => marks.push({ id, outcome }),
    audit: (event) => events.push(event),
    async flush() {
      await repos.outbox.enqueue(held.splice(0));
      await repos.sla.appendEvents(events.splice(0));
      await repos.sla.markFiredMany(marks.splice(0), now);
    },
  };
}
