import type { webApi } from '@slack/bolt';
import type { AgentCache } from '../../src/app/chat/agent-cache.ts';
import { handleInbound, type InboundOutcome } from '../../src/app/chat/handle-inbound.ts';
import { findSpeaker } from '../../src/app/chat/speaker.ts';
import type { Clock } from '../../src/app/clock.port.ts';
import type { AgentRecord } from '../../src/app/store.port.ts';
import { ttlCache } from '../../src/app/ttl-cache.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import type { Locale } from '../../src/domain/policy/localized-text.ts';
import type { Policy } from '../../src/domain/policy/policy.schema.ts';
import type { PlatformContext } from '../platform.types.ts';
import { messageBlocks } from './blocks.ts';

// What every Slack listener shares: the running Portero, the bot's own identity, and the two questions asked of every
// request (which tenant is this workspace, who is this person), answered through the Store port only.

export interface SlackRuntime {
  context: PlatformContext;
  bot: BotIdentity;
  /** Resolves when a modal submission must be answered (Slack waits 3 s); the result then comes as a message. */
  answerDeadline: () => Promise<void>;
  /**
   * Runs work that follows an interaction's ack, a few at a time (the receiver's queue). Commands and events are
   * already run from that queue by the receiver: their listeners never wait on it again.
   */
  later: <T>(work: () => Promise<T>) => Promise<T>;
  /** Linked workspaces seen lately, by team id (see workspaceCache). */
  workspaces: WorkspaceCache;
  /** Agents seen lately, by tenant and Slack user id. */
  agents: AgentCache;
}

/** A link is made once and rarely changes; remembering it saves a transaction on every request (measured in bench/). */
export const WORKSPACE_TTL_MS = 60_000;
/** Far above the workspaces one deployment links: the bound only matters against a flood of made-up team ids. */
const MAX_WORKSPACES = 10_000;

export interface Workspace {
  tenantId: string;
  policy: Policy;
}

/** What workspaceOf needs of its cache; forgetting after the TTL is the cache's job (workspaceCache). */
export interface WorkspaceCache {
  get(teamId: string): { workspace: Workspace } | undefined;
  set(teamId: string, known: { workspace: Workspace }): unknown;
}

/** The runtime's `workspaces`: entries forget themselves WORKSPACE_TTL_MS after they were read from the store. */
export const workspaceCache = (clock: Clock): WorkspaceCache =>
  ttlCache<{ workspace: Workspace }>({
    max: MAX_WORKSPACES,
    ttlMs: WORKSPACE_TTL_MS,
    now: () => clock.now().getTime(),
  });

/** The tenant a Slack team is linked to. Only links found are remembered: a workspace linked just now works at once. */
export async function workspaceOf(
  runtime: Pick<SlackRuntime, 'context' | 'workspaces'>,
  teamId: string | undefined,
): Promise<Workspace | undefined> {
  if (!teamId) return undefined;
  const { deps } = runtime.context;
  const known = runtime.workspaces.get(teamId);
  if (known) return known.workspace;
  const tenant = await deps.store.transaction(async (repos) => {
    const tenantId = await repos.platformLinks.tenantFor('slack', teamId);
    return tenantId ? repos.tenants.get(tenantId) : undefined;
  });
  const policy = tenant && deps.policies.policy(tenant.policyId);
  if (!tenant || !policy) return undefined;
  const workspace = { tenantId: tenant.id, policy };
  runtime.workspaces.set(teamId, { workspace });
  return workspace;
}

/** Someone in a workspace linked to no tenant was told to ask their administrator: the operator learns which one. */
export function logUnlinked(runtime: Pick<SlackRuntime, 'context'>, teamId: string | undefined): void {
  runtime.context.log.warn(
    { team: teamId ?? null },
    'Slack workspace not linked to any Portero tenant (link it: portero tenant link slack <tenant> <team>)',
  );
}

/** Someone who is not an agent used an agents' command and was told to ask: the operator learns who, and where. */
export function logNotAgent(runtime: Pick<SlackRuntime, 'context'>, tenantId: string, userId: string): void {
  runtime.context.log.info(
    { tenant: tenantId, user: userId },
    'Slack /case from someone who is not an agent (register them: portero agent add <handle> --tenant <tenant> --slack <user>)',
  );
}

/** The agent this Slack user is (undefined: not an agent), found and remembered as the commands find them. */
export async function agentOf(
  runtime: Pick<SlackRuntime, 'context' | 'agents'>,
  tenantId: string,
  userId: string,
): Promise<AgentRecord | undefined> {
  return (await findSpeaker(runtime.context.deps, { tenantId, platform: 'slack', userId }, runtime.agents))?.agent;
}

export const localeOf = (workspace: Workspace, agent?: AgentRecord): Locale => agent?.locale ?? workspace.policy.locale;

export interface SlackUtterance {
  teamId: string | undefined;
  userId: string;
  conversation: { id: string; kind: 'dm' | 'channel' };
  text: string;
  addressed: boolean;
}

/** One message into the core, once the workspace is known to be linked (undefined when it is not). */
export async function converse(
  runtime: SlackRuntime,
  utterance: SlackUtterance,
): Promise<{ workspace: Workspace; outcome: InboundOutcome } | undefined> {
  const workspace = await workspaceOf(runtime, utterance.teamId);
  return workspace && { workspace, outcome: await converseIn(runtime, workspace, utterance) };
}

/** Agents' commands that change a case may have queued card updates: the relay is woken for them. */
export async function converseIn(
  runtime: SlackRuntime,
  workspace: Workspace,
  utterance: SlackUtterance,
): Promise<InboundOutcome> {
  const outcome = await handleInbound(
    runtime.context.deps,
    {
      platform: 'slack',
      tenantId: workspace.tenantId,
      conversation: utterance.conversation,
      user: { id: utterance.userId },
      text: utterance.text,
      addressed: utterance.addressed,
    },
    { prefix: '/case', agents: runtime.agents },
  );
  if (outcome.speaker === 'agent' && outcome.changing) runtime.context.wakeRelay();
  return outcome;
}

/** A reply through a `response_url`: ephemeral to the person unless the core meant it for the channel. */
export function responsePayload(message: ChatMessage) {
  return {
    response_type: message.visibility === 'public' ? ('in_channel' as const) : ('ephemeral' as const),
    replace_original: false,
    ...messageBlocks(message),
  };
}

/** Posts to a `response_url` after the request that gave it was answered (a modal's result). */
export async function respondLater(url: string, message: ChatMessage): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(responsePayload(message)),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/**
 * The bot's user id, which Slack puts in every event (`authorizations`) and Bolt would otherwise fetch with auth.test
 * before the first event. Without it nothing breaks: mentions of the bot just cannot be told from other mentions.
 */
export class BotIdentity {
  userId: string | undefined;
  private asking = false;
  private retryAt = 0;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: PlatformContext['log'],
    private readonly now: () => Date,
  ) {}

  learn(body: unknown): void {
    const first = (body as { authorizations?: { user_id?: string; is_bot?: boolean }[] }).authorizations?.[0];
    if (first?.user_id && first.is_bot !== false) this.userId = first.user_id;
  }

  /** Asks Slack once in the background; a failure (offline, bad token) is logged and asked again in five minutes. */
  lookUp(): void {
    if (this.userId || this.asking || this.now().getTime() < this.retryAt) return;
    this.asking = true;
    this.client.auth
      .test()
      .then((result) => {
        if (result.user_id) this.userId = result.user_id;
      })
      .catch((error: unknown) => {
        this.retryAt = this.now().getTime() + 5 * 60_000;
        this.log.warn({ error: (error as { code?: string }).code ?? 'unknown' }, 'Slack auth.test failed');
      })
      .finally(() => {
        this.asking = false;
      });
  }
}
