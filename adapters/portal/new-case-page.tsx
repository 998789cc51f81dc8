import type { CaseRecord } from '../../src/domain/case/case.types.ts';
import { acceptedChannelsFor } from '../../src/domain/chat/redirect.channels.ts';
import { describePolicyHours } from '../../src/domain/chat/support-hours.ts';
import { INPUT_LIMITS } from '../../src/domain/input/input-rules.ts';
import { textIn } from '../../src/domain/policy/localized-text.ts';
import { hoursStanding, isPlaceholder, knownTarget } from '../../src/domain/policy/policy.assumptions.ts';
import type { ProjectPhase } from '../../src/domain/policy/policy.schema.ts';
import { customerDeadline } from '../../src/domain/sla/customer-deadline.ts';
import { AttachmentsField, CsrfField, deadline, Layout, Notice, type PageFrame } from './portal-layout.tsx';

/** The values typed, kept when the form comes back with an error. */
export interface NewCaseValues {
  title?: string;
  description?: string;
  type?: string;
  priority?: string;
  about?: string;
}

/** Where this customer files cases, when it is not this portal (crosspoint365 in implementation: Azure DevOps). */
export function elsewhere(frame: PageFrame, phase: ProjectPhase) {
  const channels = acceptedChannelsFor(frame.policy, phase);
  return channels.some((channel) => channel.kind === 'portal' || channel.kind === 'form') ? undefined : channels;
}

/** The form, built from the policy: types where it defines several, priorities where they are described. */
export function NewCasePage({
  frame,
  phase,
  quota,
  closedCases = [],
  values = {},
  error,
  billable,
}: {
  frame: PageFrame;
  phase: ProjectPhase;
  quota: { used: number; limit: number } | null;
  /** The closed cases a request may name as the one it is about. */
  closedCases?: { ref: string; title: string }[];
  values?: NewCaseValues;
  error?: string | undefined;
  /** The request is about a case past its warranty: the customer is told it is billable and must accept it. */
  billable?: string | undefined;
}) {
  const { w, base, policy, locale } = frame;
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  const other = elsewhere(frame, phase);
  if (other) {
    return (
      <Layout frame={frame} title={w.newCase}>
        <h1>{w.newCase}</h1>
        {other.length === 0 ? (
          <Notice>{w.noNewCases}</Notice>
        ) : (
          other.map((channel) => (
            <Notice>
              {/* Only a customer in implementation is told so (crosspoint365); jd-services takes cases by email. */}
              {(phase === 'implementation' ? w.phaseRedirect : w.elsewhereRedirect)(label(channel.label))}{' '}
              {/* Never a placeholder (crosspoint365's Azure DevOps URL until the operator sets it), as in chat. */}
              {channel.url && knownTarget(channel) ? <a href={channel.url}>{channel.url}</a> : null}
              {channel.kind === 'email' && !channel.url && knownTarget(channel) ? knownTarget(channel) : null}
              {channel.kind === 'email' && policy.channels.routeEmailByPriority ? (
                <ul>
                  {policy.priorities
                    .filter((priority) => priority.intake && !isPlaceholder(priority.intake))
                    .map((priority) => (
                      <li>
                        {label(priority.label)}: {priority.intake}
                      </li>
                    ))}
                </ul>
              ) : null}
            </Notice>
          ))
        )}
      </Layout>
    );
  }
  const types = policy.caseTypes.filter((type) => !type.phases || type.phases.includes(phase));
  const choosePriority = policy.priorities.length > 1 && policy.priorities.some((p) => p.description);
  return (
    <Layout frame={frame} title={w.newCase}>
      <h1>{w.newCase}</h1>
      {quota ? <p class="quota">{w.quota(quota.used, quota.limit)}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form class="card" method="post" action={`${base}cases`} enctype="multipart/form-data">
        <CsrfField frame={frame} />
        <label for="title">{w.title}</label>
        <input id="title" name="title" type="text" required maxlength={INPUT_LIMITS.title} value={values.title ?? ''} />
        {types.length > 1 ? (
          <>
            <label for="type">{w.type}</label>
            <select id="type" name="type">
              {types.map((type) => (
                <option value={type.id} selected={values.type === type.id}>
                  {label(type.label)}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {choosePriority ? (
          <fieldset>
            <legend>{w.priority}</legend>
            {policy.priorities.map((priority) => (
              <div>
                <input
                  type="radio"
                  id={`priority-${priority.id}`}
                  name="priority"
                  value={priority.id}
                  checked={(values.priority ?? policy.defaultPriority) === priority.id}
                />{' '}
                <label for={`priority-${priority.id}`}>{label(priority.label)}</label>
                {priority.description ? <p class="hint">{label(priority.description)}</p> : null}
              </div>
            ))}
          </fieldset>
        ) : null}
        {closedCases.length > 0 ? (
          <>
            <label for="about">{w.about}</label>
            <select id="about" name="about">
              <option value="">{w.aboutNone}</option>
              {closedCases.map((earlier) => (
                <option value={earlier.ref} selected={values.about === earlier.ref}>
                  {earlier.ref} · {earlier.title}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {billable ? (
          <div class="card" id="billable-notice">
            <Notice>{billable}</Notice>
            <input type="checkbox" id="billable" name="billable" value="yes" required />{' '}
            <label for="billable">{w.billableAccept}</label>
          </div>
        ) : null}
        <label for="description">{w.description}</label>
        {policy.caseChecklist.length > 0 ? (
          <div class="hint" id="checklist">
            {w.whatToInclude}:
            <ul>
              {policy.caseChecklist.map((item) => (
                <li>{label(item)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <textarea
          id="description"
          name="description"
          maxlength={INPUT_LIMITS.text}
          aria-describedby="checklist secrets"
        >
          {values.description ?? ''}
        </textarea>
        <p class="hint" id="secrets">
          {w.secretsWarning}
        </p>
        <AttachmentsField frame={frame} id="files" />
        <button type="submit">{w.submit}</button>
      </form>
    </Layout>
  );
}

/** After submitting: the number, the support hours and when the first answer is due. */
export function OpenedPage({ frame, record, redacted }: { frame: PageFrame; record: CaseRecord; redacted: boolean }) {
  const { w, base, policy, locale } = frame;
  const priority = policy.priorities.find((p) => p.id === record.priority);
  const firstClock = record.sla.find((clock) => clock.target === 'firstResponse' && clock.dueAt !== undefined);
  const firstResponse = firstClock && customerDeadline(policy, record.priority, firstClock);
  const calendarId = priority?.calendar ?? policy.defaultCalendar;
  // Hours the seed does not state (an unconfirmed assumption) are never shown to customers as a fact.
  const hoursKnown = hoursStanding(policy.calendars[calendarId]) !== 'unknown';
  return (
    <Layout frame={frame} title={w.opened(record.ref)}>
      <h1>{w.opened(record.ref)}</h1>
      {redacted ? <Notice kind="error">{w.redacted}</Notice> : null}
      <div class="card">
        {hoursKnown ? <p>{w.openedHours(describePolicyHours(policy, locale, calendarId))}</p> : null}
        {firstResponse ? <p>{w.openedFirstResponse(deadline(frame, firstResponse))}</p> : null}
        <a class="button" href={`${base}cases/${encodeURIComponent(record.ref)}`}>
          {w.viewCase}
        </a>
      </div>
    </Layout>
  );
}
