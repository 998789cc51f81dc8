import { describe, expect, it } from 'vitest';
import {
  addAgent,
  addContact,
  addCustomer,
  addTenant,
  bootstrapTenants,
  defaultCasePrefix,
} from '../../../src/app/directory/directory.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows } from '../cases/case-rows.ts';

// Who is who: tenants (one per preset after bootstrap), their customers, contacts and agents. The policy's reporter
// cap (itbx: two per company) is enforced here, as a refusal with a code and an audit event.

describe('the directory', () => {
  const p = usePortero();

  it('bootstraps one tenant per preset with the preset’s prefix, and only on an empty database', async () => {
    const tenants = await p.deps.store.transaction((repos) => repos.tenants.list());
    expect(tenants.map((t) => [t.id, t.policyId, t.casePrefix])).toEqual([
      ['arcoirisapp', 'arcoirisapp', 'ARCO'],
      ['crosspoint365', 'crosspoint365', 'CP365'],
      ['itbx', 'itbx', 'ITBX'],
      ['jd-services', 'jd-services', 'JDS'],
      ['oys', 'oys', 'OYS'],
    ]);
    expect(await bootstrapTenants(p.deps, ['itbx'])).toEqual([]);
  });

  it('adds a tenant on a policy; a duplicate id or prefix, an unknown policy or a bad prefix are refused', async () => {
    const added = p.ok(await addTenant(p.deps, { id: 'itbx-norte', policyId: 'itbx', casePrefix: 'norte' }));
    expect(added).toEqual({ id: 'itbx-norte', name: 'ITBX', policyId: 'itbx', casePrefix: 'NORTE' });
    expect(await addTenant(p.deps, { id: 'itbx', policyId: 'itbx', casePrefix: 'OTRO' })).toEqual({
      ok: false,
      error: { code: 'tenant.duplicate', params: { tenant: 'itbx' } },
    });
    // Without a prefix the policy's own is used, and ITBX is taken.
    expect(await addTenant(p.deps, { id: 'itbx-sur', policyId: 'itbx' })).toEqual({
      ok: false,
      error: { code: 'tenant.duplicate', params: { prefix: 'ITBX' } },
    });
    expect(await addTenant(p.deps, { id: 'x', policyId: 'nadie' })).toEqual({
      ok: false,
      error: { code: 'policy.unknown', params: { policy: 'nadie' } },
    });
    expect(await addTenant(p.deps, { id: 'x', policyId: 'oys', casePrefix: '9X' })).toEqual({
      ok: false,
      error: { code: 'tenant.invalid_prefix', params: { prefix: '9X' } },
    });
  });

  it('derives a readable case prefix from an id', () => {
    expect(['itbx', 'jd-services', 'crosspoint365', 'arcoirisapp', 'acme'].map(defaultCasePrefix)).toEqual([
      'ITBX',
      'JS',
      'CR365',
      'AR',
      'ACME',
    ]);
  });

  it('adds customers with the policy’s first plan by default; handles are case-insensitive and unique', async () => {
    const acme = p.ok(await addCustomer(p.deps, { tenantId: 'arcoirisapp', handle: 'ACME', name: 'ACME S.A.' }));
    expect(acme).toMatchObject({ handle: 'acme', name: 'ACME S.A.', plan: 'basic', projectPhase: 'production' });
    expect(await addCustomer(p.deps, { tenantId: 'arcoirisapp', handle: 'acme' })).toEqual({
      ok: false,
      error: { code: 'customer.duplicate', params: { customer: 'acme' } },
    });
    expect(await addCustomer(p.deps, { tenantId: 'arcoirisapp', handle: 'a b' })).toEqual({
      ok: false,
      error: { code: 'input.invalid', params: { field: 'handle', rule: 'handle_space', value: 'a b' } },
    });
    expect(await addCustomer(p.deps, { tenantId: 'nadie', handle: 'acme' })).toEqual({
      ok: false,
      error: { code: 'tenant.not_found', params: { tenant: 'nadie' } },
    });
    // The same handle in another tenant is another customer.
    expect(p.ok(await addCustomer(p.deps, { tenantId: 'oys', handle: 'acme' })).id).not.toBe(acme.id);
  });

  it('refuses a plan the policy does not sell and an unknown phase, naming the field and the valid values', async () => {
    p.ok(await addCustomer(p.deps, { tenantId: 'arcoirisapp', handle: 'grande', plan: 'premium' }));
    const typo = await addCustomer(p.deps, { tenantId: 'arcoirisapp', handle: 'tienda', plan: 'basci' });
    expect(typo).toEqual({
      ok: false,
      error: {
        code: 'customer.invalid_plan',
        params: { field: 'plan', plan: 'basci', plans: ['basic', 'premium'], customer: 'tienda' },
      },
    });
    if (typo.ok) return;
    expect(describeCaseError(typo.error, 'es')).toBe(
      'Plan desconocido «basci» en el campo «plan». Planes de esta política: basic, premium.',
    );
    expect(describeCaseError(typo.error, 'en')).toBe(
      'Unknown plan "basci" in the field "plan". This policy\'s plans: basic, premium.',
    );
    // A policy whose seed names no plans has its one default plan.
    expect(p.ok(await addCustomer(p.deps, { tenantId: 'itbx', handle: 'acme' })).plan).toBe('standard');
    expect(await addCustomer(p.deps, { tenantId: 'itbx', handle: 'beta', plan: 'premium' })).toMatchObject({
      ok: false,
      error: { code: 'customer.invalid_plan', params: { plans: ['standard'] } },
    });
    const phase = await addCustomer(p.deps, { tenantId: 'crosspoint365', handle: 'nova', projectPhase: 'piloto' });
    expect(phase).toEqual({
      ok: false,
      error: {
        code: 'customer.invalid_phase',
        params: { field: 'phase', phase: 'piloto', phases: ['production', 'implementation'], customer: 'nova' },
      },
    });
    if (phase.ok) return;
    expect(describeCaseError(phase.error, 'en')).toBe(
      'Unknown project phase "piloto" in the field "phase". Valid phases: production, implementation.',
    );
    // Each refusal is an audit event; nothing was added.
    const refusals = [
      ...(await eventRows(p.t.db, 'arcoirisapp')),
      ...(await eventRows(p.t.db, 'itbx')),
      ...(await eventRows(p.t.db, 'crosspoint365')),
    ];
    expect(
      refusals.map((e) => [
        e.type,
        e.actorKind,
        e.data.useCase,
        e.data.code,
        (e.data.params as { customer: string }).customer,
      ]),
    ).toEqual([
      ['refused', 'system', 'add-customer', 'customer.invalid_plan', 'tienda'],
      ['refused', 'system', 'add-customer', 'customer.invalid_plan', 'beta'],
      ['refused', 'system', 'add-customer', 'customer.invalid_phase', 'nova'],
    ]);
    const customers = await p.deps.store.transaction(async (repos) => [
      ...(await repos.customers.list('arcoirisapp')),
      ...(await repos.customers.list('itbx')),
      ...(await repos.customers.list('crosspoint365')),
    ]);
    expect(customers.map((c) => [c.handle, c.plan])).toEqual([
      ['grande', 'premium'],
      ['acme', 'standard'],
    ]);
  });

  it('itbx: a third reporter for one company is refused with its code and an audit event; others are not', async () => {
    await p.customer('itbx', 'acme');
    await p.customer('itbx', 'beta');
    await p.contact('itbx', 'acme', 'luis');
    await p.contact('itbx', 'acme', 'marta');
    const refused = await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'pepe' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'policy.reporter_limit', params: { limit: 2, current: 2, customer: 'acme' } },
    });
    expect(await eventRows(p.t.db, 'itbx')).toEqual([
      {
        type: 'refused',
        caseId: null,
        actorKind: 'system',
        channel: 'cli',
        data: {
          useCase: 'add-contact',
          code: 'policy.reporter_limit',
          params: { limit: 2, current: 2, customer: 'acme' },
        },
      },
    ]);
    // Pepe was not added; as a contact who does not report, he may be.
    const pepe = p.ok(
      await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'pepe', reporter: false }),
    );
    expect(pepe).toMatchObject({ handle: 'pepe', isReporter: false, email: null });
    // Another company has its own two.
    await p.contact('itbx', 'beta', 'bruno');
    await p.contact('itbx', 'beta', 'berta');
    const contacts = await p.deps.store.transaction((repos) => repos.contacts.list('itbx'));
    expect(contacts.map((c) => [c.handle, c.isReporter])).toEqual([
      ['berta', true],
      ['bruno', true],
      ['luis', true],
      ['marta', true],
      ['pepe', false],
    ]);
  });

  it('itbx: five reporters added at once for one company: exactly two are added, three refused and audited', async () => {
    // Several companies race at once, so that a race the lock did not stop would show on PostgreSQL's pool.
    const companies = ['acme', 'beta', 'gamma', 'delta'];
    for (const company of companies) await p.customer('itbx', company);
    const rounds = await Promise.all(
      companies.map((company) =>
        Promise.all(
          [1, 2, 3, 4, 5].map((n) =>
            addContact(p.deps, { tenantId: 'itbx', customer: company, handle: `${company}-${n}` }),
          ),
        ),
      ),
    );
    for (const [index, results] of rounds.entries()) {
      const company = companies[index]!;
      expect(
        results.filter((r) => r.ok),
        company,
      ).toHaveLength(2);
      expect(results.flatMap((r) => (r.ok ? [] : [r.error]))).toEqual(
        Array(3).fill({ code: 'policy.reporter_limit', params: { limit: 2, current: 2, customer: company } }),
      );
    }
    const reporters = await p.deps.store.transaction((repos) => repos.contacts.list('itbx'));
    expect(reporters.filter((c) => c.isReporter)).toHaveLength(2 * companies.length);
    const audit = await eventRows(p.t.db, 'itbx');
    expect(audit.map((e) => [e.type, e.data.code])).toEqual(
      Array(3 * companies.length).fill(['refused', 'policy.reporter_limit']),
    );
  });

  it('a policy without a reporter cap takes any number of reporters', async () => {
    await p.customer('jd-services', 'acme');
    for (const handle of ['a1', 'a2', 'a3', 'a4']) await p.contact('jd-services', 'acme', handle);
    const count = await p.deps.store.transaction(async (repos) => {
      const customer = await repos.customers.byHandle('jd-services', 'acme');
      return repos.contacts.countReporters('jd-services', customer!.id);
    });
    expect(count).toBe(4);
  });

  it('contacts need a known customer and a free handle', async () => {
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis');
    expect(await addContact(p.deps, { tenantId: 'itbx', customer: 'nadie', handle: 'x' })).toEqual({
      ok: false,
      error: { code: 'case.customer_not_found', params: { customer: 'nadie' } },
    });
    expect(await addContact(p.deps, { tenantId: 'itbx', customer: 'acme', handle: 'LUIS' })).toEqual({
      ok: false,
      error: { code: 'contact.duplicate', params: { contact: 'LUIS' } },
    });
  });

  it('adds agents with an IANA zone; a bad zone or a taken handle is refused', async () => {
    const ana = p.ok(
      await addAgent(p.deps, { tenantId: 'jd-services', handle: 'Ana', role: 'manager', timezone: 'Europe/Madrid' }),
    );
    expect(ana).toMatchObject({ handle: 'ana', name: 'Ana', role: 'manager', timezone: 'Europe/Madrid', locale: null });
    expect(await addAgent(p.deps, { tenantId: 'jd-services', handle: 'ana' })).toEqual({
      ok: false,
      error: { code: 'agent.duplicate', params: { agent: 'ana' } },
    });
    expect(await addAgent(p.deps, { tenantId: 'jd-services', handle: 'eva', timezone: 'Madrid' })).toEqual({
      ok: false,
      error: { code: 'agent.invalid_timezone', params: { timezone: 'Madrid' } },
    });
  });
});
