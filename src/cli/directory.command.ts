import { addAgent, addContact, addCustomer, addTenant } from '../app/directory/directory.ts';
import { CHAT_SURFACES, type ChatSurface, PLATFORMS } from '../domain/chat/platforms.ts';
import { oneOf, parseCliArgs, required, unwrap } from './cli-args.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

// `portero tenant|customer|contact|agent add|list`: an operator seeds and inspects a deployment without Slack.

const USAGE = {
  tenant:
    'usage: portero tenant add <id> --policy <policy-id> [--name N] [--prefix ITBX]\n       portero tenant list\n' +
    `       portero tenant link ${PLATFORMS.join('|')} <tenant> <slack-team-id|teams-tenant-id>`,
  customer:
    'usage: portero customer add <handle> --tenant T [--name N] [--plan P] [--phase production|implementation]\n' +
    '       portero customer list --tenant T',
  contact:
    'usage: portero contact add <handle> --tenant T --customer C [--name N] [--email E] [--no-reporter] [--company-cases] [--slack U…] [--teams ID] [--console H]\n' +
    '       portero contact list --tenant T [--customer C]',
  agent:
    'usage: portero agent add <handle> --tenant T [--name N] [--email E] [--role agent|manager] [--timezone Z] [--locale es|en] [--slack U…] [--teams ID] [--console H]\n' +
    '       portero agent list --tenant T',
};

/** `--slack U…`, `--teams ID`, `--console H`: one option per chat surface, the person's user id there. */
const identityOptions = Object.fromEntries(CHAT_SURFACES.map((surface) => [surface, { type: 'string' }])) as Record<
  ChatSurface,
  { type: 'string' }
>;

function identitiesFrom(values: Partial<Record<ChatSurface, string>>): [ChatSurface, string][] {
  return CHAT_SURFACES.flatMap((surface) => {
    const id = values[surface];
    return id ? [[surface, id] as [ChatSurface, string]] : [];
  });
}

function subcommand(args: string[], usage: string, extra: string[] = []): [string, string[]] {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'list' && !extra.includes(sub ?? '')) {
    throw new UsageError(`expected ${['add', 'list', ...extra].join(', ')}\n${usage}`);
  }
  return [sub!, rest];
}

export const tenantCommand: CliCommand = {
  name: 'tenant',
  summary: 'add or list support organizations',
  usage: [
    USAGE.tenant,
    '',
    "  add:   --policy is a preset id (portero policy list); --name defaults to the policy's name, --prefix (the case",
    "         numbers' prefix) to the preset's, else one derived from the id",
    '  list:  id, case prefix, policy, name and the linked Slack workspaces and Teams tenants',
    '  link:  the Slack workspace (team id T…) or Teams tenant (Entra tenant id; emulator for the Bot Framework Emulator)',
    '         whose messages belong to the tenant',
    '',
    'example: portero tenant add acme-desk --policy itbx --name "Acme Desk" --prefix ACME',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.tenant, ['link']);
    const { values, positionals } = parseCliArgs(
      rest,
      { policy: { type: 'string' }, name: { type: 'string' }, prefix: { type: 'string' } },
      USAGE.tenant,
    );
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const [tenants, links] = await runtime.store.transaction(async (repos) => [
          await repos.tenants.list(),
          await repos.platformLinks.list(),
        ]);
        for (const t of tenants) {
          const linked = links
            .filter((link) => link.tenantId === t.id)
            .map((link) => `${link.platform}:${link.externalId}`);
          io.out(
            `${t.id}\t${t.casePrefix}\tpolicy ${t.policyId}\t${t.name}${linked.length ? `\t${linked.join(' ')}` : ''}`,
          );
        }
        return 0;
      }
      if (sub === 'link') {
        const [platform, tenantId, externalId] = positionals;
        const which = oneOf(platform, PLATFORMS, 'platform (first argument)');
        if (!which || !tenantId || !externalId) throw new UsageError(USAGE.tenant);
        const linked = await runtime.store.transaction(async (repos) => {
          if (!(await repos.tenants.get(tenantId))) return false;
          await repos.platformLinks.link(which, externalId, tenantId);
          return true;
        });
        if (!linked) {
          io.err(`refused (tenant.not_found): There is no organization "${tenantId}".`);
          return 1;
        }
        io.out(`${which} ${externalId} → tenant ${tenantId}`);
        return 0;
      }
      const id = required(positionals[0], 'id (the first argument)', USAGE.tenant);
      const tenant = unwrap(
        io,
        await addTenant(runtime, {
          id,
          policyId: required(values.policy, 'policy', USAGE.tenant),
          name: values.name,
          casePrefix: values.prefix,
        }),
      );
      if (!tenant) return 1;
      io.out(
        `tenant ${tenant.id} added: policy ${tenant.policyId}, cases ${tenant.casePrefix}-1, ${tenant.casePrefix}-2, …`,
      );
      return 0;
    });
  },
};

export const customerCommand: CliCommand = {
  name: 'customer',
  summary: 'add or list customer companies of a tenant',
  usage: [
    USAGE.customer,
    '',
    "  --plan   one of the policy's rules.plans (default: the first)",
    '  --phase  production (the default) or implementation (sent to Azure DevOps where the policy says so)',
    '  list:    handle, plan, phase, name',
    '',
    'example: portero customer add acme --tenant itbx --name "Acme SAS" --phase implementation',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.customer);
    const { values, positionals } = parseCliArgs(
      rest,
      { tenant: { type: 'string' }, name: { type: 'string' }, plan: { type: 'string' }, phase: { type: 'string' } },
      USAGE.customer,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.customer);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const customers = await runtime.store.transaction((repos) => repos.customers.list(tenantId));
        for (const c of customers) io.out(`${c.handle}\t${c.plan}\t${c.projectPhase}\t${c.name}`);
        return 0;
      }
      const customer = unwrap(
        io,
        await addCustomer(runtime, {
          tenantId,
          handle: required(positionals[0], 'handle (the first argument)', USAGE.customer),
          name: values.name,
          plan: values.plan,
          // Checked by the use case, which refuses an unknown phase with its code and an audit event.
          projectPhase: values.phase,
        }),
      );
      if (!customer) return 1;
      io.out(`customer ${customer.handle} added to ${tenantId}: plan ${customer.plan}, ${customer.projectPhase}`);
      return 0;
    });
  },
};

export const contactCommand: CliCommand = {
  name: 'contact',
  summary: 'add or list people of a customer (reporters)',
  usage: [
    USAGE.contact,
    '',
    '  --email                where replies to the customer go',
    "  --no-reporter          someone who does not report cases (not counted against the policy's reporter limit)",
    '  --company-cases        sees every case of the company in the customer portal, not only their own',
    "  --slack/--teams/--console  the person's chat identities (the console handle defaults to the contact's handle)",
    '  list:                  handle, reporter or -, email, name',
    '',
    'example: portero contact add carlos --tenant itbx --customer acme --email carlos@acme.example --slack U024BE7LH',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.contact);
    const { values, positionals } = parseCliArgs(
      rest,
      {
        tenant: { type: 'string' },
        customer: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        'no-reporter': { type: 'boolean' },
        'company-cases': { type: 'boolean' },
        ...identityOptions,
      },
      USAGE.contact,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.contact);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') return listContacts(io, runtime, tenantId, values.customer);
      const contact = unwrap(
        io,
        await addContact(runtime, {
          tenantId,
          customer: required(values.customer, 'customer', USAGE.contact),
          handle: required(positionals[0], 'handle (the first argument)', USAGE.contact),
          name: values.name,
          email: values.email,
          reporter: !values['no-reporter'],
          companyCases: values['company-cases'] ?? false,
        }),
      );
      if (!contact) return 1;
      const identities = identitiesFrom(values);
      // Every contact can try the console chat under their own handle.
      if (!identities.some(([platform]) => platform === 'console')) identities.push(['console', contact.handle]);
      await linkIdentities(runtime, tenantId, identities, { personKind: 'contact', personId: contact.id });
      io.out(`contact ${contact.handle} added to ${values.customer}${contact.isReporter ? ' as a reporter' : ''}`);
      return 0;
    });
  },
};

export const agentCommand: CliCommand = {
  name: 'agent',
  summary: 'add or list agents and managers of a tenant',
  usage: [
    USAGE.agent,
    '',
    '  --role      agent (the default) or manager (managers get SLA breach alerts)',
    '  --timezone  an IANA zone (Europe/Madrid), for holding non-critical alerts to working hours',
    "  --locale    es or en: the language of Portero's answers to this agent (default: the tenant's)",
    "  --slack/--teams/--console  the Slack member id, Entra object id, console handle (default: the agent's handle)",
    '  list:       handle, role, time zone, name',
    '',
    'example: portero agent add ana --tenant itbx --name "Ana Pérez" --timezone America/Bogota --slack U0123ANA',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.agent);
    const { values, positionals } = parseCliArgs(
      rest,
      {
        tenant: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        timezone: { type: 'string' },
        locale: { type: 'string' },
        ...identityOptions,
      },
      USAGE.agent,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.agent);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const agents = await runtime.store.transaction((repos) => repos.agents.list(tenantId));
        for (const a of agents) io.out(`${a.handle}\t${a.role}\t${a.timezone ?? '-'}\t${a.name}`);
        return 0;
      }
      const agent = unwrap(
        io,
        await addAgent(runtime, {
          tenantId,
          handle: required(positionals[0], 'handle (the first argument)', USAGE.agent),
          name: values.name,
          email: values.email,
          role: oneOf(values.role, ['agent', 'manager'] as const, 'role'),
          timezone: values.timezone,
          locale: oneOf(values.locale, ['es', 'en'] as const, 'locale'),
        }),
      );
      if (!agent) return 1;
      const identities = identitiesFrom(values);
      // Every agent can use the console chat under their own handle.
      if (!identities.some(([platform]) => platform === 'console')) identities.push(['console', agent.handle]);
      await linkIdentities(runtime, tenantId, identities, { personKind: 'agent', personId: agent.id });
      io.out(`${agent.role} ${agent.handle} added to ${tenantId}`);
      return 0;
    });
  },
};

type Runtime = Parameters<Parameters<typeof withRuntime>[1]>[0];

async function linkIdentities(
  runtime: Runtime,
  tenantId: string,
  identities: [ChatSurface, string][],
  person: { personKind: 'agent' | 'contact'; personId: string },
) {
  await runtime.store.transaction(async (repos) => {
    for (const [platform, id] of identities) await repos.identities.link(tenantId, platform, id, person);
  });
}

async function listContacts(io: CliIo, runtime: Runtime, tenantId: string, customerHandle?: string) {
  const contacts = await runtime.store.transaction(async (repos) => {
    const customer = customerHandle ? await repos.customers.byHandle(tenantId, customerHandle) : undefined;
    if (customerHandle && !customer) return undefined;
    return repos.contacts.list(tenantId, customer?.id);
  });
  if (!contacts) {
    io.err(`refused (case.customer_not_found): There is no customer "${customerHandle}".`);
    return 1;
  }
  for (const c of contacts) io.out(`${c.handle}\t${c.isReporter ? 'reporter' : '-'}\t${c.email ?? '-'}\t${c.name}`);
  return 0;
}
