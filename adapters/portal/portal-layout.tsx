import type { Child } from 'hono/jsx';
import { LRUCache } from 'lru-cache';
import type { PortalPerson } from '../../src/app/portal/portal.port.ts';
import { type PortalWords, portalWords } from '../../src/app/portal/portal-words.i18n.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../src/domain/case/attachment-limits.ts';
import { hoursNumber } from '../../src/domain/case/hours-text.ts';
import type { Locale } from '../../src/domain/policy/localized-text.ts';
import type { Policy } from '../../src/domain/policy/policy.schema.ts';
import type { CustomerDeadline } from '../../src/domain/sla/customer-deadline.ts';

// The frame of every portal page: the tenant's name and logo, the person signed in, sign-out; hono/jsx escapes every
// value written into it, so customer text is always shown as text.

/** What every page knows: whose portal, in which language, for whom. */
export interface PageFrame {
  tenant: { id: string; name: string };
  policy: Policy;
  locale: Locale;
  w: PortalWords;
  /** `/portal/<tenant>/` */
  base: string;
  person?: PortalPerson | undefined;
  csrf?: string | undefined;
}

export function frameFor(tenant: PageFrame['tenant'], policy: Policy): PageFrame {
  const locale = policy.locale;
  return { tenant, policy, locale, w: portalWords[locale], base: `/portal/${encodeURIComponent(tenant.id)}/` };
}

// One Intl formatter per language and zone, reused: a list of 200 cases formats 400 instants per page. Its parts are
// kept per minute shown (the pages show no seconds): formatToParts costs about 10 µs, and a case page of 100 events
// asks for the same instants on every view.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatted = new LRUCache<string, Record<string, string>>({ max: 20_000 });

function partsOf(frame: PageFrame, at: Date): Record<string, string> {
  const key = `${frame.locale} ${frame.policy.timezone}`;
  const cacheKey = `${key} ${Math.floor(at.getTime() / 60_000)}`;
  const known = formatted.get(cacheKey);
  if (known) return known;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(frame.locale, {
      timeZone: frame.policy.timezone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  formatted.set(cacheKey, parts);
  return parts;
}

/** "lunes 7 de diciembre a las 12:00" / "Monday 7 December at 12:00", in the policy's zone. */
export function when(frame: PageFrame, at: Date): string {
  const p = partsOf(frame, at);
  return frame.locale === 'es'
    ? `${p.weekday} ${p.day} de ${p.month} a las ${p.hour}:${p.minute}`
    : `${p.weekday} ${p.day} ${p.month} at ${p.hour}:${p.minute}`;
}

/** A deadline as a customer reads it (customerDeadline decides which): "antes del lunes 7…" or "en un plazo de 2 horas hábiles". */
export function deadline(frame: PageFrame, due: CustomerDeadline): string {
  if ('at' in due) return frame.w.by(when(frame, due.at));
  return frame.w.within(hoursNumber(due.businessMinutes, frame.locale));
}

/** "7 dic 2026 12:00", in the policy's zone. */
export function shortWhen(frame: PageFrame, at: Date): string {
  const p = partsOf(frame, at);
  return `${p.day} ${p.month!.slice(0, 3)} ${p.year} ${p.hour}:${p.minute}`;
}

export function CsrfField({ frame }: { frame: PageFrame }) {
  return <input type="hidden" name="_csrf" value={frame.csrf ?? ''} />;
}

/** The files a form takes (the new case's, a reply's), with the size and count the server enforces. */
export function AttachmentsField({ frame, id }: { frame: PageFrame; id: string }) {
  const { w } = frame;
  return (
    <>
      <label for={id}>{w.attachments}</label>
      <input id={id} name="files" type="file" multiple aria-describedby={`${id}-hint`} />
      <p class="hint" id={`${id}-hint`}>
        {w.attachmentsHint(MAX_ATTACHMENT_BYTES / (1024 * 1024), MAX_ATTACHMENTS)}
      </p>
    </>
  );
}

export function Layout({ frame, title, children }: { frame: PageFrame; title: string; children?: Child }) {
  const { w, tenant, policy, person, base } = frame;
  return (
    <html lang={frame.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${tenant.name}`}</title>
        <link rel="stylesheet" href="/portal/static/portal.css" />
        <link rel="icon" href="/portal/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {w.skip}
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href={base}>
              {policy.logoUrl ? <img src={policy.logoUrl} alt="" /> : null}
              <span>
                {tenant.name} · {w.portal}
              </span>
            </a>
            {person ? (
              <nav aria-label={w.portal}>
                <a href={base}>{w.myCases}</a>
                <a href={`${base}cases/new`}>{w.newCase}</a>
                <span class="hint">{w.signedInAs(person.name)}</span>
                <form method="post" action={`${base}sign-out`}>
                  <CsrfField frame={frame} />
                  <button type="submit" class="link">
                    {w.signOut}
                  </button>
                </form>
              </nav>
            ) : null}
          </div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export function Notice({ kind, children }: { kind?: 'error' | 'ok'; children?: Child }) {
  return (
    <div class={`notice${kind ? ` ${kind}` : ''}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A page with a message only: a used link, a missing case, a refused form. */
export function MessagePage({
  frame,
  title,
  message,
  link,
}: {
  frame: PageFrame;
  title: string;
  message: string;
  link?: { href: string; label: string };
}) {
  return (
    <Layout frame={frame} title={title}>
      <h1>{title}</h1>
      <Notice kind="error">{message}</Notice>
      {link ? <a href={link.href}>{link.label}</a> : null}
    </Layout>
  );
}
