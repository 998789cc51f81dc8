import { DateTime } from 'luxon';
import { confirmationWords } from '../../domain/case/case-error.i18n.ts';
import { hoursNumber } from '../../domain/case/hours-text.ts';
import type { ChatMessage, MessageAction } from '../../domain/chat/chat-message.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { CaseSnapshot } from '../cases/case-snapshot.ts';

// A case as a card: the same fields on Slack, Teams and the console, each rendering it its own way.

const words = {
  es: {
    customer: 'Cliente',
    openedBy: 'Por correo de',
    priority: 'Prioridad',
    state: 'Estado',
    assignee: 'Asignado a',
    unassigned: 'sin asignar',
    firstResponse: 'Primera respuesta',
    nextUpdate: 'Próxima actualización',
    resolution: 'Resolución',
    assignMe: 'Asignarme',
    close: 'Cerrar',
    closePrompt: 'Resolución del caso',
    moveTo: 'Pasar a',
    estimate: 'Estimación',
    spent: 'Horas dedicadas',
    ofEstimate: 'de',
    confirmation: {
      approval: 'Aprobación de la estimación',
      qa: 'Validación de QA',
      prd: 'Validación en PRD',
      closure: 'Confirmación de cierre',
      acceptance: 'Aceptación del cliente',
    } as Record<string, string>,
    pending: 'Pendiente del cliente',
    about: 'Sobre el caso',
    billable: 'facturable (consultoría, fuera del cupo)',
    decisions: { given: 'dada', rejected: 'rechazada' },
    via: {
      on_behalf: 'registrada por un agente a su nombre',
      silence: 'por silencio',
      portal: 'portal',
      email: 'correo',
    },
    status: {
      met: 'cumplido',
      paused: 'en pausa',
      running: 'en plazo',
      warning: 'en riesgo',
      breached: 'incumplido',
      unmet: 'no cumplido',
    },
    due: 'vence',
    possiblyRelated: 'Posiblemente relacionado con',
    flags: {
      language: 'idioma distinto del requerido',
      urgent: 'urgente',
      'next-sprint': 'siguiente sprint',
    } as Record<string, string>,
  },
  en: {
    customer: 'Customer',
    openedBy: 'By email from',
    priority: 'Priority',
    state: 'State',
    assignee: 'Assignee',
    unassigned: 'unassigned',
    firstResponse: 'First response',
    nextUpdate: 'Next update',
    resolution: 'Resolution',
    assignMe: 'Assign to me',
    close: 'Close',
    closePrompt: 'Resolution of the case',
    moveTo: 'Move to',
    estimate: 'Estimate',
    spent: 'Hours spent',
    ofEstimate: 'of',
    confirmation: {
      approval: 'Estimate approval',
      qa: 'QA validation',
      prd: 'PRD validation',
      closure: 'Closure confirmation',
      acceptance: 'Customer acceptance',
    } as Record<string, string>,
    pending: 'Awaiting the customer',
    about: 'About case',
    billable: 'billable (consulting, outside the quota)',
    decisions: { given: 'given', rejected: 'rejected' },
    via: { on_behalf: 'recorded by an agent on their behalf', silence: 'by silence', portal: 'portal', email: 'email' },
    status: {
      met: 'met',
      paused: 'paused',
      running: 'on time',
      warning: 'at risk',
      breached: 'breached',
      unmet: 'not met',
    },
    due: 'due',
    possiblyRelated: 'Possibly related to',
    flags: { language: 'not in the required language', urgent: 'urgent', 'next-sprint': 'next sprint' } as Record<
      string,
      string
    >,
  },
};

export const cardWords = (locale: Locale) => words[locale];

export function formatInstant(iso: string, zone: string, locale: Locale): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat('ccc d LLL HH:mm');
}

/** The earlier case, the estimate, the hours spent and the customer's confirmations: only on cases that have any. */
export function approvalFields(snapshot: CaseSnapshot, zone: string, locale: Locale) {
  const w = words[locale];
  const kinds = confirmationWords[locale];
  const hours = (minutes: number) => `${hoursNumber(minutes, locale)} h`;
  const { estimate, minutesSpent } = snapshot;
  const percent = estimate && minutesSpent ? ` (${Math.round((minutesSpent / estimate.minutes) * 100)} %)` : '';
  return [
    ...(snapshot.about
      ? [{ label: w.about, value: snapshot.billable ? `${snapshot.about} · ${w.billable}` : snapshot.about }]
      : []),
    ...(estimate
      ? [{ label: w.estimate, value: `${hours(estimate.minutes)}${estimate.note ? ` · ${estimate.note}` : ''}` }]
      : []),
    ...(minutesSpent || estimate
      ? [
          {
            label: w.spent,
            value: `${hours(minutesSpent)}${estimate ? ` ${w.ofEstimate} ${hours(estimate.minutes)}${percent}` : ''}`,
          },
        ]
      : []),
    ...snapshot.confirmations.map((c) => ({
      label: w.confirmation[c.kind] ?? c.kind,
      value: `${w.decisions[c.decision]}, ${w.via[c.via as 'on_behalf'] ?? c.via}, ${formatInstant(c.at, zone, locale)}`,
    })),
    ...(snapshot.pendingConfirmations.length
      ? [{ label: w.pending, value: snapshot.pendingConfirmations.map((kind) => kinds[kind] ?? kind).join(', ') }]
      : []),
  ];
}

export function slaLines(snapshot: CaseSnapshot, zone: string, locale: Locale): string[] {
  const w = words[locale];
  return snapshot.sla.map((clock) => {
    const due = clock.dueAt ? `, ${w.due} ${formatInstant(clock.dueAt, zone, locale)}` : '';
    return `${w[clock.target as 'firstResponse']}: ${w.status[clock.status]}${due}`;
  });
}

export function caseCard(
  snapshot: CaseSnapshot,
  options: { locale: Locale; zone: string; headline?: string; notes?: string[] },
) {
  const { locale, zone } = options;
  const w = words[locale];
  const fields = [
    { label: w.customer, value: snapshot.customer },
    ...(snapshot.emailSender ? [{ label: w.openedBy, value: snapshot.emailSender }] : []),
    ...(snapshot.possiblyRelated ? [{ label: w.possiblyRelated, value: snapshot.possiblyRelated }] : []),
    { label: w.priority, value: snapshot.priority.label },
    { label: w.state, value: snapshot.state.label },
    { label: w.assignee, value: snapshot.assignee ?? w.unassigned },
    ...snapshot.sla.map((clock, i) => ({
      label: w[clock.target as 'firstResponse'],
      value: slaLines(snapshot, zone, locale)[i]!.split(': ').slice(1).join(': '),
    })),
    ...approvalFields(snapshot, zone, locale),
  ];
  const flags = snapshot.flags.map((flag) => w.flags[flag] ?? flag);
  const actions: MessageAction[] = snapshot.isOpen
    ? [
        { kind: 'command', label: w.assignMe, command: `assign ${snapshot.ref} me`, style: 'primary' },
        ...snapshot.nextStates
          .filter((state) => state.kind !== 'closed' && state.kind !== 'cancelled')
          .map(
            (state): MessageAction => ({
              kind: 'command',
              label: `${w.moveTo} ${state.label}`,
              command: `move ${snapshot.ref} ${state.id}`,
            }),
          ),
        ...(snapshot.nextStates.some((state) => state.kind === 'closed')
          ? [
              {
                kind: 'prompt',
                label: w.close,
                command: `close ${snapshot.ref}`,
                prompt: w.closePrompt,
              } as MessageAction,
            ]
          : []),
      ]
    : [];
  const title = `${snapshot.ref} · ${snapshot.title}`;
  const notes = [...(flags.length ? [`⚑ ${flags.join(' · ')}`] : []), ...(options.notes ?? [])];
  const text = [
    ...(options.headline ? [options.headline] : []),
    title,
    ...fields.map((field) => `${field.label}: ${field.value}`),
    ...notes,
  ].join('\n');
  const message: ChatMessage = { text, title, fields, notes, actions, visibility: 'private', caseRef: snapshot.ref };
  return message;
}
