import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parseDurationMinutes } from './duration.ts';
import { localeSchema, localizedTextSchema } from './localized-text.ts';

// The support policy of one organization (tenant), as written in policies/<id>.yaml.
// Every rule a seed states has a field here; rules for people that no code can check live in `guidelines`.

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'expected an identifier of letters, digits, "-" or "_"');

/** Business minutes, written "4h", "90m" or "1h30m". */
export const durationSchema = z.string().transform((text, ctx) => {
  const minutes = parseDurationMinutes(text);
  if (minutes === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like "4h" or "90m", got "${text}"` });
    return z.NEVER;
  }
  return minutes;
});

const timeOfDay = /^([01]\d|2[0-4]):([0-5]\d)$/;
const minutesOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "08:00-12:00" → [480, 720] minutes after local midnight; "24:00" ends the day. */
export const intervalSchema = z.string().transform((text, ctx) => {
  const [from, to, extra] = text.split('-').map((part) => part.trim());
  if (!from || !to || extra !== undefined || !timeOfDay.test(from) || !timeOfDay.test(to)) {
    ctx.addIssue({ code: 'custom', message: `expected an interval like "08:00-12:00", got "${text}"` });
    return z.NEVER;
  }
  const start = minutesOfDay(from);
  const end = minutesOfDay(to);
  if (start >= end || end > 24 * 60) {
    ctx.addIssue({ code: 'custom', message: `interval "${text}" must end after it starts, by 24:00 at the latest` });
    return z.NEVER;
  }
  return { startMinute: start, endMinute: end };
});
export type DayInterval = z.output<typeof intervalSchema>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like "2026-12-25"');

const weekSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(intervalSchema).default([])])))
  .strict() as unknown as z.ZodType<Record<Weekday, DayInterval[]>, Partial<Record<Weekday, string[]>>>;

/**
 * A value the seed does not give, filled in by whoever wrote the preset: `unconfirmed` until the operator confirms
 * it. Customers are never shown an unconfirmed assumption as a fact; `portero policy check` and `serve` warn about it.
 */
export const ASSUMPTION_STATES = ['unconfirmed', 'confirmed'] as const;
export type AssumptionState = (typeof ASSUMPTION_STATES)[number];
const assumptionSchema = z.enum(ASSUMPTION_STATES).optional();

export const calendarSchema = z
  .object({
    /** Hours the seed does not give: unconfirmed ones are not shown to customers; confirmed ones as usual hours. */
    assumption: assumptionSchema,
    /** Always open: 24 hours a day, 7 days a week, no holidays. */
    alwaysOn: z.literal(true).optional(),
    /** Wall-clock intervals per weekday in the policy's time zone; several a day for split shifts. */
    week: weekSchema.optional(),
    holidays: z
      .object({
        /** ISO 3166 country whose public holidays are not business days (e.g. "CO"). */
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'expected a two-letter country code like "CO"')
          .optional(),
        /** Region within the country (e.g. "MD" for Madrid), for regional holidays. */
        region: z.string().optional(),
        /** Extra closed days. */
        dates: z.array(isoDate).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((calendar, ctx) => {
    if (calendar.alwaysOn && (calendar.week || calendar.holidays)) {
      ctx.addIssue({ code: 'custom', message: 'an alwaysOn calendar takes no week or holidays' });
    }
    if (!calendar.alwaysOn && !calendar.week) {
      ctx.addIssue({ code: 'custom', path: ['week'], message: 'expected weekly hours (or alwaysOn: true)' });
    }
    for (const [day, intervals] of Object.entries(calendar.week ?? {})) {
      const sorted = [...intervals].sort((a, b) => a.startMinute - b.startMinute);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]!.startMinute < sorted[i - 1]!.endMinute) {
          ctx.addIssue({ code: 'custom', path: ['week', day], message: 'intervals overlap' });
        }
      }
    }
  });
export type CalendarDefinition = z.output<typeof calendarSchema>;

/** The built-in always-on calendar every policy may name. */
export const ALWAYS_ON_CALENDAR = '24x7';

export const CHANNEL_KINDS = ['portal', 'form', 'email', 'azure-devops'] as const;
export const REFUSED_CHANNEL_KINDS = [
  'slack',
  'teams',
  'whatsapp',
  'phone',
  'video-call',
  'email',
  'remote-session',
  'chat',
] as const;
export const PROJECT_PHASES = ['production', 'implementation'] as const;
export type ProjectPhase = (typeof PROJECT_PHASES)[number];

const acceptedChannelSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    label: localizedTextSchema,
    /**
     * Where the customer goes: a URL for azure-devops, and for a portal or form run elsewhere. A portal or form
     * without one is Portero's built-in customer portal (`<PORTERO_PUBLIC_URL>/portal/<tenant>/`).
     */
    url: z.url().optional(),
    /** An email address; for kind email without one, the address comes from the case's priority `intake`. */
    address: z.email().optional(),
    /** Only for customers whose project is in these phases (all when absent). */
    phases: z.array(z.enum(PROJECT_PHASES)).optional(),
    /** Case types this channel takes (crosspoint365: bugs and requirements go to Azure DevOps). */
    caseTypes: z.array(id).optional(),
    /** A url or address the seed does not give: customers are not shown it while unconfirmed. */
    assumption: assumptionSchema,
  })
  .strict()
  .superRefine((channel, ctx) => {
    if (channel.kind === 'email' && channel.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'an email channel takes an address, not a url' });
    }
    if (channel.kind === 'azure-devops' && !channel.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${channel.kind} channel needs a url` });
    }
  });

export const SEVERITIES = ['critical', 'high', 'moderate', 'minimal'] as const;
export type Severity = (typeof SEVERITIES)[number];

const targetsSchema = z
  .object({
    firstResponse: durationSchema.optional(),
    nextUpdate: durationSchema.optional(),
    resolution: durationSchema.optional(),
  })
  .strict();
export const SLA_TARGETS = ['firstResponse', 'nextUpdate', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

const prioritySchema = z
  .object({
    id,
    label: localizedTextSchema,
    severity: z.enum(SEVERITIES),
    description: localizedTextSchema.optional(),
    examples: z.array(localizedTextSchema).default([]),
    /** The address that opens cases of this priority, where the policy routes email by priority. */
    intake: z.email().optional(),
    /** Calendar id of this priority's SLA clock; the policy's default calendar when absent. */
    calendar: z.string().optional(),
    targets: targetsSchema.default({}),
    /** What the seed expects of the customer while the case is open. */
    customerCollaboration: localizedTextSchema.optional(),
  })
  .strict();

/** What each lifecycle state means to Portero, whatever the policy calls it. */
export const STATE_KINDS = [
  'new',
  'active',
  'waiting',
  'approval',
  'testing',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type StateKind = (typeof STATE_KINDS)[number];
const PAUSING_KINDS: readonly StateKind[] = ['waiting', 'approval', 'testing'];
const TERMINAL_KINDS: readonly StateKind[] = ['closed', 'cancelled'];

/**
 * What the customer confirms on a case: the estimate's approval, the validation of QA and of production (PRD), the
 * confirmation of the closure (oys), the acceptance of the solution (itbx: "con el aval del cliente").
 */
export const CONFIRMATION_KINDS = ['approval', 'qa', 'prd', 'closure', 'acceptance'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];

const stateSchema = z
  .object({
    id,
    label: localizedTextSchema,
    kind: z.enum(STATE_KINDS),
    description: localizedTextSchema.optional(),
    /** Whether the SLA clocks stop here; waiting, approval and testing states pause by default. */
    pausesSla: z.boolean().optional(),
    /**
     * A case cannot leave this state for any other but a cancelled one until someone is assigned to it (itbx ABIERTO:
     * "asignado a un Ingeniero y este contactará al cliente").
     */
    requiresAssignee: z.boolean().default(false),
    /**
     * Moves from this state to the states in `to` need the customer's confirmations in `requires`, given while the case
     * is here (oys: the estimate's approval before desarrollo; itbx: the acceptance before cerrada). An agent may
     * override them with a reason.
     */
    customerConfirmations: z
      .array(z.object({ to: z.array(id).min(1), requires: z.array(z.enum(CONFIRMATION_KINDS)).min(1) }).strict())
      .default([]),
    next: z.array(id).default([]),
  })
  .strict()
  .transform((state) => ({
    ...state,
    pausesSla: state.pausesSla ?? PAUSING_KINDS.includes(state.kind),
    terminal: TERMINAL_KINDS.includes(state.kind),
  }));

const lifecycleSchema = z
  .object({
    initial: id,
    /** Where a reopened case goes. */
    reopenTo: id,
    states: z.array(stateSchema).min(2),
  })
  .strict();

/**
 * The agent actions that count as the first response (meet the first-response target), named by their command:
 *   reply   a reply to the customer
 *   wait    the case marked waiting for the customer (`/case wait`): a contact attempt
 *   assign  the case assigned to an agent (where the seed counts taking the case as the response)
 */
export const FIRST_RESPONSE_EVENTS = ['reply', 'wait', 'assign'] as const;
export type FirstResponseEvent = (typeof FIRST_RESPONSE_EVENTS)[number];
export const DEFAULT_FIRST_RESPONSE_EVENTS: FirstResponseEvent[] = ['reply', 'wait'];

const slaSchema = z
  .object({
    firstResponseEvents: z
      .array(z.enum(FIRST_RESPONSE_EVENTS))
      .min(1)
      .default(() => [...DEFAULT_FIRST_RESPONSE_EVENTS]),
  })
  .strict();

const caseTypeSchema = z
  .object({
    id,
    label: localizedTextSchema,
    /** Handled as urgent whatever the priority asked (crosspoint365 implementation bugs). */
    urgent: z.boolean().default(false),
    /** Scheduled rather than worked at once (crosspoint365 requirements: the next sprint). */
    scheduling: z.enum(['immediate', 'next-sprint']).default('immediate'),
    phases: z.array(z.enum(PROJECT_PHASES)).optional(),
  })
  .strict();

const guidelineSchema = z.object({ id, text: localizedTextSchema }).strict();

const rulesSchema = z
  .object({
    /** The plans the provider sells; every customer is on one of them. The first is the default for a new customer. */
    plans: z.array(id).min(1).default(['standard']),
    /** Cases a customer may open per calendar month, by plan (one of `plans`); a plan not listed is unlimited. */
    monthlyQuota: z.record(id, z.number().int().positive()).default({}),
    /** People of one customer company who may report cases. */
    maxReportersPerCustomer: z.number().int().positive().optional(),
    /** Cases must be written in this language; others are flagged, not refused. */
    requiredLanguage: localeSchema.optional(),
    /** Unanswered contact attempts (on business days when `businessDaysOnly`) after which the case closes. */
    autoClose: z
      .object({ contactAttempts: z.number().int().positive(), businessDaysOnly: z.boolean().default(true) })
      .strict()
      .optional(),
    /** Silence after a solution: after `after` (business time) in a testing/resolved state, the case closes as accepted. */
    acceptance: z.object({ silenceCountsAsAcceptance: z.boolean(), after: durationSchema }).strict().optional(),
    /** Closing needs the customer's confirmation: never auto-close, remind instead. */
    closureRequiresCustomerConfirmation: z.boolean().default(false),
    reopen: z
      .discriminatedUnion('mode', [
        /** Reopen within `withinDays` calendar days of closing; later, a new case. */
        z.object({ mode: z.literal('within-days'), withinDays: z.number().int().positive() }).strict(),
        /** Never reopen: a new case is opened instead (jd-services). */
        z.object({ mode: z.literal('new-case') }).strict(),
        /** Reopen free within the warranty; later the request counts as new and billable (arcoirisapp). */
        z
          .object({
            mode: z.literal('warranty'),
            withinDays: z.number().int().positive(),
            afterwards: z.literal('new-billable-request'),
          })
          .strict(),
        z.object({ mode: z.literal('always') }).strict(),
      ])
      .default({ mode: 'always' }),
    /** Customer replies on closed cases are refused with "open a new case". */
    refuseRepliesOnClosedCases: z.boolean().default(false),
    /** Secrets in messages: always redacted; the customer is told never to send them. */
    forbiddenContent: z
      .object({ secrets: z.literal('redact').default('redact'), warnCustomer: z.boolean().default(true) })
      .strict()
      .default({ secrets: 'redact', warnCustomer: true }),
    /** Requested information not provided in time lowers the priority (jd-services). */
    deprioritizeWhenInfoMissing: z.object({ after: durationSchema }).strict().optional(),
    /** Contact attempts a day the provider makes (jd-services: up to 3 calls a day). */
    contactAttemptsPerDay: z.number().int().positive().optional(),
    /** Hours estimates that the customer approves before development (oys). */
    estimateApproval: z.boolean().default(false),
    /** The customer may cancel an open case themselves, in the portal (crosspoint365: "cancelación de los casos"). */
    customerMayCancel: z.boolean().default(false),
    /**
     * Every update of a case (state changes, close, cancel, reopen) is emailed to its reporter and followers, besides
     * the replies and the acknowledgement every policy gets (crosspoint365).
     */
    emailEveryUpdate: z.boolean().default(false),
  })
  .strict();

const routingSchema = z
  .object({
    /** Logical agent channels (mapped to Slack/Teams channels with `portero channel`), first match wins. */
    agentChannels: z
      .array(z.object({ name: id, priorities: z.array(id).optional(), caseTypes: z.array(id).optional() }).strict())
      .min(1),
    managerChannel: id.optional(),
    managers: z.array(z.object({ name: z.string(), email: z.email().optional() }).strict()).default([]),
    /** Fractions of a target at which a warning fires before the breach. */
    warnAt: z.array(z.number().gt(0).lt(1)).default([0.75]),
    /** An unacknowledged breach goes to the next level after this much (wall-clock) time. */
    escalation: z
      .array(z.object({ after: durationSchema, to: z.enum(['managers', 'manager-channel']) }).strict())
      .default([]),
    /** Hold non-critical alerts to a person until that person's working hours. */
    holdNonCriticalOutsideWorkingHours: z.boolean().default(true),
  })
  .strict();

const policyObjectSchema = z
  .object({
    id,
    name: z.string().min(1),
    /** Prefix of this organization's case numbers (ITBX-1042); derived from the id when absent. */
    casePrefix: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{0,9}$/, 'expected 1 to 10 capital letters or digits, starting with a letter, like "ITBX"')
      .optional(),
    locale: localeSchema,
    timezone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone like "Europe/Madrid"'),
    website: z.url().optional(),
    /** The organization's logo (https), shown in the customer portal's header. */
    logoUrl: z.url({ protocol: /^https$/ }).optional(),
    /** The calendar of clocks that name none (and of "support hours" in redirects). */
    defaultCalendar: z.string(),
    calendars: z.record(id, calendarSchema),
    channels: z
      .object({
        accepted: z.array(acceptedChannelSchema).min(1),
        refused: z.array(z.enum(REFUSED_CHANNEL_KINDS)).min(1),
        /** Email goes to the address of the case's priority (priorities[].intake). */
        routeEmailByPriority: z.boolean().default(false),
        /** Case status is given only through accepted channels, never in chat. */
        statusOnlyThroughAcceptedChannels: z.boolean().default(true),
        /** Where questions about the support process itself go (not a case channel). */
        contact: z
          .object({ email: z.email().optional(), phones: z.array(z.string()).default([]) })
          .strict()
          .optional(),
        /** One redirect per customer and conversation within this window (wall-clock). */
        redirectWindow: durationSchema.prefault('4h'),
        /** The provider's own words on why chat is refused, shown in the redirect. */
        redirectNote: localizedTextSchema.optional(),
      })
      .strict(),
    priorities: z.array(prioritySchema).min(1),
    defaultPriority: id,
    caseTypes: z.array(caseTypeSchema).min(1),
    lifecycle: lifecycleSchema,
    /** How the SLA clocks read the case's events (the targets themselves are per priority). */
    sla: slaSchema.prefault({}),
    /** What a case should include, shown to customers sent to open one. */
    caseChecklist: z.array(localizedTextSchema).default([]),
    rules: rulesSchema.prefault({}),
    /** Rules for people (etiquette, conduct) that Portero shows but cannot check. */
    guidelines: z.array(guidelineSchema).default([]),
    routing: routingSchema,
  })
  .strict();

export const policySchema = policyObjectSchema.superRefine(checkReferences);
export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type PriorityDefinition = Policy['priorities'][number];
export type StateDefinition = Policy['lifecycle']['states'][number];
export type AcceptedChannel = Policy['channels']['accepted'][number];

/** A portal or form channel without a url: Portero's own customer portal serves it. */
export const isBuiltInPortal = (channel: AcceptedChannel) =>
  (channel.kind === 'portal' || channel.kind === 'form') && !channel.url;
export type CaseTypeDefinition = Policy['caseTypes'][number];
export type RefusedChannelKind = (typeof REFUSED_CHANNEL_KINDS)[number];

/** Everything that names something else must name something that exists. */
function checkReferences(policy: z.output<typeof policyObjectSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const calendarExists = (name: string) => name === ALWAYS_ON_CALENDAR || name in policy.calendars;
  const calendarNames = () => [ALWAYS_ON_CALENDAR, ...Object.keys(policy.calendars)].join(', ');
  const duplicates = (ids: string[]) => ids.filter((value, index) => ids.indexOf(value) !== index);

  if (!calendarExists(policy.defaultCalendar)) {
    issue(['defaultCalendar'], `unknown calendar "${policy.defaultCalendar}"; expected one of ${calendarNames()}`);
  }
  const priorityIds = policy.priorities.map((p) => p.id);
  for (const dup of duplicates(priorityIds)) issue(['priorities'], `priority "${dup}" is defined twice`);
  if (!priorityIds.includes(policy.defaultPriority)) {
    issue(
      ['defaultPriority'],
      `unknown priority "${policy.defaultPriority}"; expected one of ${priorityIds.join(', ')}`,
    );
  }
  policy.priorities.forEach((priority, index) => {
    if (priority.calendar !== undefined && !calendarExists(priority.calendar)) {
      issue(
        ['priorities', index, 'calendar'],
        `unknown calendar "${priority.calendar}"; expected one of ${calendarNames()}`,
      );
    }
    if (policy.channels.routeEmailByPriority && !priority.intake) {
      issue(['priorities', index, 'intake'], 'expected an intake email address: channels.routeEmailByPriority is on');
    }
  });

  policy.rules.plans.forEach((plan, index) => {
    if (policy.rules.plans.indexOf(plan) !== index) issue(['rules', 'plans', index], `plan "${plan}" is listed twice`);
  });
  // A quota for a plan nobody can be on is a typo that would leave the real plan unlimited.
  for (const plan of Object.keys(policy.rules.monthlyQuota)) {
    if (!policy.rules.plans.includes(plan)) {
      const plans = policy.rules.plans.join(', ');
      issue(['rules', 'monthlyQuota', plan], `unknown plan "${plan}"; expected one of ${plans} (rules.plans)`);
    }
  }

  const typeIds = policy.caseTypes.map((t) => t.id);
  for (const dup of duplicates(typeIds)) issue(['caseTypes'], `case type "${dup}" is defined twice`);
  policy.channels.accepted.forEach((channel, index) => {
    if (channel.kind === 'email' && !channel.address && !policy.channels.routeEmailByPriority) {
      issue(['channels', 'accepted', index, 'address'], 'expected an address (or channels.routeEmailByPriority: true)');
    }
    if ((policy.channels.refused as readonly string[]).includes(channel.kind)) {
      issue(['channels', 'accepted', index, 'kind'], `"${channel.kind}" is both accepted and refused`);
    }
    channel.caseTypes?.forEach((type, i) => {
      if (!typeIds.includes(type))
        issue(['channels', 'accepted', index, 'caseTypes', i], `unknown case type "${type}"`);
    });
  });

  const states = policy.lifecycle.states;
  const stateIds = states.map((s) => s.id);
  for (const dup of duplicates(stateIds)) issue(['lifecycle', 'states'], `state "${dup}" is defined twice`);
  for (const field of ['initial', 'reopenTo'] as const) {
    if (!stateIds.includes(policy.lifecycle[field])) {
      issue(['lifecycle', field], `unknown state "${policy.lifecycle[field]}"; expected one of ${stateIds.join(', ')}`);
    }
  }
  if (!states.some((s) => s.kind === 'closed')) issue(['lifecycle', 'states'], 'expected a state of kind "closed"');
  states.forEach((state, index) => {
    state.next.forEach((next, i) => {
      if (!stateIds.includes(next)) issue(['lifecycle', 'states', index, 'next', i], `unknown state "${next}"`);
    });
    if (state.terminal && state.requiresAssignee) {
      issue(
        ['lifecycle', 'states', index, 'requiresAssignee'],
        `a ${state.kind} state is never left: nothing to require`,
      );
    }
    state.customerConfirmations.forEach((rule, r) => {
      rule.to.forEach((to, i) => {
        if (!state.next.includes(to)) {
          issue(
            ['lifecycle', 'states', index, 'customerConfirmations', r, 'to', i],
            `"${to}" is not a next state of "${state.id}"`,
          );
        }
      });
    });
    if (state.terminal && state.next.length > 0) {
      issue(
        ['lifecycle', 'states', index, 'next'],
        `a ${state.kind} state is terminal: reopening uses lifecycle.reopenTo`,
      );
    }
    if (!state.terminal && state.next.every((next) => stateIds.includes(next)) && !reachesClosed(state.id, states)) {
      issue(['lifecycle', 'states', index, 'next'], `a case in "${state.id}" can never reach a closed state`);
    }
  });

  policy.routing.agentChannels.forEach((channel, index) => {
    channel.priorities?.forEach((p, i) => {
      if (!priorityIds.includes(p))
        issue(['routing', 'agentChannels', index, 'priorities', i], `unknown priority "${p}"`);
    });
    channel.caseTypes?.forEach((t, i) => {
      if (!typeIds.includes(t)) issue(['routing', 'agentChannels', index, 'caseTypes', i], `unknown case type "${t}"`);
    });
  });
}

function reachesClosed(from: string, states: { id: string; kind: StateKind; next: string[] }[]): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const state = states.find((s) => s.id === id);
    if (state?.kind === 'closed') return true;
    for (const next of state?.next ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
