import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { listCases, showCase } from '../../../src/app/cases/case-queries.ts';
import { addNote, assignCase, replyToCustomer, setPriority } from '../../../src/app/cases/case-updates.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { countRows, eventRows, outboxRows } from './case-rows.ts';

// An agent of one tenant can neither see nor change another tenant's case: not by naming the other tenant, not by
// the other tenant's prefix, not by a case number both tenants have.

describe('tenant isolation', () => {
  const p = usePortero();

  it('an agent of jd-services cannot see or change an itbx case, whichever way it is named', async () => {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis');
    const itbxCase = p.ok(
      await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: 'Secreto de ITBX', priority: 'alta' }),
    );
    const before = p.ok(await showCase({ deps: p.deps, caller: ana, ref: { number: 1 } })).record;

    const jose = await p.agent('jd-services', 'jose');
    // Claiming to act for itbx: the agent is not one of itbx's, so the context itself is refused.
    const intruder: Caller = { tenantId: 'itbx', actor: { kind: 'agent', agentId: jose.id }, channel: 'slack' };
    const forbidden = { ok: false, error: { code: 'case.forbidden', params: { tenant: 'itbx' } } };
    const ref = { number: 1 };
    expect(await showCase({ deps: p.deps, caller: intruder, ref })).toEqual(forbidden);
    expect(await listCases({ deps: p.deps, caller: intruder, kind: 'all' })).toEqual(forbidden);
    expect(await moveCase({ deps: p.deps, caller: intruder, ref, state: 'analisis' })).toEqual(forbidden);
    expect(await assignCase({ deps: p.deps, caller: intruder, ref, assignee: { kind: 'me' } })).toEqual(forbidden);
    expect(await addNote({ deps: p.deps, caller: intruder, ref, text: 'hola' })).toEqual(forbidden);
    expect(await replyToCustomer({ deps: p.deps, caller: intruder, ref, text: 'hola' })).toEqual(forbidden);
    expect(await setPriority({ deps: p.deps, caller: intruder, ref, priority: 'baja' })).toEqual(forbidden);
    expect(await closeCase({ deps: p.deps, caller: intruder, ref, resolution: 'cerrado' })).toEqual(forbidden);
    expect(await openCase({ deps: p.deps, caller: intruder, customer: 'acme', title: 'intruso' })).toEqual(forbidden);

    // In their own tenant: the itbx prefix finds nothing, and number 1 is not itbx's case.
    const own = p.asAgent('jd-services', jose);
    const prefixed = { prefix: 'ITBX', number: 1 };
    expect(await showCase({ deps: p.deps, caller: own, ref: prefixed })).toEqual({
      ok: false,
      error: { code: 'case.not_found', params: { ref: 'ITBX-1' } },
    });
    expect(await moveCase({ deps: p.deps, caller: own, ref: prefixed, state: 'analisis' })).toMatchObject({
      error: { code: 'case.not_found' },
    });
    expect(await reopenCase({ deps: p.deps, caller: own, ref: prefixed })).toMatchObject({
      error: { code: 'case.not_found' },
    });
    expect(await showCase({ deps: p.deps, caller: own, ref: { number: 1 } })).toMatchObject({
      error: { code: 'case.not_found' },
    });
    expect(p.ok(await listCases({ deps: p.deps, caller: own, kind: 'all' }))).toEqual([]);
    await p.customer('jd-services', 'acme'); // the same handle in another tenant is another customer
    const jdsCase = p.ok(await openCase({ deps: p.deps, caller: own, customer: 'acme', title: 'Caso propio' }));
    expect(jdsCase.ref).toBe('JDS-1');
    expect(p.ok(await showCase({ deps: p.deps, caller: own, ref: { number: 1 } })).record.id).toBe(jdsCase.id);

    // The itbx case is exactly as it was; nothing of it reached jd-services.
    expect(p.ok(await showCase({ deps: p.deps, caller: ana, ref: { number: 1 } })).record).toEqual(before);
    expect(p.ok(await listCases({ deps: p.deps, caller: ana, kind: 'all' })).map((c) => c.ref)).toEqual(['ITBX-1']);
    const itbxEvents = await eventRows(p.t.db, 'itbx');
    expect(itbxEvents.filter((e) => e.type !== 'refused').map((e) => e.type)).toEqual(['opened', 'acknowledged']);
    // Each attempt is on itbx's audit trail, so its managers can see who tried.
    const attempts = itbxEvents.filter((e) => e.type === 'refused');
    expect(attempts.map((e) => [e.data.useCase, e.data.code, e.actorKind, e.channel])).toEqual(
      ['show', 'list', 'move', 'assign', 'note', 'reply', 'priority', 'close', 'open'].map((useCase) => [
        useCase,
        'case.forbidden',
        'agent',
        'slack',
      ]),
    );
    expect(await outboxRows(p.t.db, 'itbx')).toEqual([]);
    expect(await countRows(p.t.db, 'cases', 'itbx')).toBe(1);
    const jdsEvents = await eventRows(p.t.db, 'jd-services');
    expect(jdsEvents.some((e) => e.caseId === itbxCase.id)).toBe(false);
  });

  it('a contact of one tenant cannot open a case in another', async () => {
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    await p.customer('oys', 'acme');
    const posing = {
      tenantId: 'oys',
      actor: { kind: 'contact' as const, contactId: luis.id },
      channel: 'portal' as const,
    };
    expect(await openCase({ deps: p.deps, caller: posing, customer: 'acme', title: 'Hola' })).toEqual({
      ok: false,
      error: { code: 'case.contact_not_found', params: { contact: luis.id } },
    });
    expect(await countRows(p.t.db, 'cases')).toBe(0);
  });
});
