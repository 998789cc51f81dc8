import { describe, expect, it } from 'vitest';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { Store } from '../../../src/app/store.port.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows, outboxRows } from './case-rows.ts';

// Every change posts a `case.update` to the agent channels bound to the case's routing name (itbx: alta cases go to
// soporte-critico, the rest to soporte), in the change's own transaction; with no channel bound, nothing is queued.

describe('case.update messages to the agent channels', () => {
  const p = usePortero();

  it('are queued only where a channel is bound to the routing name, one per bound channel', async () => {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Sin canal', priority: 'media' }));
    expect(await outboxRows(p.t.db, 'itbx')).toEqual([]);

    await p.deps.store.transaction(async (repos) => {
      await repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C-SOPORTE',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte',
      });
      await repos.bindings.bind({
        platform: 'teams',
        conversationId: '19:soporte@thread',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte',
      });
    });
    const media = p.ok(
      await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Con canal', priority: 'media' }),
    );
    const alta = p.ok(
      await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Crítico', priority: 'alta' }),
    );
    // itbx: ABIERTO is left only with an engineer, so the assignment goes out too.
    p.ok(await assignCase({ deps: p.deps, caller: ana, ref: { number: media.number }, assignee: { kind: 'me' } }));
    p.ok(await moveCase({ deps: p.deps, caller: ana, ref: { number: media.number }, state: 'analisis' }));

    const events = await eventRows(p.t.db, 'itbx');
    const opened = events.filter((e) => e.type === 'opened');
    expect(opened).toHaveLength(3);
    const rows = await outboxRows(p.t.db, 'itbx');
    // alta routes to soporte-critico, which has no channel: only ITBX-2's opening, assignment and move went out,
    // twice each.
    expect(rows.map((row) => [row.kind, row.target, row.destination])).toEqual([
      ['case.update', 'slack', 'C-SOPORTE'],
      ['case.update', 'teams', '19:soporte@thread'],
      ['case.update', 'slack', 'C-SOPORTE'],
      ['case.update', 'teams', '19:soporte@thread'],
      ['case.update', 'slack', 'C-SOPORTE'],
      ['case.update', 'teams', '19:soporte@thread'],
    ]);
    const first = rows[0]!;
    expect(first.payload).toMatchObject({
      case: { ref: 'ITBX-2', title: 'Con canal', state: { id: 'abierto' }, priority: { id: 'media' } },
      event: { type: 'opened', summary: 'ITBX-2 Con canal' },
    });
    expect(rows[4]!.payload).toMatchObject({
      case: { ref: 'ITBX-2', state: { id: 'analisis' } },
      event: { type: 'moved', summary: 'abierto → analisis' },
    });
    // One row per change and channel: the key names the case version the change wrote (opened 1, assigned 2, moved 3).
    const caseId = media.id;
    expect(rows.map((row) => row.dedupKey)).toEqual(
      [1, 2, 3].flatMap((version) => [
        `case.update:${caseId}:${version}:slack:C-SOPORTE`,
        `case.update:${caseId}:${version}:teams:19:soporte@thread`,
      ]),
    );
    expect(alta.ref).toBe('ITBX-3');
  });

  it('a channel bound to another tenant’s routing name of the same name gets nothing', async () => {
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C-OYS',
        tenantId: 'oys',
        purpose: 'agent',
        name: 'soporte',
      }),
    );
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Aislado', priority: 'media' }));
    expect(await outboxRows(p.t.db, 'itbx')).toEqual([]);
    expect(await outboxRows(p.t.db, 'oys')).toEqual([]);
  });

  it('are not built where no channel would receive them, and a card reads no one the case read did not bring', async () => {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    const acme = await p.customer('itbx', 'acme');
    const media = p.ok(
      await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Sin canal', priority: 'media' }),
    );
    p.ok(await assignCase({ deps: p.deps, caller: ana, ref: { number: media.number }, assignee: { kind: 'me' } }));
    // Reads of customers and agents by id: what a card would need beyond what came with the case.
    let cardReads = 0;
    const counting: Store = {
      read: (work) => p.deps.store.read(work),
      transaction: (work) =>
        p.deps.store.transaction((repos) => {
          const count =
            <A extends unknown[], R>(read: (...args: A) => R) =>
            (...args: A) => {
              cardReads++;
              return read(...args);
            };
          return work({
            ...repos,
            customers: { ...repos.customers, byId: count(repos.customers.byId) },
            agents: { ...repos.agents, byId: count(repos.agents.byId) },
          });
        }),
    };
    const deps = { ...p.deps, store: counting };

    p.ok(await moveCase({ deps, caller: ana, ref: { number: media.number }, state: 'analisis' }));
    expect(cardReads).toBe(0);
    expect(await outboxRows(p.t.db, 'itbx')).toEqual([]);

    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C-SOPORTE',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte',
      }),
    );
    // Moved by another agent: the assignee (ana) is not the actor, whom the use case reads anyway.
    const eva = p.asAgent('itbx', await p.agent('itbx', 'eva'));
    p.ok(await moveCase({ deps, caller: eva, ref: { number: media.number }, state: 'solucion' }));
    // The customer and the assignee came with the case (one read), and the card names both.
    expect(cardReads).toBe(0);
    expect((await outboxRows(p.t.db, 'itbx')).map((row) => row.payload)).toMatchObject([
      { case: { ref: media.ref, customer: acme.name, assignee: 'ana', state: { id: 'solucion' } } },
    ]);
  });
});
