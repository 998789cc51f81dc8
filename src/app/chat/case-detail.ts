import { confirmationWords, describeCaseError } from '../../domain/case/case-error.i18n.ts';
import type { CaseError, CaseErrorCode } from '../../domain/case/case-error.ts';
import { hoursNumber } from '../../domain/case/hours-text.ts';
import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { CaseView } from '../cases/case-queries.ts';
import { caseCard, formatInstant } from './case-card.ts';
import { resultWords } from './command-results.i18n.ts';

// `case show`: the whole case. The card's fields, then what the card leaves out (description, type, the channel it
// came in by, reporter and followers, plan and phase, its times, redaction) and its history, a page at a time, latest first, each
// event in words (a refusal says why, in the reader's language).

export const HISTORY_PAGE = 10;

/** How many pages a history of `events` events takes (one, even when empty). */
export const historyPages = (events: number) => Math.max(1, Math.ceil(events / HISTORY_PAGE));

const words = {
  es: {
    type: 'Tipo',
    channel: 'Entró por',
    reporter: 'Reporta',
    followers: 'En copia',
    plan: 'Plan',
    phases: { production: 'producción', implementation: 'implantación' } as Record<string, string>,
    opened: 'Abierto',
    updated: 'Actualizado',
    closed: 'Cerrado',
    description: 'Descripción',
    redacted: 'se ocultaron datos secretos',
    bouncing: (since: string) => `⚠ su correo rebota desde ${since}: la nota de rebote dice por qué`,
    history: (page: number, pages: number) => `Historia (página ${page}/${pages}, lo último primero):`,
    more: (command: string) => `Más: ${command}`,
    older: (page: number, pages: number) => `Más antiguo (página ${page}/${pages})`,
    system: 'Portero',
    given: 'dada',
    rejected: 'rechazada',
    via: { portal: 'portal', email: 'correo', on_behalf: 'registrada a su nombre' } as Record<string, string>,
  },
  en: {
    type: 'Type',
    channel: 'Came in by',
    reporter: 'Reporter',
    followers: 'Followers',
    plan: 'Plan',
    phases: { production: 'production', implementation: 'implementation' } as Record<string, string>,
    opened: 'Opened',
    updated: 'Updated',
    closed: 'Closed',
    description: 'Description',
    redacted: 'secrets were redacted',
    bouncing: (since: string) => `⚠ mail to it bounces since ${since}: the bounce note says why`,
    history: (page: number, pages: number) => `History (page ${page}/${pages}, latest first):`,
    more: (command: string) => `More: ${command}`,
    older: (page: number, pages: number) => `Older (page ${page}/${pages})`,
    system: 'Portero',
    given: 'given',
    rejected: 'rejected',
    via: { portal: 'portal', email: 'email', on_behalf: 'recorded on their behalf' } as Record<string, string>,
  },
};

type Event = CaseView['events'][number];

/** One event in words: when, what, who, and its summary or, for a refusal, why. */
function eventLine(view: CaseView, event: Event, zone: string, locale: Locale, policy?: Policy): string {
  const w = words[locale];
  const { actor } = event;
  const id = actor.kind === 'agent' ? actor.agentId : actor.kind === 'contact' ? actor.contactId : undefined;
  const who = id ? (view.people[id] ?? id) : actor.kind === 'customer' ? actor.userId : w.system;
  const detail = eventDetail(event, locale, policy);
  const when = formatInstant(event.at.toISOString(), zone, locale);
  return `${when} · ${resultWords(locale).event(event.type)} · ${who}${detail ? `: ${detail}` : ''}`;
}

/**
 * What an event says, in the reader's language where its data allows (a refusal, a confirmation, hours), else its
 * stored summary: ids, names and the agents' own words, which need no translating.
 */
function eventDetail(event: Event, locale: Locale, policy?: Policy): string {
  const { data } = event;
  const text = (value: unknown) => (typeof value === 'string' && value ? `: ${value}` : '');
  const hours = (minutes: unknown) => `${hoursNumber(Number(minutes), locale)} h`;
  switch (event.type) {
    case 'refused':
      if (typeof data.code !== 'string') break;
      return describeCaseError(
        { code: data.code as CaseErrorCode, params: (data.params ?? {}) as CaseError['params'] },
        locale,
        policy,
      );
    case 'customer_confirmation': {
      const w = words[locale];
      const kind = String(data.kind);
      const decision = data.decision === 'rejected' ? w.rejected : w.given;
      return `${confirmationWords[locale][kind] ?? kind}: ${decision} (${w.via[String(data.via)] ?? String(data.via)})${text(data.reason)}`;
    }
    case 'estimated':
      if (typeof data.minutes !== 'number') break;
      return `${hours(data.minutes)}${text(data.note)}`;
    case 'hours_logged':
      if (typeof data.minutes !== 'number') break;
      return `+${hours(data.minutes)} (${hours(data.total)})${text(data.note)}`;
  }
  return typeof data.summary === 'string' ? data.summary : '';
}

export function caseDetail(
  view: CaseView,
  options: {
    locale: Locale;
    zone: string;
    page?: number;
    /** The line to type for another page (the chat's `/case show ITBX-4 page 2`, the CLI's `--page 2`). */
    pageCommand: (page: number) => string;
    /** The tenant's policy: a refusal in the history names states by its labels. */
    policy?: Policy | undefined;
  },
): ChatMessage & { pages: number } {
  const { locale, zone } = options;
  const w = words[locale];
  const { record, snapshot, customer, reporter, followers } = view;
  const at = (date: Date) => formatInstant(date.toISOString(), zone, locale);
  // An address that bounces is said where the agent reads who gets the case's mail.
  const person = (contact: { name: string; email: string | null; emailBouncingAt?: Date | null }) =>
    `${contact.name}${contact.email ? ` <${contact.email}>` : ''}${contact.emailBouncingAt ? ` (${w.bouncing(at(contact.emailBouncingAt))})` : ''}`;
  const redacted = view.events.some(
    (event) => Array.isArray(event.data.redactions) && event.data.redactions.length > 0,
  );
  const pages = historyPages(view.events.length);
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  const latestFirst = [...view.events].reverse();
  const history = latestFirst
    .slice((page - 1) * HISTORY_PAGE, page * HISTORY_PAGE)
    .map((event) => eventLine(view, event, zone, locale, options.policy));
  const card = caseCard(snapshot, {
    locale,
    zone,
    notes: [
      ...(redacted ? [`⚑ ${w.redacted}`] : []),
      ...(record.description ? [`${w.description}: ${record.description}`] : []),
      w.history(page, pages),
      ...history,
      ...(page < pages ? [w.more(options.pageCommand(page + 1))] : []),
    ],
  });
  // Earlier events a click away: the button runs `show <ref> page N` as whoever clicks it.
  const older =
    page < pages
      ? [{ kind: 'command' as const, label: w.older(page + 1, pages), command: `show ${record.ref} page ${page + 1}` }]
      : [];
  const extra = [
    { label: w.type, value: snapshot.type },
    { label: w.channel, value: record.openedVia },
    ...(reporter ? [{ label: w.reporter, value: person(reporter) }] : []),
    ...(followers.length > 0 ? [{ label: w.followers, value: followers.map(person).join(', ') }] : []),
    ...(customer
      ? [{ label: w.plan, value: `${customer.plan} · ${w.phases[customer.projectPhase] ?? customer.projectPhase}` }]
      : []),
    { label: w.opened, value: at(record.openedAt) },
    { label: w.updated, value: at(record.updatedAt) },
    ...(record.closedAt ? [{ label: w.closed, value: at(record.closedAt) }] : []),
  ];
  const fields = [...card.fields!, ...extra];
  const [title, ...rest] = card.text.split('\n');
  const cardFieldLines = card.fields!.length;
  const text = [
    title,
    ...rest.slice(0, cardFieldLines),
    ...extra.map((field) => `${field.label}: ${field.value}`),
    ...rest.slice(cardFieldLines),
  ].join('\n');
  return { ...card, fields, text, actions: [...(card.actions ?? []), ...older], pages };
}
