import { type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { AgentCommand } from '../../domain/chat/command.types.ts';
import { textIn } from '../../domain/policy/localized-text.ts';
import { askConfirmation } from '../cases/ask-confirmation.ts';
import { findCases, showCase } from '../cases/case-queries.ts';
import { addNote, assignCase, escalateCase, replyToCustomer, setPriority } from '../cases/case-updates.ts';
import { confirmOnBehalf, estimateCase, logHours } from '../cases/estimate-cases.ts';
import {
  cancelCase,
  closeCase,
  moveCase,
  overrideMove,
  type WaitContact,
  waitForCustomer,
} from '../cases/lifecycle-cases.ts';
import { openCase } from '../cases/open-case.ts';
import { reopenCase } from '../cases/reopen-case.ts';
import { runAckCommand } from '../sla/acknowledge-breach.ts';
import { type AgentContext, changedCard, resolveAssignee } from './agent-context.ts';
import { caseCard, formatInstant, slaLines } from './case-card.ts';
import { caseDetail, historyPages } from './case-detail.ts';
import { resultWords } from './command-results.i18n.ts';
import { runDirectoryCommand } from './directory-commands.ts';

type Command<N extends AgentCommand['name']> = Extract<AgentCommand, { name: N }>;

/** What became of the message `wait` carried: queued, recorded on the case (counted or not), or none. */
function waitLine(context: AgentContext, contact: WaitContact): string {
  const w = resultWords(context.locale);
  if (contact.message === 'none') return w.waitNoMessage;
  if (contact.message === 'queued') return w.waitQueued(contact.to);
  const channel = textIn(contact.label, context.locale, context.locale);
  return contact.counted
    ? w.waitRecorded(channel, contact.attempts, contact.attempt.day)
    : w.waitSameDay(channel, contact.attempt.day);
}

/** Each agent command, one line to its use case and one to what the agent reads back. */
export async function runCaseCommand(context: AgentContext, command: AgentCommand): Promise<Outcome<ChatMessage>> {
  const { deps, caller } = context;
  const w = resultWords(context.locale);
  switch (command.name) {
    case 'new':
      return changedCard(context, await openCase({ deps, caller, ...newCaseInput(command) }), w.opened);
    case 'show':
      return showCard(context, command);
    case 'list':
      return listMessage(context, command);
    case 'assign':
      return changedCard(
        context,
        await assignCase({
          deps,
          caller,
          ref: command.ref,
          assignee: await resolveAssignee(context, command.assignee),
        }),
        w.assigned,
      );
    case 'move':
      return changedCard(context, await moveCase({ deps, caller, ref: command.ref, state: command.state }), w.moved);
    case 'note':
      return changedCard(context, await addNote({ deps, caller, ref: command.ref, text: command.text }), w.noted);
    case 'reply': {
      const replied = await replyToCustomer({ deps, caller, ref: command.ref, text: command.text });
      const reply = replied.ok ? replied.value.reply : undefined;
      return changedCard(context, replied, (ref) => {
        if (!reply || reply.via === 'email') return w.replied(ref);
        const channel = textIn(reply.label, context.locale, context.locale);
        return reply.skippedPlaceholder
          ? w.repliedWithoutPlaceholder(ref, channel, reply.skippedPlaceholder)
          : w.repliedOnCase(ref, channel);
      });
    }
    case 'wait': {
      const waited = await waitForCustomer({ deps, caller, ref: command.ref, text: command.text });
      const contact = waited.ok ? waited.value.contact : undefined;
      return changedCard(context, waited, (ref) => `${w.waiting(ref)} ${contact ? waitLine(context, contact) : ''}`);
    }
    case 'priority':
      return changedCard(
        context,
        await setPriority({ deps, caller, ref: command.ref, priority: command.priority }),
        w.prioritised,
      );
    case 'escalate':
      return changedCard(
        context,
        await escalateCase({ deps, caller, ref: command.ref, reason: command.reason }),
        w.escalated,
      );
    case 'close':
      return changedCard(
        context,
        await closeCase({ deps, caller, ref: command.ref, resolution: command.resolution }),
        w.closed,
      );
    case 'cancel':
      return changedCard(
        context,
        await cancelCase({ deps, caller, ref: command.ref, reason: command.reason }),
        w.cancelled,
      );
    case 'reopen': {
      const result = await reopenCase({
        deps,
        caller,
        ref: command.ref,
        reason: command.reason,
        billable: command.billable === true,
      });
      if (!result.ok) return result;
      const reopened = result.value;
      return changedCard(context, { ok: true, value: reopened.case }, (ref) =>
        reopened.kind === 'reopened' ? w.reopened(ref) : w.reopenedAsNew(reopened.from, ref),
      );
    }
    case 'sla':
      return slaMessage(context, command);
    case 'ack':
      return runAckCommand(context, command.ref);
    case 'estimate': {
      const estimated = await estimateCase({
        deps,
        caller,
        ref: command.ref,
        minutes: command.minutes,
        note: command.note,
      });
      return changedCard(context, estimated, (ref) =>
        w.estimated(ref, estimated.ok && estimated.value.withdrawnApproval),
      );
    }
    case 'hours':
      return changedCard(
        context,
        await logHours({ deps, caller, ref: command.ref, minutes: command.minutes, note: command.note }),
        w.hoursLogged,
      );
    case 'confirm':
      return changedCard(context, await confirmOnBehalf({ deps, caller, ...command }), (ref) =>
        w.confirmed(ref, command.kind, command.rejected),
      );
    case 'ask-close':
      return changedCard(
        context,
        await askConfirmation({ deps, caller, ref: command.ref, kind: 'closure', text: command.text }),
        w.closureAsked,
      );
    case 'override':
      return changedCard(
        context,
        await overrideMove({ deps, caller, ref: command.ref, state: command.state, reason: command.reason }),
        w.overridden,
      );
    case 'contact':
    case 'agent':
    case 'customer':
    case 'channel':
    case 'tenant':
      return runDirectoryCommand(context, command);
    case 'help':
      throw new Error('help is answered before the case commands');
  }
}

function newCaseInput(command: Command<'new'>) {
  // A multi-line title: the first line is the title, the rest the description.
  const [title = '', ...rest] = command.title.split('\n');
  return { customer: command.customer, priority: command.priority, title, description: rest.join('\n') };
}

async function showCard(context: AgentContext, command: Command<'show'>): Promise<Outcome<ChatMessage>> {
  const view = await showCase({ deps: context.deps, caller: context.caller, ref: command.ref });
  if (!view.ok) return view;
  const ref = view.value.record.ref;
  // A page past the last is said, not quietly replaced by the last one: the agent asked for something else.
  const pages = historyPages(view.value.events.length);
  if (command.page && command.page > pages) return refuse('case.no_such_page', { ref, page: command.page, pages });
  const { pages: _, ...message } = caseDetail(view.value, {
    locale: context.locale,
    zone: context.zone,
    policy: context.policy,
    ...(command.page && { page: command.page }),
    pageCommand: (page) => context.historyPageCommand?.(ref, page) ?? `${context.prefix} show ${ref} page ${page}`,
  });
  return { ok: true, value: message };
}

async function listMessage(context: AgentContext, command: Command<'list'>): Promise<Outcome<ChatMessage>> {
  const w = resultWords(context.locale);
  const kind = command.filter ?? 'open';
  const listed = await findCases({
    deps: context.deps,
    caller: context.caller,
    kind,
    ...(command.terms && { terms: command.terms }),
    ...(command.search && { search: command.search }),
    ...(command.page && { page: command.page }),
  });
  if (!listed.ok) return listed;
  const { cases, total, page, pages, criteria, search } = listed.value;
  const lines = cases.map((c) => {
    const due = c.sla.find((clock) => clock.status !== 'met' && clock.dueAt)?.dueAt;
    const dueText = due ? ` · ${formatInstant(due, context.zone, context.locale)}` : '';
    return `${c.ref} · ${c.priority.label} · ${c.state.label} · ${c.assignee ?? '—'}${dueText} · ${c.title}`;
  });
  const title = w.listTitle(kind, { shown: cases.length, total, page, pages, criteria, search });
  return {
    ok: true,
    value: {
      text: [title, ...(lines.length ? lines : [w.listEmpty])].join('\n'),
      title,
      notes: lines,
      visibility: 'private',
    },
  };
}

async function slaMessage(context: AgentContext, command: Command<'sla'>): Promise<Outcome<ChatMessage>> {
  const view = await showCase({ deps: context.deps, caller: context.caller, ref: command.ref });
  if (!view.ok) return view;
  const snapshot = view.value.snapshot;
  const lines = slaLines(snapshot, context.zone, context.locale);
  const title = `SLA ${snapshot.ref} · ${snapshot.priority.label}`;
  const text = [title, ...(lines.length ? lines : [resultWords(context.locale).noTargets])].join('\n');
  return { ok: true, value: { ...caseCard(snapshot, { locale: context.locale, zone: context.zone }), text, title } };
}
