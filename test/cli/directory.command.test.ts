import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../db/data-dir-lock.ts';
import { createStore } from '../../db/repositories/store.ts';
import { portero, porteroOnItsOwnDatabase, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `portero` run in-process on the test database (PGlite, or PostgreSQL with DATABASE_URL): each runCli opens
// Portero on it as an invocation would (migrations, preset tenants), without opening a database of its own. The tests
// share one deployment and each works on names of its own. test/cli/bin.smoke.test.ts runs the real executable.

const deployment = useCliDeployment('directory');

describe(`portero tenant|customer|contact|agent on ${testDriver()}`, { timeout: 90_000 }, () => {
  it('lists the five preset tenants of a new deployment, adds one, and refuses a duplicate or an unknown policy', async () => {
    const presets = await portero('tenant', 'list');
    expect(presets.code).toBe(0);
    expect(presets.out.map((line) => line.split('\t').slice(0, 3))).toEqual([
      ['arcoirisapp', 'ARCO', 'policy arcoirisapp'],
      ['crosspoint365', 'CP365', 'policy crosspoint365'],
      ['itbx', 'ITBX', 'policy itbx'],
      ['jd-services', 'JDS', 'policy jd-services'],
      ['oys', 'OYS', 'policy oys'],
    ]);

    expect(
      await portero('tenant', 'add', 'acme-desk', '--policy', 'itbx', '--name', 'Acme Desk', '--prefix', 'acme'),
    ).toEqual({ code: 0, out: ['tenant acme-desk added: policy itbx, cases ACME-1, ACME-2, …'], err: '' });
    expect((await portero('tenant', 'list')).out).toContain('acme-desk\tACME\tpolicy itbx\tAcme Desk');

    const duplicate = await portero('tenant', 'add', 'acme-desk', '--policy', 'oys', '--prefix', 'OTHER');
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toMatch(/^refused \(tenant\.duplicate\): /);
    const samePrefix = await portero('tenant', 'add', 'acme-two', '--policy', 'oys', '--prefix', 'ACME');
    expect(samePrefix).toMatchObject({ code: 1, err: expect.stringMatching(/^refused \(tenant\.duplicate\)/) });
    const unknown = await portero('tenant', 'add', 'x', '--policy', 'no-such-policy');
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('policy.unknown') });
    expect((await portero('tenant', 'list')).out).toHaveLength(6);
  });

  it('adds and lists customers and contacts, refusing the reporter the policy does not allow (itbx: two)', async () => {
    expect(
      await portero('customer', 'add', 'acme', '--tenant', 'itbx', '--name', 'Acme SAS', '--phase', 'implementation'),
    ).toEqual({
      code: 0,
      out: ['customer acme added to itbx: plan standard, implementation'],
      err: '',
    });
    expect((await portero('customer', 'list', '--tenant', 'itbx')).out).toEqual([
      'acme\tstandard\timplementation\tAcme SAS',
    ]);
    expect((await portero('customer', 'list', '--tenant', 'oys')).out).toEqual([]);
    // A plan the policy does not sell is refused, not read as "no quota"; so is an unknown phase.
    expect(await portero('customer', 'add', 'tienda', '--tenant', 'arcoirisapp', '--plan', 'gold')).toEqual({
      code: 1,
      out: [],
      err: 'refused (customer.invalid_plan): Unknown plan "gold" in the field "plan". This policy\'s plans: basic, premium.',
    });
    expect(await portero('customer', 'add', 'tienda', '--tenant', 'arcoirisapp', '--phase', 'beta')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^refused \(customer\.invalid_phase\): Unknown project phase "beta"/),
    });
    expect((await portero('customer', 'list', '--tenant', 'arcoirisapp')).out).toEqual([]);

    for (const handle of ['ana', 'beto']) {
      const added = await portero(
        'contact',
        'add',
        handle,
        '--tenant',
        'itbx',
        '--customer',
        'acme',
        '--email',
        `${handle}@acme.example`,
      );
      expect(added).toEqual({ code: 0, out: [`contact ${handle} added to acme as a reporter`], err: '' });
    }
    const third = await portero('contact', 'add', 'carla', '--tenant', 'itbx', '--customer', 'acme');
    expect(third.code).toBe(1);
    expect(third.out).toEqual([]);
    expect(third.err).toContain('refused (policy.reporter_limit)');
    expect(third.err).toContain('2');
    // Someone who does not report cases is no reporter: the cap does not apply.
    expect(await portero('contact', 'add', 'carla', '--tenant', 'itbx', '--customer', 'acme', '--no-reporter')).toEqual(
      {
        code: 0,
        out: ['contact carla added to acme'],
        err: '',
      },
    );
    expect((await portero('contact', 'list', '--tenant', 'itbx', '--customer', 'acme')).out.sort()).toEqual([
      'ana\treporter\tana@acme.example\tana',
      'beto\treporter\tbeto@acme.example\tbeto',
      'carla\t-\t-\tcarla',
    ]);
    const nobody = await portero('contact', 'list', '--tenant', 'itbx', '--customer', 'ghost');
    expect(nobody).toMatchObject({ code: 1, err: expect.stringContaining('case.customer_not_found') });
    const orphan = await portero('contact', 'add', 'dani', '--tenant', 'itbx', '--customer', 'ghost');
    expect(orphan).toMatchObject({ code: 1, err: expect.stringContaining('case.customer_not_found') });
  });

  it('adds agents, refusing a time zone that does not exist with a message saying what is expected', async () => {
    const bad = await portero('agent', 'add', 'ana', '--tenant', 'itbx', '--timezone', 'Bogota');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('agent.invalid_timezone');
    expect(bad.err).toContain('"Bogota"');
    expect(bad.err).toContain('Europe/Madrid');

    expect(
      await portero('agent', 'add', 'ana', '--tenant', 'itbx', '--timezone', 'America/Bogota', '--role', 'manager'),
    ).toEqual({
      code: 0,
      out: ['manager ana added to itbx'],
      // A manager with no way to reach them is added, with a warning: their SLA alerts would go nowhere.
      err: 'warning: manager ana has no Slack, Teams or email: their SLA alerts will reach nobody (add --slack, --teams or --email)',
    });
    expect(await portero('agent', 'add', 'luis', '--tenant', 'itbx')).toMatchObject({ code: 0 });
    expect((await portero('agent', 'list', '--tenant', 'itbx')).out.sort()).toEqual([
      'ana\tmanager\tAmerica/Bogota\tana',
      'luis\tagent\t-\tluis',
    ]);
    expect(await portero('agent', 'add', 'luis', '--tenant', 'itbx')).toMatchObject({
      code: 1,
      err: expect.stringContaining('agent.duplicate'),
    });
    expect(await portero('agent', 'add', 'eve', '--tenant', 'nowhere')).toMatchObject({
      code: 1,
      err: expect.stringContaining('tenant.not_found'),
    });
  });

  it('calls a misuse a misuse (exit 2) and says what was expected', async () => {
    expect(await portero('tenant', 'rename', 'itbx')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/expected add, update, remove, restore, list, link/),
    });
    expect(await portero('customer', 'add', 'acme')).toMatchObject({
      code: 2,
      err: expect.stringContaining('missing --tenant'),
    });
    expect(await portero('agent', 'add', 'x', '--tenant', 'itbx', '--role', 'boss')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--role must be one of agent, manager, got "boss"'),
    });
    expect(await portero('contact', 'add', 'x', '--tenant', 'itbx', '--customer', 'a', '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringContaining("'--bogus'"),
    });
  });
});

describe(`portero … update|remove, and the input rules, on ${testDriver()}`, { timeout: 90_000 }, () => {
  it('changes a customer and a contact, removes them (deactivated or deleted) and lists the removed on request', async () => {
    expect(
      await portero('customer', 'add', 'tienda', '--tenant', 'arcoirisapp', '--name', 'Tienda Ñandú'),
    ).toMatchObject({
      code: 0,
    });
    expect(await portero('customer', 'update', 'tienda', '--tenant', 'arcoirisapp', '--plan', 'premium')).toEqual({
      code: 0,
      out: ['customer tienda updated in arcoirisapp: plan premium, production'],
      err: '',
    });
    expect(await portero('customer', 'update', 'tienda', '--tenant', 'arcoirisapp')).toMatchObject({
      code: 1,
      err: 'refused (directory.nothing_to_change): Nothing to change in "tienda": give at least one option (--name, --plan, --phase).',
    });
    await portero('contact', 'add', 'rosa', '--tenant', 'arcoirisapp', '--customer', 'tienda');
    expect(
      await portero('contact', 'update', 'rosa', '--tenant', 'arcoirisapp', '--email', 'rosa@tienda.example'),
    ).toEqual({ code: 0, out: ['contact rosa updated (a reporter)'], err: '' });
    // Nothing refers to rosa: she is deleted. A contact with a case would be deactivated instead (app tests).
    expect(await portero('contact', 'remove', 'rosa', '--tenant', 'arcoirisapp', '--as', 'ghost')).toMatchObject({
      code: 2,
      err: 'portero contact: --as must name an active agent of arcoirisapp, got "ghost"',
    });
    await portero('agent', 'add', 'olga', '--tenant', 'arcoirisapp', '--email', 'olga@arco.example');
    expect(await portero('contact', 'remove', 'rosa', '--tenant', 'arcoirisapp', '--as', 'olga')).toEqual({
      code: 0,
      out: ['contact rosa deleted (nothing referred to it)'],
      err: '',
    });
    // An agent who acted (she removed rosa: the audit event names her) is deactivated, and listed on request.
    expect(await portero('agent', 'remove', 'olga', '--tenant', 'arcoirisapp')).toEqual({
      code: 0,
      out: ['agent olga deactivated (its history stays)'],
      err: '',
    });
    expect((await portero('agent', 'list', '--tenant', 'arcoirisapp')).out).toEqual([]);
    expect((await portero('agent', 'list', '--tenant', 'arcoirisapp', '--include-inactive')).out).toEqual([
      'olga\tagent\t-\tolga\tinactive since 2026-11-23',
    ]);
    // Restored, she is listed again; restoring her twice says she was not removed.
    expect(await portero('agent', 'restore', 'olga', '--tenant', 'arcoirisapp')).toEqual({
      code: 0,
      out: ['agent olga restored'],
      err: '',
    });
    expect((await portero('agent', 'list', '--tenant', 'arcoirisapp')).out).toEqual(['olga\tagent\t-\tolga']);
    expect(await portero('agent', 'restore', 'olga', '--tenant', 'arcoirisapp')).toEqual({
      code: 1,
      out: [],
      err: 'refused (directory.not_inactive): Agent "olga" was not removed: there is nothing to restore.',
    });
    expect(await portero('agent', 'remove', 'nadie', '--tenant', 'arcoirisapp')).toEqual({
      code: 1,
      out: [],
      err: 'refused (directory.not_found): There is no agent "nadie".',
    });
  });

  // The input rules as the CLI shows them: the field, the rule and the problem, exit 1.
  it.each([
    [
      ['customer', 'add', 'Bob Smith', '--tenant', 'oys'],
      'refused (input.invalid): The field "handle" is a handle and takes no spaces ("Bob Smith"): use for example "bob-smith".',
    ],
    [
      ['customer', 'add', 'grande', '--tenant', 'oys', '--name', 'n'.repeat(100_000)],
      'refused (input.invalid): The field "name" takes at most 200 characters; it has 100000.',
    ],
    [
      ['contact', 'add', 'pepe', '--tenant', 'oys', '--customer', 'x', '--email', 'pepe.example'],
      'refused (input.invalid): The field "email" is not a valid email address ("pepe.example"): expected name@domain.example.',
    ],
    [
      ['agent', 'add', 'eva!', '--tenant', 'oys'],
      'refused (input.invalid): The field "handle" is a handle: start with a letter or digit and use only letters, digits, ".", "_" or "-" ("eva!").',
    ],
  ])('refuses %j', async (argv, err) => {
    expect(await portero(...argv)).toEqual({ code: 1, out: [], err });
  });

  it('marks a shared mailbox (--shared/--no-shared), shows a bouncing address, and clears it (--clear-bounce)', async () => {
    await portero('customer', 'add', 'bodega', '--tenant', 'jd-services');
    const added = await portero(
      'contact',
      'add',
      'info',
      '--tenant',
      'jd-services',
      '--customer',
      'bodega',
      '--email',
      'buzon@bodega.example',
      '--shared',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    const list = async () => (await portero('contact', 'list', '--tenant', 'jd-services', '--customer', 'bodega')).out;
    expect(await list()).toEqual(['info\treporter\tbuzon@bodega.example\tinfo\tshared mailbox']);
    const store = createStore(deployment.database.db);
    const shared = () =>
      store.transaction((repos) => repos.mailIntake.contactByEmail('jd-services', 'buzon@bodega.example'));
    expect((await shared())?.sharedMailbox).toBe(true);
    expect(await portero('contact', 'update', 'info', '--tenant', 'jd-services', '--no-shared')).toMatchObject({
      code: 0,
    });
    expect((await shared())?.sharedMailbox).toBe(false);

    await store.transaction((repos) =>
      repos.mailIntake.markBouncing('jd-services', 'buzon@bodega.example', new Date('2026-11-20T08:30:00Z')),
    );
    expect(await list()).toEqual([
      'info\treporter\tbuzon@bodega.example\tinfo\tbouncing since 2026-11-20 08:30 UTC (see the bounce note on the case)',
    ]);
    expect(await portero('contact', 'update', 'info', '--tenant', 'jd-services', '--clear-bounce')).toMatchObject({
      code: 0,
    });
    expect(await list()).toEqual(['info\treporter\tbuzon@bodega.example\tinfo']);
    // Nothing bounces any more: nothing to clear.
    expect(await portero('contact', 'update', 'info', '--tenant', 'jd-services', '--clear-bounce')).toMatchObject({
      code: 1,
      err: expect.stringContaining('directory.nothing_to_change'),
    });
    expect(
      await portero('contact', 'add', 'x', '--tenant', 'jd-services', '--customer', 'bodega', '--clear-bounce'),
    ).toMatchObject({
      code: 2,
    });
    expect(
      await portero('contact', 'update', 'info', '--tenant', 'jd-services', '--shared', '--no-shared'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('--shared or --no-shared, not both'),
    });
  });

  it('takes a Unicode handle, and warns about a placeholder email', async () => {
    expect(await portero('agent', 'add', 'ñandú', '--tenant', 'oys', '--email', 'soporte@oys.invalid')).toEqual({
      code: 0,
      out: ['agent ñandú added to oys'],
      err: 'warning: email soporte@oys.invalid is a placeholder (.invalid): nothing sent there arrives',
    });
  });

  it('removes a channel, warning when an agent routing name is left bound nowhere', async () => {
    expect(
      await portero(
        'channel',
        'add',
        'slack',
        'C0SOPORTE',
        '--tenant',
        'itbx',
        '--purpose',
        'agent',
        '--name',
        'soporte',
      ),
    ).toMatchObject({ code: 0 });
    expect(await portero('channel', 'remove', 'slack', 'C0SOPORTE', '--tenant', 'itbx')).toEqual({
      code: 0,
      out: ['slack C0SOPORTE removed from itbx'],
      err: "warning: agent channel soporte is bound on no platform: its cases' cards and alerts go nowhere (portero channel add … --purpose agent --name soporte)",
    });
    expect(await portero('channel', 'remove', 'slack', 'C0SOPORTE', '--tenant', 'itbx')).toEqual({
      code: 1,
      out: [],
      err: 'refused (directory.not_found): There is no channel "slack C0SOPORTE" in itbx.',
    });
  });

  it('says which --prefix to choose when a case prefix is taken', async () => {
    expect(await portero('tenant', 'add', 'itbx-sur', '--policy', 'itbx')).toEqual({
      code: 1,
      out: [],
      err: 'refused (tenant.duplicate): An organization with case prefix ITBX already exists: choose another with --prefix (for example --prefix ITBX2).',
    });
  });
});

describe('portero while this process holds the data directory', { timeout: 60_000 }, () => {
  it('refuses with exit 1, naming the holder and the way out, and works once it is released', async () => {
    // The embedded database of its own, as the process opens it, whatever this run's driver: only a data directory
    // has a lock.
    const portero = porteroOnItsOwnDatabase;
    const { DATABASE_URL, PORTERO_DATA_DIR } = process.env;
    delete process.env.DATABASE_URL;
    process.env.PORTERO_DATA_DIR = join(deployment.root(), 'locked');
    const lock = acquireDataDirLock(join(deployment.root(), 'locked'), { command: 'portero serve (test holder)' });
    try {
      const refused = await portero('tenant', 'list');
      expect(refused.code).toBe(1);
      expect(refused.out).toEqual([]);
      // The lock holder is this very process (the test), and the message says so rather than giving its pid.
      expect(refused.err).toContain(
        `The data directory ${join(deployment.root(), 'locked')} is in use by "portero serve (test holder)" (this process on`,
      );
      expect(refused.err).toContain('DATABASE_URL');
      const caseList = await portero('case', 'list', '--tenant', 'itbx');
      expect(caseList).toMatchObject({ code: 1, err: expect.stringContaining('is in use by') });
      lock.release();
      expect((await portero('tenant', 'list')).code).toBe(0);
    } finally {
      lock.release();
      process.env.PORTERO_DATA_DIR = PORTERO_DATA_DIR;
      if (DATABASE_URL !== undefined) process.env.DATABASE_URL = DATABASE_URL;
    }
  });
});
