import { confirmationWords } from '../../domain/case/case-error.i18n.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';

// The list filters and event types are English identifiers; agents read them in their own language.
const listKinds: Record<Locale, Record<string, string>> = {
  es: {
    open: 'abiertos',
    mine: 'míos',
    unassigned: 'sin asignar',
    waiting: 'esperando al cliente',
    breaching: 'vencidos',
    'due-soon': 'por vencer en 24 h',
    closed: 'cerrados',
    all: 'todos',
  },
  en: {
    open: 'open',
    mine: 'mine',
    unassigned: 'unassigned',
    waiting: 'waiting',
    breaching: 'breaching',
    'due-soon': 'due within 24 h',
    closed: 'closed',
    all: 'all',
  },
};

/** What a list answer says it shows: `3 of 45, page 1/3` when there is more than one page. */
export interface ListCount {
  shown: number;
  total: number;
  page: number;
  pages: number;
  criteria: string[];
  search?: string | undefined;
}
const QUOTES: Record<Locale, (text: string) => string> = { es: (t) => `«${t}»`, en: (t) => `“${t}”` };
const asked = (locale: Locale, kind: string, n: ListCount) =>
  [listKinds[locale][kind] ?? kind, ...n.criteria, ...(n.search ? [QUOTES[locale](n.search)] : [])].join(' · ');

const eventNames: Record<Locale, Record<string, string>> = {
  es: {
    opened: 'abierto',
    assigned: 'asignado',
    moved: 'cambio de estado',
    note: 'nota',
    replied: 'respuesta',
    waiting: 'esperando al cliente',
    customer_answered: 'respuesta del cliente',
    priority_changed: 'prioridad',
    escalated: 'escalado',
    closed: 'cerrado',
    cancelled: 'cancelado',
    reopened: 'reabierto',
    reopen_as_new_request: 'reabierto como solicitud nueva',
    contact_attempt: 'intento de contacto',
    refused: 'rechazado',
    estimated: 'estimación',
    hours_logged: 'horas',
    customer_confirmation: 'confirmación del cliente',
    confirmation_asked: 'confirmación pedida al cliente',
    overridden: 'cambio de estado forzado',
    customer_message: 'mensaje del cliente',
    rated: 'valoración del cliente',
    acknowledged: 'acuse de recibo',
    delivery_failed: 'correo no entregado',
    delivery_partial: 'correo entregado en parte',
  },
  en: {
    opened: 'opened',
    assigned: 'assigned',
    moved: 'state changed',
    note: 'note',
    replied: 'reply',
    waiting: 'waiting for the customer',
    customer_answered: 'customer answered',
    priority_changed: 'priority',
    escalated: 'escalated',
    closed: 'closed',
    cancelled: 'cancelled',
    reopened: 'reopened',
    reopen_as_new_request: 'reopened as a new request',
    contact_attempt: 'contact attempt',
    refused: 'refused',
    estimated: 'estimate',
    hours_logged: 'hours',
    customer_confirmation: 'customer confirmation',
    confirmation_asked: 'confirmation asked of the customer',
    overridden: 'state change overridden',
    customer_message: 'customer message',
    rated: 'customer rating',
    acknowledged: 'acknowledgement',
    delivery_failed: 'email not delivered',
    delivery_partial: 'email partly delivered',
  },
};

const es = {
  opened: (ref: string) => `Caso ${ref} abierto.`,
  assigned: (ref: string) => `Caso ${ref} asignado.`,
  moved: (ref: string) => `Caso ${ref} actualizado.`,
  noted: (ref: string) => `Nota interna añadida a ${ref}.`,
  replied: (ref: string) => `Respuesta a ${ref} en cola para el cliente.`,
  repliedOnCase: (ref: string, channel: string) =>
    `Respuesta a ${ref} registrada en el caso: el cliente la verá en «${channel}»; la política no acepta correo.`,
  waiting: (ref: string) => `Caso ${ref} en espera del cliente: el SLA queda en pausa.`,
  repliedWithoutPlaceholder: (ref: string, channel: string, placeholder: string) =>
    `Respuesta a ${ref} registrada en el caso: el cliente la verá en «${channel}»; el correo de la política (${placeholder}) es un marcador y nunca se usa como remitente.`,
  waitNoMessage: 'Sin mensaje: no se envía nada al cliente y no cuenta como intento de contacto.',
  waitQueued: (to: string) => `Mensaje en cola para ${to}; cuenta como intento de contacto cuando se entregue.`,
  waitRecorded: (channel: string, attempts: number, day: string) =>
    `Mensaje registrado en el caso: el cliente lo verá en «${channel}». Intento de contacto ${attempts} (día hábil ${day}).`,
  waitSameDay: (channel: string, day: string) =>
    `Mensaje registrado en el caso: el cliente lo verá en «${channel}». No cuenta como otro intento de contacto: ya hay uno el día hábil ${day}.`,
  prioritised: (ref: string) => `Prioridad de ${ref} cambiada; plazos recalculados.`,
  escalated: (ref: string) => `Caso ${ref} escalado.`,
  closed: (ref: string) => `Caso ${ref} cerrado.`,
  cancelled: (ref: string) => `Caso ${ref} cancelado.`,
  reopened: (ref: string) => `Caso ${ref} reabierto.`,
  reopenedAsNew: (from: string, ref: string) =>
    `La garantía de ${from} ha vencido: se abrió ${ref} como consultoría facturable, fuera del cupo mensual del plan; sus horas (/case hours) se informan como facturables.`,
  listTitle: (kind: string, n: ListCount) =>
    `Casos (${asked('es', kind, n)}): ${n.pages > 1 ? `${n.shown} de ${n.total}, página ${n.page}/${n.pages}` : n.total}`,
  listEmpty: 'No hay casos.',
  noTargets: 'Esta prioridad no tiene objetivos de SLA.',
  estimated: (ref: string, withdrewApproval: boolean) =>
    `Estimación de ${ref} registrada${withdrewApproval ? '; la aprobación de la estimación anterior deja de valer' : ''}.`,
  hoursLogged: (ref: string) => `Horas registradas en ${ref}.`,
  confirmed: (ref: string, kind: string, rejected: boolean) =>
    `${rejected ? 'Rechazo' : 'Confirmación'} del cliente registrado a su nombre en ${ref}: ${confirmationWords.es[kind] ?? kind}.`,
  closureAsked: (ref: string) =>
    `Pedida al cliente la confirmación del cierre de ${ref}: se le envía por correo si un buzón puede enviarlo, y el portal se la ofrece.`,
  overridden: (ref: string) => `Caso ${ref} movido sin la confirmación del cliente; el motivo queda en la auditoría.`,
  /** What happened, in a case's recent history (`show`); an event type not named here shows as it is. */
  event: (type: string) => eventNames.es[type] ?? type,
};

const en: typeof es = {
  opened: (ref) => `Case ${ref} opened.`,
  assigned: (ref) => `Case ${ref} assigned.`,
  moved: (ref) => `Case ${ref} updated.`,
  noted: (ref) => `Internal note added to ${ref}.`,
  replied: (ref) => `Reply to ${ref} queued for the customer.`,
  repliedOnCase: (ref, channel) =>
    `Reply to ${ref} recorded on the case: the customer will see it in "${channel}"; the policy accepts no email.`,
  waiting: (ref) => `Case ${ref} is waiting for the customer: the SLA is paused.`,
  repliedWithoutPlaceholder: (ref, channel, placeholder) =>
    `Reply to ${ref} recorded on the case: the customer will see it in "${channel}"; the policy's email (${placeholder}) is a placeholder and is never used as a sender.`,
  waitNoMessage: 'No message: nothing is sent to the customer and no contact attempt counts.',
  waitQueued: (to) => `Message queued for ${to}; it counts as a contact attempt once delivered.`,
  waitRecorded: (channel, attempts, day) =>
    `Message recorded on the case: the customer will see it in "${channel}". Contact attempt ${attempts} (business day ${day}).`,
  waitSameDay: (channel, day) =>
    `Message recorded on the case: the customer will see it in "${channel}". It is not another contact attempt: business day ${day} already has one.`,
  prioritised: (ref) => `Priority of ${ref} changed; due times recomputed.`,
  escalated: (ref) => `Case ${ref} escalated.`,
  closed: (ref) => `Case ${ref} closed.`,
  cancelled: (ref) => `Case ${ref} cancelled.`,
  reopened: (ref) => `Case ${ref} reopened.`,
  reopenedAsNew: (from, ref) =>
    `The warranty of ${from} has passed: ${ref} was opened as billable consulting work, outside the plan's monthly quota; its hours (/case hours) are reported as billable.`,
  listTitle: (kind, n) =>
    `Cases (${asked('en', kind, n)}): ${n.pages > 1 ? `${n.shown} of ${n.total}, page ${n.page}/${n.pages}` : n.total}`,
  listEmpty: 'No cases.',
  noTargets: 'This priority has no SLA targets.',
  estimated: (ref, withdrewApproval) =>
    `Estimate of ${ref} recorded${withdrewApproval ? '; the approval of the earlier estimate no longer counts' : ''}.`,
  hoursLogged: (ref) => `Hours recorded on ${ref}.`,
  confirmed: (ref, kind, rejected) =>
    `The customer's ${rejected ? 'rejection' : 'confirmation'} recorded on their behalf on ${ref}: ${confirmationWords.en[kind] ?? kind}.`,
  closureAsked: (ref) =>
    `Asked the customer to confirm the closure of ${ref}: by email where a mailbox can send it, and the portal offers it.`,
  overridden: (ref) => `Case ${ref} moved without the customer's confirmation; the reason is in the audit.`,
  event: (type) => eventNames.en[type] ?? type,
};

export const resultWords = (locale: Locale) => (locale === 'en' ? en : es);
