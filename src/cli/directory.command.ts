import { userInfo } from 'node:os';
import {
  type Removal,
  removePerson,
  removeTenant,
  restorePerson,
  restoreTenant,
  updateAgent,
  updateContact,
  updateCustomer,
  updateTenant,
} from '../app/directory/change-directory.ts';
import { addAgent, addContact, addCustomer, addTenant } from '../app/directory/directory.ts';
import type { DirectoryActor } from '../app/directory/directory-audit.ts';
import { createPolicyBook } from '../app/policy/policy-book.ts';
import { looksLikePath } from '../app/policy/policy-catalog.ts';
import { installPolicyFile, type PolicyInstall } from '../app/policy/policy-install.ts';
import type { Outcome } from '../domain/case/case-error.ts';
import { CHAT_SURFACES, type ChatSurface, PLATFORMS } from '../domain/chat/platforms.ts';
import { agentWarnings, placeholderWarnings } from '../domain/input/reachability.ts';
import { oneOf, parseCliArgs, required, unwrap } from './cli-args.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

// `portero tenant|customer|contact|agent add|list`: an operator seeds and inspects a deployment without Slack.

const USAGE = {
  tenant:
    'usage: portero tenant add <id> --policy <policy-id|file.yaml> [--replace] [--name N] [--prefix ITBX]\n' +
    '       portero tenant update <id> [--name N] [--policy P] [--as WHO]\n' +
    '       portero tenant remove|restore <id> [--as WHO]\n' +
    '       portero tenant list [--include-inactive]\n' +
    `       portero tenant link ${PLATFORMS.join('|')} <tenant> <slack-team-id|teams-tenant-id>`,
  customer:
    'usage: portero customer add|update <handle> --tenant T [--name N] [--plan P] [--phase production|implementation] [--as WHO]\n' +
    '       portero customer remove|restore <handle> --tenant T [--as WHO]\n' +
    '       portero customer list --tenant T [--include-inactive]',
  contact:
    'usage: portero contact add|update <handle> --tenant T --customer C [--name N] [--email E] [--reporter|--no-reporter] [--shared|--no-shared] [--company-cases] [--slack U…] [--teams ID] [--console H] [--as WHO]\n' +
    '       portero contact update <handle> --tenant T --clear-bounce [--as WHO]\n' +
    '       portero contact remove|restore <handle> --tenant T [--as WHO]\n' +
    '       portero contact list --tenant T [--customer C] [--include-inactive]',
  agent:
    'usage: portero agent add|update <handle> --tenant T [--name N] [--email E] [--role agent|manager] [--timezone Z] [--locale es|en] [--slack U…] [--teams ID] [--console H] [--as WHO]\n' +
    '       portero agent remove|restore <handle> --tenant T [--as WHO]\n' +
    '       portero agent list --tenant T [--include-inactive]',
};

/** What every update and remove says about `--as` and removal. */
const CHANGE_NOTES = [
  '  update:  changes only the options given; a new plan or phase applies from the next request',
  '  remove:  deactivates when a case or event refers to it (old cases keep the name), deletes it otherwise',
  '  restore: brings a deactivated one back (a returning reporter counts toward the cap again)',
  "  --as     who makes the change, for the audit trail: an agent's handle (default: your system user name)",
  '  --include-inactive  lists removed (deactivated) rows too, marked "inactive since <date>"',
];

/** Options shared by the directory commands. */
const commonOptions = {
  as: { type: 'string' },
  'include-inactive': { type: 'boolean' },
} as const;

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

const SUBCOMMANDS = ['add', 'update', 'remove', 'restore', 'list'];

function subcommand(args: string[], usage: string, extra: string[] = []): [string, string[]] {
  const [sub, ...rest] = args;
  if (!SUBCOMMANDS.includes(sub ?? '') && !extra.includes(sub ?? '')) {
    throw new UsageError(`expected ${[...SUBCOMMANDS, ...extra].join(', ')}\n${usage}`);
  }
  return [sub!, rest];
}

/** `inactive since 2026-12-07` after a removed row in a list. */
const inactiveMark = (row: { deactivatedAt?: Date | null }) =>
  row.deactivatedAt ? `\tinactive since ${row.deactivatedAt.toISOString().slice(0, 10)}` : '';

/** A shared mailbox, an address whose mail bounces (the case's notes say why: a bounce report, a refused recipient). */
const mailMarks = (row: { sharedMailbox?: boolean; emailBouncingAt?: Date | null }) =>
  `${row.sharedMailbox ? '\tshared mailbox' : ''}${row.emailBouncingAt ? `\tbouncing since ${row.emailBouncingAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (see the bounce note on the case)` : ''}`;

/** The words for what `remove` did. */
const removalWords = (removal: Removal) =>
  removal === 'deleted' ? 'deleted (nothing referred to it)' : 'deactivated (its history stays)';

export const tenantCommand: CliCommand = {
  name: 'tenant',
  summary: 'add, change, remove or list support organizations',
  usage: [
    USAGE.tenant,
    '',
    "  add:   --policy is a policy id (portero policy list) or a YAML file; --name defaults to the policy's name, --prefix",
    "         (the case numbers' prefix) to the policy's, else one derived from the id",
    '         a file is checked, then copied into PORTERO_POLICIES_DIR as <its id>.yaml (read at every start); a different',
    '         file already there under that id is refused unless --replace (its tenants follow the new rules)',
    '  list:  id, case prefix, policy, name and the linked Slack workspaces and Teams tenants',
    '  link:  the Slack workspace (team id T…) or Teams tenant (Entra tenant id; emulator for the Bot Framework Emulator)',
    '         whose messages belong to the tenant',
    '  remove: a tenant with customers, agents or cases is deactivated (it opens no new cases), an empty one deleted',
    ...CHANGE_NOTES,
    '',
    'example: portero tenant add acme-desk --policy itbx --name "Acme Desk" --prefix ACME',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.tenant, ['link']);
    const { values, positionals } = parseCliArgs(
      rest,
      {
        policy: { type: 'string' },
        name: { type: 'string' },
        prefix: { type: 'string' },
        replace: { type: 'boolean' },
        ...commonOptions,
      },
      USAGE.tenant,
    );
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const [tenants, links] = await runtime.store.transaction(async (repos) => [
          await repos.tenants.list({ includeInactive: values['include-inactive'] ?? false }),
          await repos.platformLinks.list(),
        ]);
        for (const t of tenants) {
          const linked = links
            .filter((link) => link.tenantId === t.id)
            .map((link) => `${link.platform}:${link.externalId}`);
          io.out(
            `${t.id}\t${t.casePrefix}\tpolicy ${t.policyId}\t${t.name}${linked.length ? `\t${linked.join(' ')}` : ''}${inactiveMark(t)}`,
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
      if (sub === 'update') {
        const who = await operator(runtime, id, values.as);
        const tenant =
          who && unwrap(io, await updateTenant(runtime, who, { id, name: values.name, policyId: values.policy }));
        if (!tenant) return 1;
        io.out(`tenant ${tenant.id} updated: policy ${tenant.policyId}, name ${tenant.name}`);
        return 0;
      }
      if (sub === 'restore') {
        const who = await operator(runtime, id, values.as);
        return who ? printRestore(io, 'tenant', id, await restoreTenant(runtime, who, id)) : 1;
      }
      if (sub === 'remove') {
        const who = await operator(runtime, id, values.as);
        const removal = who && unwrap(io, await removeTenant(runtime, who, id));
        if (!removal) return 1;
        io.out(`tenant ${id} ${removalWords(removal)}`);
        return 0;
      }
      const policyRef = required(values.policy, 'policy', USAGE.tenant);
      const install = looksLikePath(policyRef)
        ? await installPolicyFile({
            file: policyRef,
            dir: runtime.config.policiesDir,
            replace: values.replace ?? false,
          })
        : undefined;
      if (install && !install.ok) return printInstallProblem(io, policyRef, install);
      // The runtime read the directory before the file was copied in: the new policy joins its book here.
      const deps = install
        ? {
            ...runtime,
            policies: createPolicyBook([
              ...runtime.policyList.filter((policy) => policy.id !== install.policy.id),
              install.policy,
            ]),
          }
        : runtime;
      const tenant = unwrap(
        io,
        await addTenant(
          deps,
          { id, policyId: install?.policy.id ?? policyRef, name: values.name, casePrefix: values.prefix },
          await systemOperator(values.as),
        ),
      );
      if (!tenant) {
        await install?.undo();
        return 1;
      }
      if (install && install.written !== 'unchanged')
        io.out(
          `policy ${install.policy.id} ${install.written === 'created' ? 'copied to' : 'replaced in'} ${install.path}`,
        );
      io.out(
        `tenant ${tenant.id} added: policy ${tenant.policyId}, cases ${tenant.casePrefix}-1, ${tenant.casePrefix}-2, …`,
      );
      return 0;
    });
  },
};

export const customerCommand: CliCommand = {
  name: 'customer',
  summary: 'add, change, remove or list customer companies of a tenant',
  usage: [
    USAGE.customer,
    '',
    "  --plan   one of the policy's rules.plans (default: the first)",
    '  --phase  production (the default) or implementation (sent to Azure DevOps where the policy says so)',
    '  list:    handle, plan, phase, name',
    ...CHANGE_NOTES,
    '',
    'example: portero customer add acme --tenant itbx --name "Acme SAS" --phase implementation',
    '         portero customer update acme --tenant itbx --phase production',
  ].join('\n'),
  async run(args, io) {
    const [sub, rest] = subcommand(args, USAGE.customer);
    const { values, positionals } = parseCliArgs(
      rest,
      {
        tenant: { type: 'string' },
        name: { type: 'string' },
        plan: { type: 'string' },
        phase: { type: 'string' },
        ...commonOptions,
      },
      USAGE.customer,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.customer);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const includeInactive = values['include-inactive'] ?? false;
        const customers = await runtime.store.transaction((repos) =>
          repos.customers.list(tenantId, { includeInactive }),
        );
        for (const c of customers) io.out(`${c.handle}\t${c.plan}\t${c.projectPhase}\t${c.name}${inactiveMark(c)}`);
        return 0;
      }
      const handle = required(positionals[0], 'handle (the first argument)', USAGE.customer);
      const who = await operator(runtime, tenantId, values.as);
      if (!who) return 1;
      if (sub === 'restore')
        return printRestore(
          io,
          'customer',
          handle,
          await restorePerson(runtime, who, { tenantId, kind: 'customer', handle }),
        );
      if (sub === 'remove')
        return printRemoval(
          io,
          'customer',
          handle,
          await removePerson(runtime, who, { tenantId, kind: 'customer', handle }),
        );
      // The phase is checked by the use case, which refuses an unknown phase with its code and an audit event.
      const fields = { tenantId, handle, name: values.name, plan: values.plan, projectPhase: values.phase };
      const customer = unwrap(
        io,
        sub === 'update' ? await updateCustomer(runtime, who, fields) : await addCustomer(runtime, fields, who),
      );
      if (!customer) return 1;
      io.out(
        `customer ${customer.handle} ${sub === 'update' ? 'updated in' : 'added to'} ${tenantId}: plan ${customer.plan}, ${customer.projectPhase}`,
      );
      return 0;
    });
  },
};

export const contactCommand: CliCommand = {
  name: 'contact',
  summary: 'add, change, remove or list people of a customer (reporters)',
  usage: [
    USAGE.contact,
    '',
    '  --email                where replies to the customer go',
    "  --no-reporter          someone who does not report cases (not counted against the policy's reporter limit)",
    '  --company-cases        sees every case of the company in the customer portal, not only their own',
    "  --shared               the address is a shared mailbox (info@, a team's inbox): no case is opened from it by email",
    '  --clear-bounce         mail to the address works again (an accepted delivery also clears it)',
    "  --slack/--teams/--console  the person's chat identities (the console handle defaults to the contact's handle)",
    '  list:                  handle, reporter or -, email, name, then "shared mailbox" and "bouncing since DATE" when so',
    '  update --customer C    moves the contact to another company (a reporter counts against its cap)',
    ...CHANGE_NOTES,
    '',
    'example: portero contact add carlos --tenant itbx --customer acme --email carlos@acme.example --slack U024BE7LH',
    '         portero contact remove carlos --tenant itbx',
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
        reporter: { type: 'boolean' },
        'no-reporter': { type: 'boolean' },
        'company-cases': { type: 'boolean' },
        shared: { type: 'boolean' },
        'no-shared': { type: 'boolean' },
        'clear-bounce': { type: 'boolean' },
        ...identityOptions,
        ...commonOptions,
      },
      USAGE.contact,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.contact);
    if (values.reporter && values['no-reporter'])
      throw new UsageError(`--reporter or --no-reporter, not both\n${USAGE.contact}`);
    if (values.shared && values['no-shared'])
      throw new UsageError(`--shared or --no-shared, not both\n${USAGE.contact}`);
    if (sub === 'add' && (values['clear-bounce'] || values['no-shared']))
      throw new UsageError(`--clear-bounce and --no-shared are for contact update\n${USAGE.contact}`);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list')
        return listContacts(io, runtime, tenantId, values.customer, values['include-inactive'] ?? false);
      const handle = required(positionals[0], 'handle (the first argument)', USAGE.contact);
      const who = await operator(runtime, tenantId, values.as);
      if (!who) return 1;
      if (sub === 'restore')
        return printRestore(
          io,
          'contact',
          handle,
          await restorePerson(runtime, who, { tenantId, kind: 'contact', handle }),
        );
      if (sub === 'remove')
        return printRemoval(
          io,
          'contact',
          handle,
          await removePerson(runtime, who, { tenantId, kind: 'contact', handle }),
        );
      const reporter = values['no-reporter'] ? false : values.reporter ? true : undefined;
      const shared = values['no-shared'] ? false : values.shared ? true : undefined;
      const contact = unwrap(
        io,
        sub === 'update'
          ? await updateContact(runtime, who, {
              tenantId,
              handle,
              customer: values.customer,
              name: values.name,
              email: values.email,
              reporter,
              shared,
              clearBounce: values['clear-bounce'] ?? false,
            })
          : await addContact(
              runtime,
              {
                tenantId,
                customer: required(values.customer, 'customer', USAGE.contact),
                handle,
                name: values.name,
                email: values.email,
                reporter: reporter ?? true,
                companyCases: values['company-cases'] ?? false,
                shared: shared ?? false,
              },
              who,
            ),
      );
      if (!contact) return 1;
      const identities = identitiesFrom(values);
      // Every contact can try the console chat under their own handle.
      if (sub === 'add' && !identities.some(([platform]) => platform === 'console'))
        identities.push(['console', contact.handle]);
      await linkIdentities(runtime, tenantId, identities, { personKind: 'contact', personId: contact.id });
      io.out(
        sub === 'update'
          ? `contact ${contact.handle} updated${contact.isReporter ? ' (a reporter)' : ''}`
          : `contact ${contact.handle} added to ${values.customer}${contact.isReporter ? ' as a reporter' : ''}`,
      );
      for (const warning of placeholderWarnings({ email: contact.email })) io.err(`warning: ${warning}`);
      return 0;
    });
  },
};

export const agentCommand: CliCommand = {
  name: 'agent',
  summary: 'add, change, remove or list agents and managers of a tenant',
  usage: [
    USAGE.agent,
    '',
    '  --role      agent (the default) or manager (managers get SLA breach alerts)',
    '  --timezone  an IANA zone (Europe/Madrid), for holding non-critical alerts to working hours',
    "  --locale    es or en: the language of Portero's answers to this agent (default: the tenant's)",
    "  --slack/--teams/--console  the Slack member id, Entra object id, console handle (default: the agent's handle)",
    '  list:       handle, role, time zone, name',
    '  remove:     a removed agent gets no alerts and cannot be assigned; their cases keep their name',
    ...CHANGE_NOTES,
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
        ...commonOptions,
      },
      USAGE.agent,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE.agent);
    const role = oneOf(values.role, ['agent', 'manager'] as const, 'role');
    const locale = oneOf(values.locale, ['es', 'en'] as const, 'locale');
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const includeInactive = values['include-inactive'] ?? false;
        const agents = await runtime.store.transaction((repos) => repos.agents.list(tenantId, { includeInactive }));
        for (const a of agents) io.out(`${a.handle}\t${a.role}\t${a.timezone ?? '-'}\t${a.name}${inactiveMark(a)}`);
        return 0;
      }
      const handle = required(positionals[0], 'handle (the first argument)', USAGE.agent);
      const who = await operator(runtime, tenantId, values.as);
      if (!who) return 1;
      if (sub === 'restore')
        return printRestore(
          io,
          'agent',
          handle,
          await restorePerson(runtime, who, { tenantId, kind: 'agent', handle }),
        );
      if (sub === 'remove')
        return printRemoval(io, 'agent', handle, await removePerson(runtime, who, { tenantId, kind: 'agent', handle }));
      const fields = {
        tenantId,
        handle,
        name: values.name,
        email: values.email,
        role,
        timezone: values.timezone,
        locale,
      };
      const agent = unwrap(
        io,
        sub === 'update' ? await updateAgent(runtime, who, fields) : await addAgent(runtime, fields, who),
      );
      if (!agent) return 1;
      const identities = identitiesFrom(values);
      // Every agent can use the console chat under their own handle.
      if (sub === 'add' && !identities.some(([platform]) => platform === 'console'))
        identities.push(['console', agent.handle]);
      await linkIdentities(runtime, tenantId, identities, { personKind: 'agent', personId: agent.id });
      io.out(
        sub === 'update'
          ? `${agent.role} ${agent.handle} updated in ${tenantId}`
          : `${agent.role} ${agent.handle} added to ${tenantId}`,
      );
      const reachable = await runtime.store.transaction((repos) =>
        repos.identities.forPerson(tenantId, 'agent', agent.id),
      );
      for (const warning of agentWarnings(agent, reachable)) io.err(`warning: ${warning}`);
      return 0;
    });
  },
};

/** Who makes a change: `--as` names an agent of the tenant; without it, the operator's system user name. */
async function operator(
  runtime: Runtime,
  tenantId: string,
  as: string | undefined,
): Promise<DirectoryActor | undefined> {
  if (as === undefined) return systemOperator(undefined);
  const agent = await runtime.store.transaction((repos) => repos.agents.byHandle(tenantId, as));
  if (!agent || agent.deactivatedAt) throw new UsageError(`--as must name an active agent of ${tenantId}, got "${as}"`);
  return { actor: { kind: 'agent', agentId: agent.id }, by: agent.handle };
}

/** A policy file that cannot be used: each problem on one line naming the file (exit 2), or the id taken (exit 1). */
function printInstallProblem(io: CliIo, file: string, install: Exclude<PolicyInstall, { ok: true }>): number {
  if (install.problem === 'invalid') {
    for (const line of install.lines) io.err(`portero tenant: policy file ${file}: ${line}`);
    return 2;
  }
  io.err(
    `refused: policy ${install.policyId} already exists as ${install.path} with other rules; give the file another id, or --replace to overwrite it (its tenants follow the new rules from their next start)`,
  );
  return 1;
}

async function systemOperator(as: string | undefined): Promise<DirectoryActor> {
  return { actor: { kind: 'system' }, by: as ?? `cli:${userInfo().username}` };
}

function printRemoval(io: CliIo, kind: string, handle: string, outcome: Outcome<Removal>): number {
  const removal = unwrap(io, outcome);
  if (!removal) return 1;
  io.out(`${kind} ${handle.toLowerCase()} ${removalWords(removal)}`);
  return 0;
}

function printRestore(io: CliIo, kind: string, handle: string, outcome: Outcome<void>): number {
  if (!outcome.ok) {
    unwrap(io, outcome);
    return 1;
  }
  io.out(`${kind} ${handle.toLowerCase()} restored`);
  return 0;
}

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

async function listContacts(
  io: CliIo,
  runtime: Runtime,
  tenantId: string,
  customerHandle: string | undefined,
  includeInactive: boolean,
) {
  const contacts = await runtime.store.transaction(async (repos) => {
    const customer = customerHandle ? await repos.customers.byHandle(tenantId, customerHandle) : undefined;
    if (customerHandle && !customer) return undefined;
    return repos.contacts.list(tenantId, customer?.id, { includeInactive });
  });
  if (!contacts) {
    io.err(`refused (case.customer_not_found): There is no customer "${customerHandle}".`);
    return 1;
  }
  for (const c of contacts)
    io.out(
      `${c.handle}\t${c.isReporter ? 'reporter' : '-'}\t${c.email ?? '-'}\t${c.name}${mailMarks(c)}${inactiveMark(c)}`,
    );
  return 0;
}
