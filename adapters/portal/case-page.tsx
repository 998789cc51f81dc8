import type { PortalCaseView } from '../../src/app/portal/portal-cases.ts';
import type { CaseEventInput } from '../../src/domain/case/case.types.ts';
import { hoursNumber } from '../../src/domain/case/hours-text.ts';
import { stateOf } from '../../src/domain/case/lifecycle.ts';
import { INPUT_LIMITS } from '../../src/domain/input/input-rules.ts';
import { textIn } from '../../src/domain/policy/localized-text.ts';
import { customerDeadline } from '../../src/domain/sla/customer-deadline.ts';
import { AttachmentsField, CsrfField, deadline, Layout, Notice, type PageFrame, shortWhen } from './portal-layout.tsx';

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** One case as its customer sees it: facts, commitments, public history, files, what they may do, the reply box. */
export function CasePage({
  frame,
  view,
  notice,
  billable,
  replyError,
}: {
  frame: PageFrame;
  view: PortalCaseView;
  notice?: string | undefined;
  /** A reopen past the warranty: the notice that it is billable, answered by the box in the reopen form. */
  billable?: string | undefined;
  /** What is wrong with the reply just sent (an empty message), shown at the reply box. */
  replyError?: string | undefined;
}) {
  const { w, base, policy, locale } = frame;
  const { record } = view;
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  const stateLabel = (id: string) => {
    const state = stateOf(policy, id);
    return state ? label(state.label) : id;
  };
  const priority = policy.priorities.find((p) => p.id === record.priority);
  const type = policy.caseTypes.find((t) => t.id === record.type);
  const caseBase = `${base}cases/${encodeURIComponent(record.ref)}`;
  const openClocks = record.sla.filter((clock) => clock.dueAt !== undefined || clock.metAt !== undefined);
  return (
    <Layout frame={frame} title={`${record.ref} ${record.title}`}>
      <p>
        <a href={base}>{w.back}</a>
      </p>
      <h1>
        {record.ref} · {record.title}
      </h1>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <div class="card">
        <dl class="facts">
          <dt>{w.colState}</dt>
          <dd>{stateLabel(record.state)}</dd>
          <dt>{w.colPriority}</dt>
          <dd>{priority ? label(priority.label) : record.priority}</dd>
          <dt>{w.type}</dt>
          <dd>{type ? label(type.label) : record.type}</dd>
          <dt>{w.colUpdated}</dt>
          <dd>{shortWhen(frame, record.updatedAt)}</dd>
        </dl>
      </div>
      {record.isOpen && openClocks.length > 0 ? (
        <section aria-labelledby="sla">
          <h2 id="sla">{w.sla}</h2>
          <ul>
            {openClocks.map((clock) => {
              const due = customerDeadline(policy, record.priority, clock);
              return (
                <li>
                  {w.slaTargets[clock.target]}:{' '}
                  {clock.metAt !== undefined ? w.slaStatus.met : due ? deadline(frame, due) : w.slaStatus.paused}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <Actions frame={frame} view={view} caseBase={caseBase} billable={billable} />
      <section aria-labelledby="history">
        <h2 id="history">{w.history}</h2>
        <ol class="history">
          {view.events.map((event) => (
            <HistoryItem frame={frame} event={event} description={record.description} stateLabel={stateLabel} />
          ))}
        </ol>
      </section>
      {view.attachments.length > 0 ? (
        <section aria-labelledby="files">
          <h2 id="files">{w.attachments}</h2>
          <ul>
            {view.attachments.map((file) => (
              <li>
                <a href={`${caseBase}/attachments/${file.id}`}>{file.name}</a> ({Math.ceil(file.size / 1024)} KB,{' '}
                {w.download})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {record.isOpen ? (
        <section aria-labelledby="reply">
          <h2 id="reply">{w.reply}</h2>
          {replyError ? <Notice kind="error">{replyError}</Notice> : null}
          <form class="card" method="post" action={`${caseBase}/reply`} enctype="multipart/form-data">
            <CsrfField frame={frame} />
            <label for="text">{w.yourMessage}</label>
            <textarea
              id="text"
              name="text"
              maxlength={INPUT_LIMITS.text}
              aria-describedby="reply-secrets"
              aria-invalid={replyError ? 'true' : undefined}
            />
            <p class="hint" id="reply-secrets">
              {w.secretsWarning}
            </p>
            <AttachmentsField frame={frame} id="reply-files" />
            <button type="submit">{w.send}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function Actions({
  frame,
  view,
  caseBase,
  billable,
}: {
  frame: PageFrame;
  view: PortalCaseView;
  caseBase: string;
  billable?: string | undefined;
}) {
  const { w } = frame;
  if (view.actions.length === 0) return null;
  return (
    <section aria-labelledby="actions" class="actions">
      <h2 id="actions">{w.actions}</h2>
      {view.actions.map((action, index) => {
        switch (action.kind) {
          case 'confirm': {
            const [yes, no] = w.confirm[action.confirmation] ?? [action.confirmation, action.confirmation];
            return (
              <form class="card" method="post" action={`${caseBase}/confirm`}>
                <CsrfField frame={frame} />
                <input type="hidden" name="kind" value={action.confirmation} />
                <label for={`comment-${index}`}>{w.comment}</label>
                <input id={`comment-${index}`} name="comment" type="text" maxlength={1000} />
                <button type="submit" name="decision" value="given">
                  {yes}
                </button>{' '}
                <button type="submit" name="decision" value="rejected" class="secondary">
                  {no}
                </button>
              </form>
            );
          }
          case 'cancel':
            return (
              <form method="post" action={`${caseBase}/cancel`}>
                <CsrfField frame={frame} />
                <button type="submit" class="secondary">
                  {w.cancel}
                </button>
              </form>
            );
          case 'reopen':
            return (
              <form class="card" method="post" action={`${caseBase}/reopen`}>
                <CsrfField frame={frame} />
                <label for="reopen-reason">{w.reopenReason}</label>
                <input id="reopen-reason" name="reason" type="text" maxlength={1000} />
                {billable ? (
                  <div id="billable-notice">
                    <Notice>{billable}</Notice>
                    <input type="checkbox" id="billable" name="billable" value="yes" required />{' '}
                    <label for="billable">{w.billableAccept}</label>
                  </div>
                ) : null}
                <button type="submit">{w.reopen}</button>
              </form>
            );
          default:
            return view.rating ? (
              <p>{w.rated(view.rating.score)}</p>
            ) : (
              <form class="card" method="post" action={`${caseBase}/rate`}>
                <CsrfField frame={frame} />
                <fieldset>
                  <legend>{w.rating}</legend>
                  <p class="hint">{w.ratingScore}</p>
                  {[1, 2, 3, 4, 5].map((score) => (
                    <label>
                      <input type="radio" name="score" value={String(score)} required /> {score}
                    </label>
                  ))}
                </fieldset>
                <label for="rating-comment">{w.comment}</label>
                <textarea id="rating-comment" name="comment" maxlength={1000} />
                <button type="submit">{w.rate}</button>
              </form>
            );
        }
      })}
    </section>
  );
}

function HistoryItem({
  frame,
  event,
  description,
  stateLabel,
}: {
  frame: PageFrame;
  event: CaseEventInput & { id: number };
  description: string;
  stateLabel: (id: string) => string;
}) {
  const { w } = frame;
  const data = event.data;
  const title = w.events[event.type] ?? event.type;
  const move = data.from && data.to ? `${stateLabel(str(data.from))} → ${stateLabel(str(data.to))}` : '';
  let text = '';
  switch (event.type) {
    case 'opened':
      text = description;
      break;
    case 'customer_message':
    case 'replied':
    case 'waiting':
    case 'closed':
    case 'cancelled':
      text = str(data.text);
      break;
    case 'confirmation_asked':
      text = str(data.text);
      break;
    case 'reopened':
      text = str(data.reason);
      break;
    case 'estimated':
      text = `${w.hours(hoursNumber(Number(data.minutes), frame.locale))}${data.note ? ` · ${str(data.note)}` : ''}`;
      break;
    case 'customer_confirmation': {
      const [given, rejected] = w.confirmed[str(data.kind)] ?? [str(data.kind), str(data.kind)];
      text = `${data.decision === 'rejected' ? rejected : given}${data.reason ? ` · ${str(data.reason)}` : ''}`;
      break;
    }
    case 'reopen_as_new_request':
      text = w.reopenedAsNew(str(data.newCase));
      break;
    case 'rated':
      text = `${String(data.score)}/5${data.comment ? ` · ${str(data.comment)}` : ''}`;
      break;
  }
  const files = Array.isArray(data.attachments)
    ? (data.attachments as { name?: unknown }[]).map((f) => str(f.name))
    : [];
  return (
    <li class={event.actor.kind === 'agent' ? 'agent' : undefined}>
      <div class="meta">
        {title}
        {move && event.type !== 'opened' ? ` · ${move}` : ''} ·{' '}
        <time datetime={event.at.toISOString()}>{shortWhen(frame, event.at)}</time>
      </div>
      {text ? <p class="text">{text}</p> : null}
      {files.length > 0 ? <p class="hint">{files.join(', ')}</p> : null}
    </li>
  );
}
