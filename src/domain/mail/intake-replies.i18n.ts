import { acceptedChannelsFor } from '../chat/redirect.channels.ts';
import { type Locale, textIn } from '../policy/localized-text.ts';
import { knownTarget } from '../policy/policy.assumptions.ts';
import type { Policy, ProjectPhase } from '../policy/policy.schema.ts';

// The words of each automatic reply at the email door, per locale: why no case was opened and what to do instead.
// Refusals a case use case gives (quota, reporter cap, phase) are worded by describeCaseError; these are the door's.

export const DOOR_REFUSALS = [
  'unknown-sender',
  'shared-mailbox',
  'encrypted',
  'no-email',
  'too-large',
  'closed-case',
] as const;
export type DoorRefusal = (typeof DOOR_REFUSALS)[number];

/** The code a door refusal is audited and counted under: `mail.no_email`, `mail.closed_case`… */
export const doorRefusalCode = (refusal: DoorRefusal) => `mail.${refusal.replace(/-/g, '_')}`;

export interface DoorReply {
  subject: string;
  body: string;
}

const channelLines = (policy: Policy, locale: Locale, phase?: ProjectPhase) =>
  acceptedChannelsFor(policy, phase)
    .filter((channel) => channel.kind !== 'email')
    .map((channel) => {
      const target = knownTarget(channel);
      return `• ${textIn(channel.label, locale, policy.locale)}${target ? `: ${target}` : ''}`;
    })
    .join('\n');

const megabytes = (bytes: number) =>
  bytes < 1_048_576 ? `${Math.round(bytes / 1024)} KB` : `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

export interface DoorContext {
  policy: Policy;
  locale: Locale;
  subject: string;
  phase?: ProjectPhase;
  ref?: string;
  maxBytes?: number;
}

const WORDS: Record<Locale, Record<DoorRefusal, (c: DoorContext) => string>> = {
  es: {
    'unknown-sender': (c) =>
      `Hemos recibido su correo, pero no procede de una dirección registrada por ninguno de los clientes de ${c.policy.name}, así que no hemos abierto ningún caso.\n\nEscriba desde su propia cuenta de correo profesional, la que su empresa nos haya facilitado previamente. Si aún no está registrado, pida al responsable de su empresa que solicite su alta.`,
    'shared-mailbox': (c) =>
      `Hemos recibido su correo desde un buzón compartido. Según la política de soporte de ${c.policy.name}, no se abren casos desde buzones compartidos: escriba desde su propia dirección de correo, para que sepamos con quién tratar el caso.`,
    encrypted: (c) =>
      `Hemos recibido su correo cifrado y no podemos leerlo. Según la política de soporte de ${c.policy.name}, el correo inicial no debe enviarse cifrado: vuelva a enviarlo sin cifrar (sin contraseñas ni datos sensibles; los compartiremos por otra vía si hace falta).`,
    'no-email': (c) =>
      `Gracias por escribirnos. Según la política de soporte de ${c.policy.name}, las solicitudes por correo electrónico no se reciben y no hemos abierto ningún caso.\n\nAbra su solicitud por:\n${channelLines(c.policy, 'es', c.phase)}`,
    'too-large': (c) =>
      `Su correo supera el tamaño máximo que aceptamos (${megabytes(c.maxBytes ?? 0)}, con sus adjuntos), así que no lo hemos registrado. Vuelva a enviarlo con adjuntos más pequeños, o con un enlace a los archivos.`,
    'closed-case': (c) =>
      `El caso ${c.ref ?? ''} está cerrado y ya no admite respuestas: abra un caso nuevo escribiendo un correo nuevo (no una respuesta), e indique en él el número ${c.ref ?? ''} si está relacionado.`,
  },
  en: {
    'unknown-sender': (c) =>
      `We received your email, but it does not come from an address registered by any of ${c.policy.name}'s customers, so no case was opened.\n\nPlease write from your own work email account, the one your company gave us beforehand. If you are not registered yet, ask your company's contact person to request it.`,
    'shared-mailbox': (c) =>
      `We received your email from a shared mailbox. Under ${c.policy.name}'s support policy, cases are not opened from shared mailboxes: please write from your own address, so we know who to work with on the case.`,
    encrypted: (c) =>
      `We received your encrypted email and cannot read it. Under ${c.policy.name}'s support policy, the first email must not be encrypted: please send it again unencrypted (without passwords or sensitive data; we will share those another way if needed).`,
    'no-email': (c) =>
      `Thanks for writing. Under ${c.policy.name}'s support policy, requests by email are not received, and no case was opened.\n\nPlease make your request through:\n${channelLines(c.policy, 'en', c.phase)}`,
    'too-large': (c) =>
      `Your email is larger than we accept (${megabytes(c.maxBytes ?? 0)}, attachments included), so it was not recorded. Please send it again with smaller attachments, or with a link to the files.`,
    'closed-case': (c) =>
      `Case ${c.ref ?? ''} is closed and takes no more replies: please open a new case by writing a new email (not a reply), mentioning ${c.ref ?? ''} if it is related.`,
  },
};

const SUBJECT: Record<Locale, string> = { es: 'No hemos abierto ningún caso', en: 'No case was opened' };
const CLOSED_SUBJECT: Record<Locale, string> = { es: 'Caso cerrado', en: 'Case closed' };

/** The reply to a message refused at the door, in the policy's language. */
export function doorReply(refusal: DoorRefusal, context: DoorContext): DoorReply {
  const { locale } = context;
  const about = context.subject.trim() ? `: ${context.subject.trim()}` : '';
  return {
    subject: `${refusal === 'closed-case' ? CLOSED_SUBJECT[locale] : SUBJECT[locale]}${about}`,
    body: WORDS[locale][refusal](context),
  };
}

/** A refusal a case use case gave (quota, reporter cap, phase), as a reply: its words, under the same subject. */
export function caseRefusalReply(locale: Locale, subject: string, reason: string): DoorReply {
  const about = subject.trim() ? `: ${subject.trim()}` : '';
  const lead =
    locale === 'es'
      ? 'Hemos recibido su correo, pero no hemos podido abrir el caso.'
      : 'We received your email, but could not open the case.';
  return { subject: `${SUBJECT[locale]}${about}`, body: `${lead}\n\n${reason}` };
}

/**
 * A message about a case past its warranty (arcoirisapp, seed 003: "pasados los 8 días serán descontadas de las horas
 * de consultoría o facturables"): the customer is told it is billable before anything is opened, and how to accept.
 */
export function billableReply(
  locale: Locale,
  subject: string,
  facts: { ref: string; days: number; until: string; yes: string },
): DoorReply {
  const about = subject.trim() ? `: ${subject.trim()}` : '';
  const { ref, days, until, yes } = facts;
  return locale === 'es'
    ? {
        subject: `Trabajo facturable${about}`,
        body: `La garantía de ${days} días del caso ${ref} terminó el ${until}. Una nueva solicitud sobre él se atiende como consultoría facturable: se descuenta de sus horas de consultoría o se factura, y no cuenta en el cupo mensual de su plan. No hemos abierto ningún caso todavía.\n\nSi lo acepta, responda ${yes} en la primera línea de su respuesta a este correo y describa debajo lo que necesita.`,
      }
    : {
        subject: `Billable work${about}`,
        body: `The ${days}-day warranty of case ${ref} ended on ${until}. A new request about it is billable consulting work: it is taken from your consulting hours or invoiced, and does not count against your plan's monthly quota. No case has been opened yet.\n\nIf you accept, reply ${yes} on the first line of your answer to this email and describe what you need below it.`,
      };
}

/** How an automatic note reads on the case (a bounce, an out-of-office, an unclear answer to a confirmation). */
export const NOTE_WORDS: Record<
  Locale,
  {
    bounce: (to: string) => string;
    outOfOffice: (from: string) => string;
    unclearAnswer: (what: string, yes: string, no: string) => string;
  }
> = {
  es: {
    unclearAnswer: (what, yes, no) =>
      `La respuesta del cliente por correo no se ha registrado como ${what}: su primera línea no es un ${yes} o un ${no} claro. Léala y regístrela si procede (/case confirm).`,
    bounce: (to) => `El correo a ${to} fue devuelto (informe de entrega): la dirección queda marcada como con rebotes.`,
    outOfOffice: (from) => `Respuesta automática de ausencia de ${from}.`,
  },
  en: {
    unclearAnswer: (what, yes, no) =>
      `The customer's email answer was not recorded as ${what}: its first line is not a clear ${yes} or ${no}. Read it and record it if it is one (/case confirm).`,
    bounce: (to) => `Mail to ${to} bounced (delivery-status report): the address is marked as bouncing.`,
    outOfOffice: (from) => `Out-of-office reply from ${from}.`,
  },
};
