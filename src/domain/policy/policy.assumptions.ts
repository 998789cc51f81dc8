import type { AcceptedChannel, CalendarDefinition, Policy } from './policy.schema.ts';

// Facts a seed does not give and a preset fills in: placeholders (an address or URL under the reserved `.invalid`
// domain, RFC 2606) and values marked `assumption: unconfirmed`. The operator is told about each one still in force;
// a customer is never shown one as a fact.

export interface PolicyAssumption {
  /** Where it is in the policy file, as `policy check` prints paths: `channels.accepted[0].url`. */
  path: string;
  kind: 'placeholder' | 'assumption';
  /** The placeholder itself, or what the assumption is about. */
  value: string;
}

/** An address or URL under `.invalid`: a stand-in the operator replaces, never a real destination. */
export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && /\.invalid(?=$|[/:?#])/i.test(value);
}

/** What a customer may be shown of a channel: its URL or address, unless it is a placeholder or an unconfirmed guess. */
export function knownTarget(channel: AcceptedChannel): string | undefined {
  if (channel.assumption === 'unconfirmed') return undefined;
  const target = channel.url ?? channel.address;
  return isPlaceholder(target) ? undefined : target;
}

/**
 * How a calendar's hours may be worded to customers: as the provider's hours (`stated`, from the seed), as its usual
 * hours (`usual`: an assumption the operator confirmed), or not at all (`unknown`: an unconfirmed assumption).
 */
export function hoursStanding(calendar: CalendarDefinition | undefined): 'stated' | 'usual' | 'unknown' {
  if (calendar?.assumption === 'unconfirmed') return 'unknown';
  return calendar?.assumption === 'confirmed' ? 'usual' : 'stated';
}

/** Every placeholder and unconfirmed assumption still in the policy, in file order. */
export function policyAssumptions(policy: Policy): PolicyAssumption[] {
  const found: PolicyAssumption[] = [];
  const placeholder = (path: string, value: string | undefined) => {
    if (value !== undefined && isPlaceholder(value)) found.push({ path, kind: 'placeholder', value });
  };
  placeholder('website', policy.website);
  for (const [name, calendar] of Object.entries(policy.calendars)) {
    if (calendar.assumption === 'unconfirmed') {
      found.push({ path: `calendars.${name}`, kind: 'assumption', value: 'business hours' });
    }
  }
  policy.channels.accepted.forEach((channel, index) => {
    const path = `channels.accepted[${index}]`;
    if (channel.assumption === 'unconfirmed') {
      found.push({ path, kind: 'assumption', value: channel.url ?? channel.address ?? channel.kind });
    }
    placeholder(`${path}.url`, channel.url);
    placeholder(`${path}.address`, channel.address);
  });
  placeholder('channels.contact.email', policy.channels.contact?.email);
  for (const [index, priority] of policy.priorities.entries())
    placeholder(`priorities[${index}].intake`, priority.intake);
  for (const [index, manager] of policy.routing.managers.entries()) {
    placeholder(`routing.managers[${index}].email`, manager.email);
  }
  return found;
}

/** One line per assumption, for `policy check` and `serve`. */
export function describeAssumption(assumption: PolicyAssumption): string {
  return assumption.kind === 'placeholder'
    ? `${assumption.path}: placeholder "${assumption.value}" (customers are not shown it): set the real one`
    : `${assumption.path}: unconfirmed assumption (${assumption.value}), not shown to customers until it is confirmed ` +
        '("assumption: confirmed") or replaced';
}
