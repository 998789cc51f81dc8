// A timer is one instant that matters to one case: an SLA warning or breach, an escalation, an automation.
// Timers are derived from the case in the transaction that changes it, so the monitor never has to poll cases.

export const TIMER_RULES = [
  /** A clock reached a warning fraction of its target. */
  'sla.warning',
  /** A clock reached its target. */
  'sla.breach',
  /** A breach nobody acknowledged went up one level (created when the breach fires, not derived). */
  'sla.escalation',
  /** A case still without an engineer in its initial state. */
  'assign.nudge',
  /** An engineer was just given a new case: contact the customer. */
  'assign.contact',
  /** The customer has not answered a contact attempt: make the next one. */
  'contact.reminder',
  /** The policy's contact attempts went unanswered: the case closes. */
  'auto-close',
  /** Silence after a solution counts as acceptance: the case closes as accepted. */
  'acceptance',
  /** Closure needs the customer's confirmation: remind the agent and the customer. */
  'closure.reminder',
  /** Requested information was not provided in time: the case goes down one priority. */
  'deprioritize',
] as const;
export type TimerRule = (typeof TIMER_RULES)[number];

/** Rules the case's own state derives; every other rule's timers are created by the monitor itself. */
export const DERIVED_RULES: readonly TimerRule[] = TIMER_RULES.filter((rule) => rule !== 'sla.escalation');

export interface TimerSpec {
  rule: TimerRule;
  /** The SLA target (firstResponse, nextUpdate, resolution); '' for automations. */
  target: string;
  /** The warning fraction ('0.75'), '1' for a breach, the escalation level or the reminder's number. */
  threshold: string;
  /**
   * What restarts the rule: a clock's start (a reopened case's resolution, each next-update), the start of a wait,
   * the assignee. A timer fires once per case, rule, target, threshold and cycle, however often it is rewritten.
   */
  cycle: string;
  /** Epoch milliseconds. */
  fireAt: number;
  /** Firing changes the case (closes it, lowers its priority): the monitor takes the case's lock for it. */
  changesCase: boolean;
}

/** The identity of a timer: the unique key of the timers table. */
export const timerKey = (timer: { rule: string; target: string; threshold: string; cycle: string }) =>
  `${timer.rule}|${timer.target}|${timer.threshold}|${timer.cycle}`;
