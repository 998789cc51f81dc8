import type { PlatformContext } from '../platform.types.ts';
import { busyText } from './slack.i18n.ts';
import type { RequestKind } from './slack-request.ts';
import type { SlackRuntime } from './slack-runtime.ts';

// What shedding says: to the person, a one-line busy answer; to the operator, one log line per burst with the counts
// (a line per request would add work exactly when there is too much of it).

/** How long a burst's counts add up before they are logged. */
const REPORT_EVERY_MS = 10_000;

/** The busy answer to a slash command, in the language known without asking the store: the agent's, the workspace's. */
export function busyReply(runtime: SlackRuntime) {
  return (command: Record<string, unknown>) => {
    const workspace = runtime.workspaces.get(String(command.team_id))?.workspace;
    const agent = workspace && runtime.agents.get(workspace.tenantId, 'slack', String(command.user_id))?.agent;
    const locale = workspace && (agent?.locale ?? workspace.policy.locale);
    return { response_type: 'ephemeral', text: busyText(locale) };
  };
}

export function shedReport(log: PlatformContext['log']) {
  let counts: Record<RequestKind, number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (counts) log.warn({ shed: counts }, 'Slack busy: requests shed, the work queue is full');
    counts = undefined;
    timer = undefined;
  };
  return {
    shed(kind: RequestKind): void {
      if (!counts) {
        counts = { command: 0, event: 0, interaction: 0 };
        timer = setTimeout(flush, REPORT_EVERY_MS).unref();
      }
      counts[kind]++;
    },
    /** Logs what is counted so far (on shutdown). */
    flush,
  };
}
