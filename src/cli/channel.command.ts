import { userInfo } from 'node:os';
import { auditChange } from '../app/directory/directory-audit.ts';
import { PLATFORMS } from '../domain/chat/platforms.ts';
import { unboundAgentChannelWarning } from '../domain/input/reachability.ts';
import { oneOf, parseCliArgs, required } from './cli-args.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { type Runtime, withRuntime } from './runtime.ts';

const USAGE = [
  `usage: portero channel add <${PLATFORMS.join('|')}> <conversation-id> --tenant T --purpose customer|agent|manager [--name N]`,
  '         customer: a customer-facing channel (Slack Connect, shared Teams channel); --name is the customer handle',
  '         agent:    where case cards go; --name is the policy routing name (routing.agentChannels[].name)',
  '         manager:  where SLA breaches go; --name is routing.managerChannel',
  `       portero channel remove <${PLATFORMS.join('|')}> <conversation-id> --tenant T [--as WHO]`,
  '       portero channel list --tenant T',
  '       (add on a conversation already bound changes its purpose and name: that is the update)',
].join('\n');

/** `portero channel`: what each Slack/Teams conversation is to Portero. */
export const channelCommand: CliCommand = {
  name: 'channel',
  summary: 'mark chat channels as customer-facing, agent or manager channels',
  usage: [
    USAGE,
    '',
    '  list: platform, conversation id, purpose, name',
    '',
    'example: portero channel add slack C0SOPORTE --tenant itbx --purpose agent --name soporte',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values, positionals } = parseCliArgs(
      rest,
      { tenant: { type: 'string' }, purpose: { type: 'string' }, name: { type: 'string' }, as: { type: 'string' } },
      USAGE,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE);
    return withRuntime(io, async (runtime) => {
      if (sub === 'list') {
        const bindings = await runtime.store.transaction((repos) => repos.bindings.list(tenantId));
        for (const b of bindings) io.out(`${b.platform}\t${b.conversationId}\t${b.purpose}\t${b.name ?? '-'}`);
        if (bindings.length === 0) io.out('(no channels)');
        return 0;
      }
      if (sub === 'remove') return removeChannel(io, runtime, tenantId, positionals, values.as);
      if (sub !== 'add') throw new UsageError(USAGE);
      const platform = oneOf(positionals[0], PLATFORMS, 'platform (first argument)');
      const conversationId = positionals[1];
      const purpose = oneOf(
        required(values.purpose, 'purpose', USAGE),
        ['customer', 'agent', 'manager'] as const,
        'purpose',
      );
      if (!platform || !conversationId || !purpose) throw new UsageError(USAGE);
      const policy = await runtime.tenantPolicy(tenantId);
      if (!policy) {
        io.err(`refused (tenant.not_found): There is no organization "${tenantId}".`);
        return 1;
      }
      const routingNames = policy.routing.agentChannels.map((channel) => channel.name);
      if (purpose === 'agent' && (!values.name || !routingNames.includes(values.name))) {
        io.err(`--name must be one of the policy's agent channels: ${routingNames.join(', ')}`);
        return 2;
      }
      const name =
        purpose === 'manager' ? (values.name ?? policy.routing.managerChannel ?? null) : (values.name ?? null);
      await runtime.store.transaction((repos) =>
        repos.bindings.bind({ platform, conversationId, tenantId, purpose, name }),
      );
      io.out(`${platform} ${conversationId}: ${purpose}${name ? ` (${name})` : ''} of ${tenantId}`);
      return 0;
    });
  },
};

/**
 * Unbinds a conversation (nothing refers to a binding, so it is deleted), audited; warns when an agent routing name
 * is left bound on no platform, since that name's case cards would then go nowhere.
 */
async function removeChannel(
  io: CliIo,
  runtime: Runtime,
  tenantId: string,
  positionals: string[],
  as: string | undefined,
): Promise<number> {
  const platform = oneOf(positionals[0], PLATFORMS, 'platform (first argument)');
  const conversationId = positionals[1];
  if (!platform || !conversationId) throw new UsageError(USAGE);
  const by = as ?? `cli:${userInfo().username}`;
  const removed = await runtime.store.transaction(async (repos) => {
    const binding = await repos.bindings.find(platform, conversationId);
    if (!binding || binding.tenantId !== tenantId) return undefined;
    await repos.bindings.unbind(platform, conversationId);
    await auditChange(runtime, repos, tenantId, { actor: { kind: 'system' }, by }, 'directory.deleted', {
      kind: 'channel',
      handle: `${platform}:${conversationId}`,
    });
    const left = binding.name ? await repos.bindings.byName(tenantId, binding.purpose, binding.name) : [];
    return { binding, left: left.length };
  });
  if (!removed) {
    io.err(`refused (directory.not_found): There is no channel "${platform} ${conversationId}" in ${tenantId}.`);
    return 1;
  }
  io.out(`${platform} ${conversationId} removed from ${tenantId}`);
  const { binding, left } = removed;
  if (binding.purpose === 'agent' && binding.name && left === 0)
    io.err(`warning: ${unboundAgentChannelWarning(binding.name)}`);
  return 0;
}
