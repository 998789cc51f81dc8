import { type Policy, type ProjectPhase, SEVERITIES } from '../policy/policy.schema.ts';

// The policy's email door: which addresses it lists, which priority each stands for, whether a customer may open
// cases by email at all, and who must not (role addresses).

const lower = (address: string) => address.trim().toLowerCase();

/** Every address the policy lists for email: the priorities' intake addresses, the email channels, the contact. */
export function policyEmailAddresses(policy: Policy): string[] {
  const addresses = [
    ...policy.priorities.flatMap((priority) => priority.intake ?? []),
    ...policy.channels.accepted.flatMap((channel) => (channel.kind === 'email' && channel.address) || []),
    ...(policy.channels.contact?.email ? [policy.channels.contact.email] : []),
  ];
  return [...new Set(addresses.map(lower))];
}

/**
 * The priority a message stands for, from the policy addresses it was sent to (Delivered-To, X-Original-To, To, Cc,
 * then the mailbox's own): the most severe one when it reached several (jd-services: soporte-a → A). Undefined
 * where the policy does not route email by priority.
 */
export function priorityForAddresses(policy: Policy, addresses: string[]): string | undefined {
  const wanted = new Set(addresses.map(lower));
  const matching = policy.priorities.filter((priority) => priority.intake && wanted.has(lower(priority.intake)));
  if (matching.length === 0) return undefined;
  return matching.reduce((best, priority) =>
    SEVERITIES.indexOf(priority.severity) < SEVERITIES.indexOf(best.severity) ? priority : best,
  ).id;
}

/** Whether a customer in this phase may open a case by email (crosspoint365 in production, jd-services, oys). */
export function takesEmail(policy: Policy, phase: ProjectPhase): boolean {
  return policy.channels.accepted.some(
    (channel) => channel.kind === 'email' && (!channel.phases || channel.phases.includes(phase)),
  );
}

/** Whether some phase has its own channels, email not among them (crosspoint365 implementation → Azure DevOps). */
export function phaseHasOtherChannels(policy: Policy, phase: ProjectPhase): boolean {
  const phased = policy.channels.accepted.filter((channel) => channel.phases?.includes(phase));
  return phased.length > 0 && !phased.some((channel) => channel.kind === 'email');
}

const ROLE_LOCAL_PARTS = new Set([
  'info',
  'admin',
  'administracion',
  'administración',
  'soporte',
  'support',
  'contabilidad',
  'accounting',
  'facturacion',
  'billing',
  'ventas',
  'sales',
  'contacto',
  'contact',
  'office',
  'oficina',
  'rrhh',
  'hr',
  'it',
  'sistemas',
  'helpdesk',
  'team',
  'equipo',
]);

/** A role address (info@, admin@, soporte@, contabilidad@ …): read by several people, not one person's own. */
export function isRoleAddress(address: string): boolean {
  const local = lower(address).split('@')[0] ?? '';
  return ROLE_LOCAL_PARTS.has(local.replace(/[._-]?\d+$/, ''));
}

/**
 * A message that only says thanks (jd-services: "no responda para dar las gracias"): short, and nothing but
 * thanks and a greeting.
 */
export function isMereThanks(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 12) return false;
  const thanks =
    /^(gracias|muchas|mil|thanks|thank|you|many|lot|so|much|very|un|saludo|saludos|cordiales|atentamente|regards|best|perfecto|ok|vale|genial|great|cheers|de|nuevo|again|a|todos|buen|día|dia|hola|hi|hello)$/;
  // A name under the thanks ("Gracias, Ana Pérez") is allowed; anything longer is a message.
  const others = words.filter((word) => !thanks.test(word));
  return words.some((word) => /^(gracias|thanks|thank)$/.test(word)) && others.length <= 2;
}
