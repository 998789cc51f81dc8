import { runConsoleChat } from '../../adapters/console/console-chat.ts';
import { handleInbound } from '../app/chat/handle-inbound.ts';
import type { InboundMessage } from '../app/chat/inbound.types.ts';
import { oneOf, parseCliArgs, required } from './cli-args.ts';
import type { CliCommand } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

const USAGE =
  'usage: portero chat --tenant <id> --as <customer|agent>:<handle> [--conversation dm|customer-channel|agent-channel] [--json] [--now <ISO>]';

/** The terminal chat: the same core as Slack and Teams, one message a line on stdin, Portero's replies on stdout. */
export const chatCommand: CliCommand = {
  name: 'chat',
  summary: 'talk to Portero in the terminal, as a customer or an agent',
  usage: [
    USAGE,
    '',
    '  --tenant        the tenant id (portero tenant list)',
    '  --as            customer:<handle> (an unknown handle is an unknown customer) or agent:<handle> (a registered agent)',
    '  --conversation  where the messages are written: dm (the default), customer-channel or agent-channel',
    '  --json          one JSON object a reply instead of text',
    '  --now           the clock for the run, an ISO-8601 instant (simulate a time of day or a later visit)',
    '',
    "One message a line on stdin (a prompt when stdin is a terminal); Portero's replies on stdout, 🔒 marks a private one.",
    '',
    "example: echo 'No puedo entrar al portal' | portero chat --tenant itbx --as customer:ana",
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      {
        tenant: { type: 'string' },
        as: { type: 'string' },
        conversation: { type: 'string' },
        json: { type: 'boolean' },
        now: { type: 'string' },
      },
      USAGE,
    );
    const tenantId = required(values.tenant, 'tenant', USAGE);
    const as = required(values.as, 'as', USAGE);
    const match = /^(customer|agent):(\S+)$/.exec(as);
    if (!match) throw new UsageError(`--as must be customer:<handle> or agent:<handle>, got "${as}"\n${USAGE}`);
    const [, role, handle] = match as unknown as [string, 'customer' | 'agent', string];
    const conversation =
      oneOf(values.conversation, ['dm', 'customer-channel', 'agent-channel'] as const, 'conversation') ?? 'dm';
    const now = values.now === undefined ? undefined : new Date(values.now);
    if (now && Number.isNaN(now.getTime()))
      throw new UsageError(`--now must be an ISO-8601 instant like 2026-11-23T10:00:00+01:00, got "${values.now}"`);

    return withRuntime(
      io,
      async (runtime) => {
        const ready = await runtime.store.transaction(async (repos) => {
          const tenant = await repos.tenants.get(tenantId);
          if (!tenant)
            return `there is no tenant "${tenantId}"; tenants here: ${(await repos.tenants.list()).map((t) => t.id).join(', ')}`;
          if (role === 'agent') {
            const agent = await repos.agents.byHandle(tenant.id, handle);
            if (!agent)
              return `--as agent:${handle}: there is no agent "${handle}" in ${tenant.id} (add one: portero agent add ${handle} --tenant ${tenant.id})`;
            await repos.identities.link(tenant.id, 'console', handle, { personKind: 'agent', personId: agent.id });
          } else if ((await repos.identities.find(tenant.id, 'console', handle))?.personKind === 'agent') {
            // Portero would take this person for the agent they are: say so rather than answer as to an agent.
            return `--as customer:${handle}: "${handle}" is an agent of ${tenant.id}; use --as agent:${handle}`;
          }
          if (conversation === 'customer-channel') {
            await repos.bindings.bind({
              platform: 'console',
              conversationId: `customer-channel:${tenant.id}`,
              tenantId: tenant.id,
              purpose: 'customer',
              name: null,
            });
          }
          return undefined;
        });
        if (ready) {
          io.err(`portero chat: ${ready}`);
          return 2;
        }
        const conversationId =
          conversation === 'dm'
            ? `dm:${handle}`
            : conversation === 'customer-channel'
              ? `customer-channel:${tenantId}`
              : `agent-channel:${tenantId}`;
        const interactive = (io.stdin as { isTTY?: boolean }).isTTY === true;
        await runConsoleChat({
          input: io.stdin,
          write: io.out,
          json: values.json ?? false,
          ...(interactive && { terminal: { output: process.stdout, prompt: '> ' } }),
          answer: async (text) => {
            const message: InboundMessage = {
              platform: 'console',
              tenantId,
              conversation: { id: conversationId, kind: conversation === 'dm' ? 'dm' : 'channel' },
              user: { id: handle },
              text,
              // Whoever types here is talking to Portero.
              addressed: true,
            };
            return (await handleInbound(runtime, message, { prefix: 'case' })).replies;
          },
        });
        return 0;
      },
      { ...(now && { now }), command: 'portero chat' },
    );
  },
};
