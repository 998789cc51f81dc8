import { DOOR_REFUSALS, doorRefusalCode } from '../mail/intake-replies.i18n.ts';
import type { CaseErrorCode } from './case-error.ts';

// Which refusals turn a customer away: the policy refused or redirected what a customer asked for (a quota, a
// reporter cap, the wrong channel, type or phase, a reopen the policy does not allow, everything the email door
// refuses). An agent hitting such a rule on a customer's behalf counts too: the customer is still turned away. An
// agent's own slip (a mistyped priority, an invalid transition, a case not found, a change raced) is not counted.

const CASE_CODES = [
  'policy.quota_exceeded',
  'policy.reporter_limit',
  'policy.not_a_reporter',
  'case.wrong_channel_for_phase',
  'case.type_not_for_phase',
  'case.reopen_window_passed',
  'case.reopen_not_allowed',
  'case.reply_on_closed',
  'case.billable_confirmation_required',
] as const satisfies readonly CaseErrorCode[];

/** The `refused` events' codes counted as customers turned away (`sla report --weeks` and the managers' dashboard). */
export const TURNED_AWAY_CODES: readonly string[] = [...CASE_CODES, ...DOOR_REFUSALS.map(doorRefusalCode)];
