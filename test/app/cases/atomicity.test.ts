import { type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import type { CaseDeps } from '../../../src/app/cases/case-context.ts';
import { addNote, assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { Repositories, Store } from '../../../src/app/store.port.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { countRows, eventRows, nextCaseNumber, type Table } from './case-rows.ts';

// A use case is one transaction: when any write fails, nothing of it stays. The failure is injected over the real
// database: a Store wrapper whose repositories break one method, or a constraint that makes the database itself
// refuse one row of a case change.

class InjectedFailure extends Error {}

function failing(store: Store, breakRepos: (repos: Repositories) => Repositories): Store {
  return {
    transaction: (work) => store.transaction((repos) => work(breakRepos(repos))),
    read: (work) => store.read((repos) => work(breakRepos(repos))),
  };
}

/**
 * Runs `work` while the database refuses rows of `table` for which `allowed` is false, and checks that it failed for
 * that reason (the constraint's name is in the driver's error, the cause of drizzle's).
 */
async function whileRefusing(db: Db, table: Table, allowed: SQL, work: () => Promise<unknown>): Promise<void> {
  const name = sql.identifier(table);
  await db.execute(sql`alter table ${name} add constraint injected_failure check (${allowed}) not valid`);
  try {
    const error = await work().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(String((error as Error | undefined)?.cause ?? error)).toMatch(/injected_failure/);
  } finally {
    await db.execute(sql`alter table ${name} drop constraint injected_failure`);
  }
}

const outboxDown = (repos: Repositories): Repositories => ({
  ...repos,
  outbox: {
    enqueue: async () => {
      throw new InjectedFailure('outbox insert failed');
    },
  },
});

describe('a failed use case leaves no partial rows', () => {
  const p = usePortero();

  async function seed() {
    const agent = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis');
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C1',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte',
      }),
    );
    return agent;
  }

  it('an open whose outbox insert fails leaves no case, no event, no message and no used number', async () => {
    const agent = await seed();
    await whileRefusing(p.t.db, 'outbox', sql`kind <> 'case.update'`, () =>
      openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' }),
    );
    expect(await countRows(p.t.db, 'cases')).toBe(0);
    expect(await countRows(p.t.db, 'case_events')).toBe(0);
    expect(await countRows(p.t.db, 'outbox')).toBe(0);
    expect(await nextCaseNumber(p.t.db, 'itbx')).toBe(1);
    // The number was given back: the next open that succeeds is ITBX-1.
    expect(p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' })).ref).toBe('ITBX-1');
  });

  it('a move whose audit insert fails leaves the case as it was', async () => {
    const agent = await seed();
    const opened = p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' }));
    // itbx: ABIERTO is left only with an engineer assigned.
    const assigned = p.ok(
      await assignCase({ deps: p.deps, caller: agent, ref: { number: opened.number }, assignee: { kind: 'me' } }),
    );
    const before = { events: await countRows(p.t.db, 'case_events'), outbox: await countRows(p.t.db, 'outbox') };
    p.clock.advance(60_000);
    await whileRefusing(p.t.db, 'case_events', sql`type <> 'moved'`, () =>
      moveCase({ deps: p.deps, caller: agent, ref: { number: opened.number }, state: 'analisis' }),
    );
    const after = p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Otro' }));
    expect(after.ref).toBe('ITBX-2');
    const { record } = await p.deps.store.transaction(async (repos) => ({
      record: await repos.cases.byNumber('itbx', opened.number),
    }));
    expect(record).toMatchObject({ state: 'abierto', version: assigned.version, updatedAt: assigned.updatedAt });
    // Only ITBX-2's opening and its acknowledgement (itbx: on the case, for the portal).
    expect(await countRows(p.t.db, 'case_events')).toBe(before.events + 2);
    expect(await countRows(p.t.db, 'outbox')).toBe(before.outbox + 1);
  });

  it('a reply whose email cannot be queued is neither recorded nor counted as the first response', async () => {
    // crosspoint365 takes email from a production customer (itbx does not: its replies are recorded on the case).
    const agent = p.asAgent('crosspoint365', await p.agent('crosspoint365', 'ana'));
    await p.customer('crosspoint365', 'acme');
    await p.contact('crosspoint365', 'acme', 'luis');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae', reporter: 'luis' }),
    );
    const broken: CaseDeps = { ...p.deps, store: failing(p.deps.store, outboxDown) };
    await expect(
      replyToCustomer({ deps: broken, caller: agent, ref: { number: opened.number }, text: 'Hola' }),
    ).rejects.toThrow(InjectedFailure);
    const record = await p.deps.store.transaction((repos) => repos.cases.byNumber('crosspoint365', opened.number));
    expect(record).toMatchObject({ firstRespondedAt: null, version: 1 });
    expect((await eventRows(p.t.db, 'crosspoint365')).map((e) => e.type)).toEqual(['opened', 'acknowledged']);
  });

  it('a refusal rolls its work back and leaves only its own audit event', async () => {
    const agent = await seed();
    const opened = p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' }));
    const refused = await moveCase({ deps: p.deps, caller: agent, ref: { number: opened.number }, state: 'cerrada' });
    expect(refused.ok).toBe(false);
    const events = await eventRows(p.t.db, 'itbx');
    expect(events.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'refused']);
    expect(await countRows(p.t.db, 'outbox')).toBe(1); // the opening's card only
  });

  it('a change whose case another change committed since it was read is refused and writes nothing', async () => {
    const agent = await seed();
    const opened = p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' }));
    const ref = { number: opened.number };
    const read = (repos: Repositories) => repos.cases.withPeople('itbx', opened.number);
    // The case as a slower change read it, before another change of it committed.
    const stale = await p.deps.store.transaction(read);
    p.ok(await addNote({ deps: p.deps, caller: agent, ref, text: 'Primero' }));
    const current = await p.deps.store.transaction(read);
    const timers = await p.deps.store.transaction((repos) => repos.sla.forCase('itbx', opened.id));
    const before = { events: await countRows(p.t.db, 'case_events'), outbox: await countRows(p.t.db, 'outbox') };
    p.clock.advance(60_000);
    const racing: Store = {
      read: (work) => p.deps.store.read(work),
      transaction: (work) =>
        p.deps.store.transaction((repos) =>
          work({ ...repos, cases: { ...repos.cases, withPeople: async () => stale } }),
        ),
    };
    const refused = await assignCase({
      deps: { ...p.deps, store: racing },
      caller: agent,
      ref,
      assignee: { kind: 'me' },
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'case.changed', params: { ref: opened.ref, caseId: opened.id } },
    });
    expect(await p.deps.store.transaction(read)).toEqual(current);
    expect(await p.deps.store.transaction((repos) => repos.sla.forCase('itbx', opened.id))).toEqual(timers);
    expect(await countRows(p.t.db, 'outbox')).toBe(before.outbox);
    // Only the refusal's own audit event.
    expect(await countRows(p.t.db, 'case_events')).toBe(before.events + 1);
    expect((await eventRows(p.t.db, 'itbx')).at(-1)).toMatchObject({ type: 'refused', data: { code: 'case.changed' } });
  });

  it('two changes of one case at once take turns: both commit, the second on top of the first', async () => {
    const agent = await seed();
    const opened = p.ok(await openCase({ deps: p.deps, caller: agent, customer: 'acme', title: 'Se cae' }));
    const ref = { number: opened.number };
    const [first, second] = await Promise.all([
      addNote({ deps: p.deps, caller: agent, ref, text: 'Uno' }),
      assignCase({ deps: p.deps, caller: agent, ref, assignee: { kind: 'me' } }),
    ]);
    expect([p.ok(first).version, p.ok(second).version].sort()).toEqual([2, 3]);
    const record = await p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', opened.number));
    expect(record).toMatchObject({ version: 3, assigneeId: p.ok(second).assigneeId });
  });
});
