import type { Locale } from '../../src/domain/policy/localized-text.ts';
import { burstLog } from '../http/burst-log.ts';
import type { PlatformContext } from '../platform.types.ts';
import { busyText } from './slack.i18n.ts';
import type { InstantAnswer, RequestKind, SlackBody } from './slack-request.ts';
import type { SlackRuntime } from './slack-runtime.ts';

// What shedding says: to the person, a one-line busy answer; to the operator, one log line per burst with the counts
// (a line per request would add work exactly when there is too much of it).

/** Said with a 503; Slack retries an event on its own schedule, a person clicks again. */
export const RETRY_AFTER_SECONDS = 5;

/** What a shed request is answered: a command, the busy message in `locale` (both languages if unknown); else a 503. */
export function shedAnswer(kind: RequestKind, locale: Locale | undefined): InstantAnswer {
  if (kind !== 'command') return { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } };
  return { status: 200, json: { response_type: 'ephemeral', text: busyText(locale) } };
}

/** The language to be busy in for a command's sender, known without asking the store: the agent's, the workspace's. */
export function busyLocale(runtime: SlackRuntime, command: SlackBody): Locale | undefined {
  const workspace = runtime.workspaces.get(String(command.team_id))?.workspace;
  const agent = workspace && runtime.agents.get(workspace.tenantId, 'slack', String(command.user_id))?.agent;
  return workspace && (agent?.locale ?? workspace.policy.locale);
}

/** Counts shed requests by kind: one warning per burst (a line per request would add work when there is too much). */
export function shedReport(log: PlatformContext['log']) {
  const report = burstLog(log, 'Slack busy: requests shed, the work queue is full', 'shed');
  return { shed: (kind: RequestKind) => report.count(kind), flush: report.flush };
}
