import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import {
  removePerson,
  removeTenant,
  restorePerson,
  restoreTenant,
  updateAgent,
  updateContact,
  updateCustomer,
  updateTenant,
} from '../../../src/app/directory/change-directory.ts';
import { addContact, addTenant } from '../../../src/app/directory/directory.ts';
import type { DirectoryActor } from '../../../src/app/directory/directory-audit.ts';
import { assigneeOrChannel, managers } from '../../../src/app/sla/alert-recipients.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { directoryEventRows, eventRows } from '../cases/case-rows.ts';

// Changing and retiring the directory: a plan or phase change applies to the next request, a removal deactivates
// what history names (with its effects on reporter caps, intake, assignment and alerts) and deletes the rest, and
// every change is an audit event naming who made it.

const operator: DirectoryActor = { actor: { kind: 'system' }, by: 'cli:ops' };

describe('changing and retiring the directory', () => {
  const p = usePortero();

  it('arcoirisapp: basic → premium lifts the monthly quota at once; back to basic counts every case of the month', async () => {
    const agent = await p.agent('arcoirisapp', 'ana');
    await p.customer('arcoirisapp', 'tienda');
    const caller = p.asAgent('arcoirisapp', agent);
    const open = (title: string) => openCase({ deps: p.deps, caller, customer: 'tienda', title });
    for (let n = 1; n <= 5; n++) p.ok(await open(`Consulta ${n}`));
    expect(await open('Consulta 6')).toMatchObject({ ok: false, error: { code: 'policy.quota_exceeded' } });

    const premium = p.ok(
      await updateCustomer(p.deps, operator, { tenantId: 'arcoirisapp', handle: 'tienda', plan: 'premium' }),
    );
    expect(premium.plan).toBe('premium');
    p.ok(await open('Consulta 6'));
    // Back on basic, the six cases of the month count against basic's five, whatever plan each was opened under.
    p.ok(await updateCustomer(p.deps, operator, { tenantId: 'arcoirisapp', handle: 'tienda', plan: 'basic' }));
    expect(await open('Consulta 7')).toMatchObject({
      ok: false,
      error: { code: 'policy.quota_exceeded', params: { used: 6, limit: 5 } },
    });
    // An unknown plan is refused and nothing changes; an update with nothing new says so.
    expect(
      await updateCustomer(p.deps, operator, { tenantId: 'arcoirisapp', handle: 'tienda', plan: 'gold' }),
    ).toMatchObject({ ok: false, error: { code: 'customer.invalid_plan' } });
    expect(
      await updateCustomer(p.deps, operator, { tenantId: 'arcoirisapp', handle: 'tienda', plan: 'basic' }),
    ).toMatchObject({ ok: false, error: { code: 'directory.nothing_to_change' } });

    expect((await directoryEventRows(p.t.db, 'arcoirisapp')).filter((e) => e.type === 'directory.updated')).toEqual([
      {
        type: 'directory.updated',
        caseId: null,
        actorKind: 'system',
        channel: 'cli',
        data: { kind: 'customer', handle: 'tienda', changes: { plan: ['basic', 'premium'] }, by: 'cli:ops' },
      },
      {
        type: 'directory.updated',
        caseId: null,
        actorKind: 'system',
        channel: 'cli',
        data: { kind: 'customer', handle: 'tienda', changes: { plan: ['premium', 'basic'] }, by: 'cli:ops' },
      },
    ]);
  });

  it('crosspoint365: implementation → production sends the next request to the production channels', async () => {
    const agent = await p.agent('crosspoint365', 'ana');
    await p.customer('crosspoint365', 'nova', { projectPhase: 'implementation' });
    const customer = p.ok(
      await updateCustomer(p.deps, operator, { tenantId: 'crosspoint365', handle: 'nova', projectPhase: 'production' }),
    );
    expect(customer.projectPhase).toBe('production');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asAgent('crosspoint365', agent), customer: 'nova', title: 'Error' }),
    );
    expect(opened.ref).toMatch(/^CP365-/);
  });

  it('itbx: a reporter who left is deactivated, frees their place under the cap, cannot open cases, and keeps their name on old cases', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    await p.contact('itbx', 'acme', 'marta');
    expect(await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'pepe' })).toMatchObject({
      ok: false,
      error: { code: 'policy.reporter_limit' },
    });
    const old = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'No puedo entrar' }),
    );

    expect(p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' }))).toBe(
      'deactivated',
    );
    p.ok(await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'pepe' }));
    const refused = await openCase({
      deps: p.deps,
      caller: p.asContact('itbx', luis),
      customer: 'acme',
      title: 'Otra vez',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'directory.inactive', params: { kind: 'contact' } } });
    if (!refused.ok)
      expect(describeCaseError(refused.error, 'en')).toMatch(/^Contact "luis" was removed on 2026-11-23/);
    // An agent naming him is refused the same way.
    expect(
      await openCase({
        deps: p.deps,
        caller: p.asAgent('itbx', agent),
        customer: 'acme',
        reporter: 'luis',
        title: 'En su nombre',
      }),
    ).toMatchObject({ ok: false, error: { code: 'directory.inactive' } });
    const shown = p.ok(await showCase({ deps: p.deps, caller: p.asAgent('itbx', agent), ref: { number: old.number } }));
    expect(shown.record.reporterId).toBe(luis.id);
    const listed = await p.deps.store.transaction(async (repos) => [
      (await repos.contacts.list('itbx')).map((c) => c.handle),
      (await repos.contacts.list('itbx', undefined, { includeInactive: true })).map((c) => c.handle),
    ]);
    expect(listed).toEqual([
      ['marta', 'pepe'],
      ['luis', 'marta', 'pepe'],
    ]);
    // Marta never reported anything: she is deleted, and removing luis twice says he is already gone.
    expect(p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'marta' }))).toBe(
      'deleted',
    );
    expect(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' })).toMatchObject({
      ok: false,
      error: { code: 'directory.inactive' },
    });
    expect(
      (await directoryEventRows(p.t.db, 'itbx'))
        .filter((e) => e.type !== 'directory.added')
        .map((e) => [e.type, e.data.kind, e.data.handle]),
    ).toEqual([
      ['directory.deactivated', 'contact', 'luis'],
      ['directory.deleted', 'contact', 'marta'],
    ]);
  });

  it('a contact becoming a reporter counts against the cap; a bad email is refused by the input rules', async () => {
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis');
    await p.contact('itbx', 'acme', 'marta');
    await p.contact('itbx', 'acme', 'pepe', { reporter: false });
    expect(await updateContact(p.deps, operator, { tenantId: 'itbx', handle: 'pepe', reporter: true })).toMatchObject({
      ok: false,
      error: { code: 'policy.reporter_limit' },
    });
    expect(
      await updateContact(p.deps, operator, { tenantId: 'itbx', handle: 'pepe', email: 'pepe.acme.example' }),
    ).toMatchObject({ ok: false, error: { code: 'input.invalid', params: { field: 'email', rule: 'email_syntax' } } });
    const moved = p.ok(
      await updateContact(p.deps, operator, { tenantId: 'itbx', handle: 'pepe', email: 'pepe@acme.example' }),
    );
    expect(moved.email).toBe('pepe@acme.example');
  });

  it('an agent who left gets no alerts, cannot be assigned and cannot act; their cases keep their name', async () => {
    const ana = await p.agent('itbx', 'ana', { role: 'manager', email: 'ana@itbx.example' });
    const bob = await p.agent('itbx', 'bob', { email: 'bob@itbx.example' });
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', bob);
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', title: 'Caída' }));
    p.ok(
      await assignCase({
        deps: p.deps,
        caller,
        ref: { number: opened.number },
        assignee: { kind: 'handle', handle: 'ana' },
      }),
    );

    expect(p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'agent', handle: 'ana' }))).toBe(
      'deactivated',
    );
    expect(
      await assignCase({
        deps: p.deps,
        caller,
        ref: { number: opened.number },
        assignee: { kind: 'handle', handle: 'ana' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'directory.inactive', params: { kind: 'agent', handle: 'ana' } } });
    expect(
      await openCase({ deps: p.deps, caller: p.asAgent('itbx', ana), customer: 'acme', title: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'case.forbidden' } });
    const shown = p.ok(await showCase({ deps: p.deps, caller, ref: { number: opened.number } }));
    expect(shown.snapshot.assignee).toBe('ana');

    const endpoints = await p.deps.store.transaction(async (repos) => {
      const tenant = (await repos.tenants.get('itbx'))!;
      const scope = { repos, tenant, policy: p.policies.policy('itbx')!, record: shown.record, routing: undefined };
      return { managers: await managers(scope), assignee: await assigneeOrChannel(scope) };
    });
    expect(endpoints.managers.map((e) => e.destination)).not.toContain('ana@itbx.example');
    expect(endpoints.assignee).toEqual([]);

    // Bob has done nothing yet that names him… except opening the case: he is deactivated too. An agent added and
    // removed the same day is deleted.
    await p.agent('itbx', 'nuevo');
    expect(p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'agent', handle: 'nuevo' }))).toBe(
      'deleted',
    );
    const updated = p.ok(
      await updateAgent(p.deps, operator, { tenantId: 'itbx', handle: 'bob', timezone: 'Europe/Madrid' }),
    );
    expect(updated.timezone).toBe('Europe/Madrid');
  });

  it('itbx: a reporter who returns is refused while the company is full, then restored and reports again; audited', async () => {
    await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    await p.contact('itbx', 'acme', 'marta');
    p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'No puedo entrar' }),
    );
    p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' }));
    p.ok(await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'pepe' }));
    const restoreLuis = () => restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' });

    // Marta and pepe fill ITBX's two places: luis would be a third, refused as `contact add` refuses one.
    expect(await restoreLuis()).toMatchObject({ ok: false, error: { code: 'policy.reporter_limit' } });
    p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'marta' }));
    p.ok(await restoreLuis());
    p.ok(await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'Otra vez' }));
    // Restoring what is not removed, or what does not exist, says so.
    expect(await restoreLuis()).toMatchObject({ ok: false, error: { code: 'directory.not_inactive' } });
    expect(await restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'agent', handle: 'nadie' })).toMatchObject({
      ok: false,
      error: { code: 'directory.not_found' },
    });

    const refusals = await eventRows(p.t.db, 'itbx');
    expect(refusals.filter((e) => e.type === 'refused').map((e) => [e.data.useCase, e.data.code])).toEqual([
      ['restore-contact', 'policy.reporter_limit'],
    ]);
    expect((await directoryEventRows(p.t.db, 'itbx')).filter((e) => e.type === 'directory.reactivated')).toEqual([
      expect.objectContaining({ actorKind: 'system', data: { kind: 'contact', handle: 'luis', by: 'cli:ops' } }),
    ]);
  });

  it('a contact of a removed company waits for the company; a restored agent can be assigned again', async () => {
    const ana = await p.agent('itbx', 'ana');
    await p.agent('itbx', 'beto');
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'Caída' }),
    );
    const assign = (handle: string) =>
      assignCase({
        deps: p.deps,
        caller: p.asAgent('itbx', ana),
        ref: { number: opened.number },
        assignee: { kind: 'handle', handle },
      });
    p.ok(await assign('beto'));
    p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' }));
    p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'customer', handle: 'acme' }));
    expect(await restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' })).toMatchObject({
      ok: false,
      error: { code: 'directory.inactive', params: { kind: 'customer', handle: 'acme' } },
    });
    p.ok(await restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'customer', handle: 'acme' }));
    p.ok(await restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'contact', handle: 'luis' }));

    p.ok(await removePerson(p.deps, operator, { tenantId: 'itbx', kind: 'agent', handle: 'beto' }));
    p.ok(await assign('ana'));
    expect(await assign('beto')).toMatchObject({ ok: false, error: { code: 'directory.inactive' } });
    p.ok(await restorePerson(p.deps, operator, { tenantId: 'itbx', kind: 'agent', handle: 'beto' }));
    p.ok(await assign('beto'));
  });

  it('a tenant with history is deactivated and opens no cases; an empty one is deleted', async () => {
    p.ok(await addTenant(p.deps, { id: 'vacia', policyId: 'itbx', casePrefix: 'VAC' }));
    // Its own directory events (added, renamed) are no history to keep: with no people and no cases it is deleted.
    expect(p.ok(await updateTenant(p.deps, operator, { id: 'vacia', name: 'Vacía S.A.' })).name).toBe('Vacía S.A.');
    expect(p.ok(await removeTenant(p.deps, operator, 'vacia'))).toBe('deleted');
    const agent = await p.agent('oys', 'ana');
    await p.customer('oys', 'acme');
    expect(p.ok(await removeTenant(p.deps, operator, 'oys'))).toBe('deactivated');
    expect(
      await openCase({ deps: p.deps, caller: p.asAgent('oys', agent), customer: 'acme', title: 'Caída' }),
    ).toMatchObject({ ok: false, error: { code: 'directory.inactive', params: { kind: 'tenant', handle: 'oys' } } });
    const tenants = await p.deps.store.transaction(async (repos) => [
      (await repos.tenants.list()).map((t) => t.id),
      (await repos.tenants.list({ includeInactive: true })).map((t) => t.id),
    ]);
    expect(tenants[0]).not.toContain('oys');
    expect(tenants[1]).toContain('oys');
    expect(tenants[1]).not.toContain('vacia');
    // Restored, it opens cases again.
    p.ok(await restoreTenant(p.deps, operator, 'oys'));
    p.ok(await openCase({ deps: p.deps, caller: p.asAgent('oys', agent), customer: 'acme', title: 'Caída' }));
    expect(await restoreTenant(p.deps, operator, 'oys')).toMatchObject({
      ok: false,
      error: { code: 'directory.not_inactive' },
    });
  });
});
