import { formatDurationMinutes } from './duration.ts';
import { type Locale, type LocalizedText, textIn } from './localized-text.ts';
import {
  ALWAYS_ON_CALENDAR,
  type CalendarDefinition,
  type DayInterval,
  type Policy,
  SLA_TARGETS,
  type SlaTarget,
  WEEKDAYS,
} from './policy.schema.ts';

// A resolved policy as a person reads it (`portero policy show`): every typed value, the durations back in "4h" form,
// the calendars day by day. Long texts (guidelines, checklist, descriptions) are counted, not printed.

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const hours = (intervals: DayInterval[]) =>
  intervals.length === 0 ? 'closed' : intervals.map((i) => `${clock(i.startMinute)}-${clock(i.endMinute)}`).join(', ');
const TARGET_NAMES: Record<SlaTarget, string> = {
  firstResponse: 'first response',
  nextUpdate: 'next update',
  resolution: 'resolution',
};
const list = (values: readonly string[]) => (values.length === 0 ? '-' : values.join(', '));

function describeCalendar(name: string, calendar: CalendarDefinition): string[] {
  if (calendar.alwaysOn) return [`  ${name}: always open`];
  const lines = [`  ${name}:`, ...WEEKDAYS.map((day) => `    ${day}  ${hours(calendar.week?.[day] ?? [])}`)];
  const { country, region, dates = [] } = calendar.holidays ?? {};
  if (country) lines.push(`    holidays: public holidays of ${country}${region ? `-${region}` : ''}`);
  if (dates.length > 0) lines.push(`    closed on: ${dates.join(', ')}`);
  if (!country && dates.length === 0) lines.push('    holidays: none');
  return lines;
}

function describeRules(rules: Policy['rules']): string[] {
  const lines: string[] = [];
  const add = (line: string) => lines.push(`  ${line}`);
  add(`plans: ${rules.plans.join(', ')} (default for a new customer: ${rules.plans[0]})`);
  const quota = Object.entries(rules.monthlyQuota);
  const unlimited = rules.plans.filter((plan) => !(plan in rules.monthlyQuota));
  if (quota.length > 0)
    add(`monthly quota: ${quota.map(([plan, n]) => `${plan} ${n}`).join(', ')}; unlimited: ${list(unlimited)}`);
  if (rules.maxReportersPerCustomer) add(`reporters per customer company: at most ${rules.maxReportersPerCustomer}`);
  if (rules.requiredLanguage) add(`cases must be written in: ${rules.requiredLanguage}`);
  if (rules.autoClose) {
    const days = rules.autoClose.businessDaysOnly ? ' on business days' : '';
    add(`auto-close after ${rules.autoClose.contactAttempts} unanswered contact attempts${days}`);
  }
  if (rules.contactAttemptsPerDay) add(`contact attempts a day: up to ${rules.contactAttemptsPerDay}`);
  if (rules.acceptance?.silenceCountsAsAcceptance) {
    add(`silence after a solution counts as acceptance after ${formatDurationMinutes(rules.acceptance.after)}`);
  }
  if (rules.closureRequiresCustomerConfirmation) add('closing needs the customer’s confirmation');
  if (rules.estimateApproval) add('hours estimates need the customer’s approval');
  if (rules.emailEveryUpdate) add('every update of a case is emailed to the customer');
  const reopen = rules.reopen;
  if (reopen.mode === 'within-days') add(`reopen: within ${reopen.withinDays} days of closing`);
  else if (reopen.mode === 'warranty')
    add(`reopen: free within ${reopen.withinDays} days, afterwards ${reopen.afterwards}`);
  else add(reopen.mode === 'new-case' ? 'reopen: never (open a new case)' : 'reopen: always');
  if (rules.refuseRepliesOnClosedCases) add('replies on closed cases: refused (open a new case)');
  if (rules.deprioritizeWhenInfoMissing) {
    add(`missing information: deprioritised after ${formatDurationMinutes(rules.deprioritizeWhenInfoMissing.after)}`);
  }
  add(`secrets: ${rules.forbiddenContent.secrets}${rules.forbiddenContent.warnCustomer ? ', customer warned' : ''}`);
  return lines;
}

/** The policy, section by section, in `locale` (the policy's own when absent). */
export function describePolicy(policy: Policy, locale: Locale = policy.locale): string[] {
  const t = (text: LocalizedText) => textIn(text, locale, policy.locale);
  const { channels, lifecycle, routing } = policy;
  const lines = [
    `${policy.id}: ${policy.name}`,
    `  locale ${policy.locale}, time zone ${policy.timezone}, default calendar ${policy.defaultCalendar}`,
  ];
  if (policy.website) lines.push(`  website ${policy.website}`);

  lines.push('', 'calendars');
  for (const [name, calendar] of Object.entries(policy.calendars)) lines.push(...describeCalendar(name, calendar));
  if (!(ALWAYS_ON_CALENDAR in policy.calendars)) lines.push(`  ${ALWAYS_ON_CALENDAR}: always open (built in)`);

  lines.push('', `priorities (default ${policy.defaultPriority})`);
  for (const p of policy.priorities) {
    const targets = SLA_TARGETS.filter((name) => p.targets[name] !== undefined).map(
      (name) => `${TARGET_NAMES[name]} ${formatDurationMinutes(p.targets[name]!)}`,
    );
    lines.push(
      `  ${p.id}  ${t(p.label)}  ${p.severity}  calendar ${p.calendar ?? policy.defaultCalendar}`,
      `    targets: ${list(targets)}${p.intake ? `; intake ${p.intake}` : ''}`,
    );
  }

  lines.push('', 'channels');
  for (const c of channels.accepted) {
    const scope = [c.phases && `phases ${c.phases.join('/')}`, c.caseTypes && `types ${c.caseTypes.join('/')}`];
    const where = c.url ?? c.address ?? (channels.routeEmailByPriority ? 'address of the priority' : '');
    lines.push(
      `  accepted: ${c.kind}  ${t(c.label)}  ${where}${scope
        .filter(Boolean)
        .map((s) => `  (${s})`)
        .join('')}`,
    );
  }
  lines.push(`  refused: ${list(channels.refused)}`);
  if (channels.contact) {
    lines.push(
      `  questions (not cases): ${list([channels.contact.email ?? '', ...channels.contact.phones].filter(Boolean))}`,
    );
  }
  lines.push(`  status only through accepted channels: ${channels.statusOnlyThroughAcceptedChannels ? 'yes' : 'no'}`);

  lines.push('', 'case types');
  for (const type of policy.caseTypes) {
    const traits = [
      type.urgent && 'urgent',
      type.scheduling !== 'immediate' && type.scheduling,
      type.phases?.join('/'),
    ];
    lines.push(
      `  ${type.id}  ${t(type.label)}${traits
        .filter(Boolean)
        .map((x) => `  ${x}`)
        .join('')}`,
    );
  }

  lines.push('', `lifecycle (initial ${lifecycle.initial}, reopen to ${lifecycle.reopenTo})`);
  for (const s of lifecycle.states) {
    const kind = `${s.kind}${s.pausesSla ? ', pauses SLA' : ''}${s.requiresAssignee ? ', requires an assignee' : ''}`;
    lines.push(`  ${s.id}  ${t(s.label)}  [${kind}]${s.terminal ? '' : ` -> ${list(s.next)}`}`);
    for (const rule of s.customerConfirmations) {
      lines.push(`    to ${list(rule.to)}: the customer's ${list(rule.requires)}`);
    }
  }

  lines.push('', `first response: ${list(policy.sla.firstResponseEvents)}`);
  lines.push('', 'rules', ...describeRules(policy.rules));
  lines.push('', `checklist: ${policy.caseChecklist.length} items; guidelines: ${policy.guidelines.length}`);

  lines.push('', 'routing');
  for (const c of routing.agentChannels) {
    const scope = [
      c.priorities && `priorities ${c.priorities.join('/')}`,
      c.caseTypes && `types ${c.caseTypes.join('/')}`,
    ];
    lines.push(`  ${c.name} <- ${scope.filter(Boolean).join(', ') || 'every other case'}`);
  }
  if (routing.agentChannels.every((c) => c.priorities || c.caseTypes))
    lines.push('  a case none of these takes is posted to no agent channel');
  lines.push(`  manager channel: ${routing.managerChannel ?? '-'}`);
  lines.push(`  managers: ${list(routing.managers.map((m) => (m.email ? `${m.name} <${m.email}>` : m.name)))}`);
  lines.push(`  warn at: ${routing.warnAt.map((f) => `${Math.round(f * 100)}%`).join(', ')} of a target`);
  for (const e of routing.escalation) lines.push(`  escalate after ${formatDurationMinutes(e.after)} to ${e.to}`);
  return lines;
}
