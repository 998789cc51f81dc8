import { describe, expect, it } from 'vitest';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { createPolicyBook } from '../../../src/app/policy/policy-book.ts';
import type { Policy } from '../../../src/domain/policy/policy.schema.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { outboxRows } from './case-rows.ts';

// A case goes to the agent channel whose filters match it, and to none when none does: itbx with its catch-all
// `soporte` removed routes only alta cases, and a media case is posted nowhere, though `soporte-critico` is bound.

describe('agent channel routing of case cards', () => {
  const p = usePortero();

  it('posts a case that matches no channel’s filters nowhere', async () => {
    const itbx = p.policies.policy('itbx')!;
    const criticalOnly: Policy = {
      ...itbx,
      routing: { ...itbx.routing, agentChannels: [{ name: 'soporte-critico', priorities: ['alta'] }] },
    };
    const deps = { ...p.deps, policies: createPolicyBook([criticalOnly]) };
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C-CRIT',
        tenantId: 'itbx',
        purpose: 'agent',
        name: 'soporte-critico',
      }),
    );

    p.ok(await openCase({ deps, caller: ana, customer: 'acme', title: 'Media', priority: 'media' }));
    expect(await outboxRows(p.t.db, 'itbx')).toEqual([]);

    p.ok(await openCase({ deps, caller: ana, customer: 'acme', title: 'Alta', priority: 'alta' }));
    const rows = await outboxRows(p.t.db, 'itbx');
    expect(rows.map((row) => [row.kind, row.target, row.destination])).toEqual([['case.update', 'slack', 'C-CRIT']]);
    expect(rows[0]!.payload).toMatchObject({ case: { ref: 'ITBX-2', priority: { id: 'alta' } } });
  });
});
