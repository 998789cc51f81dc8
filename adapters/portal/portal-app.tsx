import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { LRUCache } from 'lru-cache';
import type { Caller, CaseDeps } from '../../src/app/cases/case-context.ts';
import { cancelByCustomer, confirmByCustomer } from '../../src/app/cases/customer-actions.ts';
import { addCustomerMessage, type MessageFile } from '../../src/app/cases/customer-message.ts';
import { reopenCase } from '../../src/app/cases/reopen-case.ts';
import { listPortalCases, type PortalInput, portalCase, portalIntakeInfo } from '../../src/app/portal/portal-cases.ts';
import { openPortalCase } from '../../src/app/portal/portal-intake.ts';
import { rateCase } from '../../src/app/portal/rate-case.ts';
import { redeemSignInLink, requestSignInLink, signOut } from '../../src/app/portal/sign-in.ts';
import type { TenantRecord } from '../../src/app/store.port.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../src/domain/case/attachment-limits.ts';
import { describeCaseError } from '../../src/domain/case/case-error.i18n.ts';
import type { CaseError } from '../../src/domain/case/case-error.ts';
import { CONFIRMATION_KINDS, type ConfirmationKind } from '../../src/domain/policy/policy.schema.ts';
import { dashboardPath, dashboardReturnPath } from '../manage/return-path.ts';
import { CaseListPage, type ListFilter } from './case-list-page.tsx';
import { CasePage } from './case-page.tsx';
import { NewCasePage, type NewCaseValues, OpenedPage } from './new-case-page.tsx';
import { frameFor, MessagePage, type PageFrame } from './portal-layout.tsx';
import { authenticateIn, clearSessionCookie, csrfMatches, type SignedIn, setSessionCookie } from './portal-session.ts';
import { RedeemPage, SignInPage } from './sign-in-pages.tsx';

// The customer portal at /portal/<tenant>/: server-rendered pages that work without JavaScript. Every state change is
// a POST carrying the session's CSRF token (and hono/csrf checks its Origin); every case is looked up through the
// signed-in contact, so another contact's or tenant's case is a 404 like a missing one.

export interface PortalOptions {
  deps: CaseDeps;
  log: { info(fields: Record<string, unknown>, message: string): void };
  onError?: (error: unknown, path: string) => void;
  /** PORTERO_PORTAL_DEV_LINKS: sign-in links are written to the log (development only). */
  devLinks: boolean;
  /** Starts the outbox relay at once after a change (the card in the agents' thread, the sign-in email). */
  wakeRelay?: () => void;
  /** Sign-in link requests one client may make in 15 minutes (kept in memory: per replica). */
  linksPerClient?: number;
}

const FORM_LIMIT = 64 * 1024;
const UPLOAD_LIMIT = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;
const css = readFileSync(new URL('./portal.css', import.meta.url), 'utf8');
const icon = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');

type Env = { Variables: { frame: PageFrame; signedIn: SignedIn | undefined; tenant: TenantRecord } };

// biome-ignore lint/suspicious/noExplicitAny: mounted into the server's app, whose Env differs
export function createPortalApp(options: PortalOptions): Hono<any> {
  const { deps } = options;
  const publicOrigin = new URL(deps.publicUrl).origin;
  // Per client: in memory, so each replica counts its own; the per-address limit is in the database (every replica).
  const clients = new LRUCache<string, number>({ max: 10_000, ttl: 15 * 60 * 1000 });
  const linksPerClient = options.linksPerClient ?? 20;
  const app = new Hono<Env>();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));
  app.get('/static/portal.css', (c) =>
    c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/favicon.svg', (c) =>
    c.body(icon, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }),
  );

  app.post('/:tenant/cases', bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLargeBare(c) }));
  app.post('/:tenant/cases/:ref/reply', bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLargeBare(c) }));
  app.post('/:tenant/*', async (c, next) => {
    if (c.req.path.endsWith('/cases') || c.req.path.endsWith('/reply')) return next();
    return bodyLimit({ maxSize: FORM_LIMIT, onError: (c) => tooLargeBare(c) })(c, next);
  });

  // The tenant of the path, and whoever is signed in to it.
  app.use('/:tenant/*', async (c, next) => {
    const tenantId = c.req.param('tenant');
    // The tenant and the session are read together (one wait on the database, no transaction: they are only read); a
    // session of another tenant is no one.
    const [tenant, signedIn] = await deps.store.read((repos) =>
      Promise.all([repos.tenants.get(tenantId), authenticateIn(c, deps, repos, tenantId)]),
    );
    const policy = tenant && deps.policies.policy(tenant.policyId);
    if (!tenant || !policy) return c.text('Not found', 404);
    const frame = frameFor({ id: tenant.id, name: policy.name }, policy);
    if (signedIn) {
      frame.person = signedIn.person;
      frame.csrf = signedIn.session.csrfToken;
    }
    c.set('frame', frame);
    c.set('signedIn', signedIn);
    c.set('tenant', tenant);
    c.header('cache-control', 'no-store');
    await next();
  });

  app.get('/:tenant', (c) => c.redirect(`${c.var.frame.base}`, 301));

  // ---- sign-in ----
  // `?next=` brings a manager back to the dashboard that sent them here; only a dashboard path of this tenant is kept.
  const nextOf = (c: Context<Env>) => dashboardReturnPath(c.var.frame.tenant.id, c.req.query('next'));
  app.get('/:tenant/sign-in', (c) => page(c, <SignInPage frame={c.var.frame} next={nextOf(c)} />));
  app.post('/:tenant/sign-in', async (c) => {
    const { frame } = c.var;
    const next = nextOf(c);
    const client = clientOf(c);
    const count = (clients.get(client) ?? 0) + 1;
    clients.set(client, count);
    if (count > linksPerClient) return page(c, <SignInPage frame={frame} error={frame.w.tooMany} next={next} />, 429);
    const body = await c.req.parseBody();
    const requested = await requestSignInLink(deps, {
      tenantId: frame.tenant.id,
      policy: frame.policy,
      email: typeof body.email === 'string' ? body.email : '',
      linkBase: `${deps.publicUrl}${frame.base}`,
      devLinks: options.devLinks,
      next,
    });
    if (requested.outcome === 'invalid_email')
      return page(c, <SignInPage frame={frame} error={frame.w.invalidEmail} next={next} />, 400);
    if (requested.link) {
      options.wakeRelay?.();
      if (options.devLinks)
        options.log.info(
          { tenant: frame.tenant.id, person: requested.link.person.id, url: requested.link.url },
          'portal sign-in link (PORTERO_PORTAL_DEV_LINKS)',
        );
    }
    return page(c, <SignInPage frame={frame} notice={frame.w.linkSent} next={next} />);
  });
  app.get('/:tenant/sign-in/:token', (c) =>
    page(c, <RedeemPage frame={c.var.frame} token={c.req.param('token')} next={nextOf(c)} />),
  );
  app.post('/:tenant/sign-in/:token', async (c) => {
    const { frame } = c.var;
    const redeemed = await redeemSignInLink(deps, c.req.param('token'));
    if (!redeemed.ok || redeemed.session.tenantId !== frame.tenant.id) {
      const reason = redeemed.ok ? 'unknown' : redeemed.reason;
      const message = { used: frame.w.linkUsed, expired: frame.w.linkExpired, unknown: frame.w.linkUnknown }[reason];
      return page(
        c,
        <MessagePage
          frame={frame}
          title={frame.w.signInTitle}
          message={message}
          link={{ href: `${frame.base}sign-in`, label: frame.w.askNewLink }}
        />,
        410,
      );
    }
    setSessionCookie(c, deps.publicUrl, redeemed.sessionId);
    const home = redeemed.session.person.kind === 'agent' ? (nextOf(c) ?? dashboardPath(frame.tenant.id)) : frame.base;
    return c.redirect(home, 303);
  });
  app.post('/:tenant/sign-out', async (c) => {
    const { signedIn, frame } = c.var;
    const body = await c.req.parseBody();
    if (signedIn && csrfMatches(signedIn.session, body._csrf)) await signOut(deps, signedIn.sessionId);
    clearSessionCookie(c, deps.publicUrl);
    return c.redirect(`${frame.base}sign-in`, 303);
  });

  // ---- everything below needs a signed-in contact ----
  app.use('/:tenant/*', async (c, next) => {
    const { signedIn, frame } = c.var;
    if (!signedIn) return c.redirect(`${frame.base}sign-in`, 303);
    if (signedIn.person.kind !== 'contact')
      return page(c, <MessagePage frame={frame} title={frame.w.portal} message={frame.w.agentsElsewhere} />, 403);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody({ all: true });
      if (!csrfMatches(signedIn.session, body._csrf))
        return page(c, <MessagePage frame={frame} title="403" message={frame.w.forbiddenCsrf} />, 403);
    }
    await next();
  });

  const caller = (c: Context<Env>): Caller => ({
    tenantId: c.var.frame.tenant.id,
    actor: { kind: 'contact', contactId: c.var.signedIn!.person.id },
    channel: 'portal',
  });
  /** The signed-in contact's read, with the tenant this request has read already. */
  const reading = (c: Context<Env>): PortalInput => ({
    deps,
    caller: caller(c),
    person: c.var.signedIn!.person,
    tenant: c.var.tenant,
  });
  const notFound = (c: Context<Env>) =>
    page(
      c,
      <MessagePage
        frame={c.var.frame}
        title="404"
        message={c.var.frame.w.notFound}
        link={{ href: c.var.frame.base, label: c.var.frame.w.back }}
      />,
      404,
    );
  /** An action not done: the reason, with the way back to the case. */
  const notDone = (c: Context<Env>, message: string, status: 400 | 404 | 409 | 413) =>
    page(
      c,
      <MessagePage
        frame={c.var.frame}
        title={c.var.frame.w.actions}
        message={message}
        link={{ href: c.req.path.replace(/\/[a-z]+$/, ''), label: c.var.frame.w.viewCase }}
      />,
      status,
    );
  const refused = (c: Context<Env>, error: CaseError, status: 400 | 404 | 409 = 409) =>
    error.code === 'case.not_found'
      ? notFound(c)
      : notDone(c, describeCaseError(error, c.var.frame.locale, c.var.frame.policy), status);

  app.get('/:tenant/', async (c) => {
    const { frame } = c.var;
    const state = c.req.query('state');
    const filter: ListFilter = state === 'closed' || state === 'all' ? state : 'open';
    // A page number that is not one (typed or cut short) is the first page, not an error.
    const asked = Number(c.req.query('page'));
    const listed = await listPortalCases({
      ...reading(c),
      open: filter === 'all' ? undefined : filter === 'open',
      page: Number.isSafeInteger(asked) && asked > 0 && asked <= 100_000 ? asked : 1,
    });
    if (!listed.ok) return refused(c, listed.error);
    return page(c, <CaseListPage frame={frame} list={listed.value} filter={filter} />);
  });

  app.get('/:tenant/cases/new', async (c) => {
    const info = await portalIntakeInfo(reading(c));
    if (!info.ok) return refused(c, info.error);
    return page(
      c,
      <NewCasePage
        frame={c.var.frame}
        phase={info.value.phase}
        quota={info.value.quota}
        closedCases={info.value.closedCases}
      />,
    );
  });
  app.post('/:tenant/cases', async (c) => {
    const { frame, signedIn } = c.var;
    const body = await c.req.parseBody({ all: true });
    const values: NewCaseValues = {
      title: field(body.title),
      description: field(body.description),
      type: field(body.type) || undefined,
      priority: field(body.priority) || undefined,
      about: field(body.about) || undefined,
    };
    const info = await portalIntakeInfo(reading(c));
    if (!info.ok) return refused(c, info.error);
    const form = (error: string | undefined, status: 200 | 400 | 409 | 413, billable?: string) =>
      page(
        c,
        <NewCasePage
          frame={frame}
          phase={info.value.phase}
          quota={info.value.quota}
          closedCases={info.value.closedCases}
          values={values}
          error={error}
          billable={billable}
        />,
        status,
      );
    const files = await uploads(body.files);
    if (files === 'too-many') return form(frame.w.tooManyFiles(MAX_ATTACHMENTS), 400);
    if (files === 'too-large') return form(frame.w.tooLarge(MAX_ATTACHMENT_BYTES / 1048576), 413);
    if (!values.title?.trim()) return form(frame.w.required(frame.w.title), 400);
    const opened = await openPortalCase({
      deps,
      caller: caller(c),
      customer: (await customerHandle(deps, frame.tenant.id, signedIn!.person.customerId!)) ?? '',
      title: values.title,
      description: values.description ?? '',
      ...(values.type && { type: values.type }),
      ...(values.priority && { priority: values.priority }),
      ...(values.about && { about: values.about, billable: field(body.billable) === 'yes' }),
      files,
    });
    if (!opened.ok) {
      const { code, params } = opened.error;
      // About a case past its warranty: nothing is opened until the customer has read that it is billable and accepts.
      if (code === 'case.billable_confirmation_required')
        return form(
          undefined,
          200,
          frame.w.billableNotice(String(params.ref), Number(params.days), String(params.until)),
        );
      if (code === 'case.about_within_warranty')
        return form(frame.w.withinWarranty(String(params.ref), String(params.until)), 409);
      return form(describeCaseError(opened.error, frame.locale, frame.policy), 409);
    }
    options.wakeRelay?.();
    return page(c, <OpenedPage frame={frame} record={opened.value.record} redacted={opened.value.redacted} />, 201);
  });

  // ---- one case ----
  const show = async (
    c: Context<Env>,
    notice?: string,
    billable?: string,
    replyError?: { message: string; status: 400 | 413 },
  ) => {
    const ref = caseRef(c.req.param('ref') ?? '');
    if (!ref) return notFound(c);
    const view = await portalCase({ ...reading(c), ref });
    if (!view.ok) return refused(c, view.error);
    return page(
      c,
      <CasePage
        frame={c.var.frame}
        view={view.value}
        notice={notice}
        billable={billable}
        replyError={replyError?.message}
      />,
      replyError?.status ?? 200,
    );
  };
  app.get('/:tenant/cases/:ref', (c) => show(c, c.req.query('done') ? c.var.frame.w.done : undefined));

  /** Checks the case is the contact's own (404 otherwise), runs the action, then back to the case page. */
  const action =
    (
      run: (
        c: Context<Env>,
        ref: { prefix: string; number: number },
        body: Record<string, unknown>,
      ) => Promise<{ ok: true; value?: unknown } | { ok: false; error: CaseError } | ActionRefusal>,
    ) =>
    async (c: Context<Env>) => {
      const ref = caseRef(c.req.param('ref') ?? '');
      if (!ref) return notFound(c);
      const view = await portalCase({ ...reading(c), ref });
      if (!view.ok) return refused(c, view.error);
      const body = await c.req.parseBody({ all: true });
      const outcome = await run(c, ref, body);
      if (!outcome.ok && 'message' in outcome)
        return outcome.atReplyBox
          ? show(c, undefined, undefined, outcome)
          : notDone(c, outcome.message, outcome.status);
      // A reopen past a warranty: the case page again, saying the work is billable, with the box to accept it.
      if (!outcome.ok && outcome.error.code === 'case.billable_confirmation_required') {
        const { ref: earlier, days, until } = outcome.error.params;
        return show(c, undefined, c.var.frame.w.billableNotice(String(earlier), Number(days), String(until)));
      }
      if (!outcome.ok) return refused(c, outcome.error);
      options.wakeRelay?.();
      const moved = (outcome.value as { kind?: string; case?: { ref: string } } | undefined)?.kind === 'new-request';
      const target = moved ? (outcome.value as { case: { ref: string } }).case.ref : view.value.record.ref;
      return c.redirect(`${c.var.frame.base}cases/${encodeURIComponent(target)}?done=1`, 303);
    };

  app.post(
    '/:tenant/cases/:ref/reply',
    action(async (c, ref, body) => {
      const files = await uploads(body.files);
      const w = c.var.frame.w;
      if (files === 'too-many') return { ok: false, message: w.tooManyFiles(MAX_ATTACHMENTS), status: 400 };
      if (files === 'too-large') return { ok: false, message: w.tooLarge(MAX_ATTACHMENT_BYTES / 1048576), status: 413 };
      // An empty box is the person's form error, named by the box's label: the form again, and no refusal on the case.
      if (!field(body.text).trim() && files.length === 0)
        return { ok: false, message: w.required(w.yourMessage), status: 400, atReplyBox: true };
      return addCustomerMessage({ deps, caller: caller(c), ref, text: field(body.text), files });
    }),
  );
  app.post(
    '/:tenant/cases/:ref/confirm',
    action((c, ref, body) => {
      const kind = field(body.kind) as ConfirmationKind;
      if (!CONFIRMATION_KINDS.includes(kind))
        return Promise.resolve({
          ok: false,
          error: { code: 'case.confirmation_not_asked', params: { kind, ref: '', state: '', asked: [] } },
        });
      return confirmByCustomer({
        deps,
        caller: caller(c),
        ref,
        kind,
        rejected: field(body.decision) === 'rejected',
        comment: field(body.comment),
      });
    }),
  );
  app.post(
    '/:tenant/cases/:ref/cancel',
    action((c, ref, body) => cancelByCustomer({ deps, caller: caller(c), ref, reason: field(body.reason) })),
  );
  app.post(
    '/:tenant/cases/:ref/reopen',
    action((c, ref, body) =>
      reopenCase({
        deps,
        caller: caller(c),
        ref,
        reason: field(body.reason),
        billable: field(body.billable) === 'yes',
      }),
    ),
  );
  app.post(
    '/:tenant/cases/:ref/rate',
    action((c, ref, body) =>
      rateCase({
        deps,
        caller: caller(c),
        person: c.var.signedIn!.person,
        ref,
        score: Number(field(body.score)),
        comment: field(body.comment),
      }),
    ),
  );

  app.get('/:tenant/cases/:ref/attachments/:id', async (c) => {
    const ref = caseRef(c.req.param('ref'));
    if (!ref) return notFound(c);
    const view = await portalCase({ ...reading(c), ref });
    if (!view.ok) return refused(c, view.error);
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) return notFound(c);
    const file = await deps.store.transaction((repos) =>
      repos.attachments.get(c.var.frame.tenant.id, view.value.record.id, id),
    );
    if (!file) return notFound(c);
    // Always a download, never rendered: an uploaded HTML or SVG file cannot run in the portal's origin.
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
  });

  app.all('/:tenant/*', (c) => notFound(c));
  app.onError((error, c) => {
    // hono/csrf's refusal (a form posted from another origin) and the body limit answer as they are; the rest is a bug.
    if (error instanceof HTTPException) return error.getResponse();
    options.onError?.(error, c.req.path);
    return c.text('Internal error', 500);
  });
  return app;
}

function page(c: Context<Env>, body: unknown, status: 200 | 201 | 400 | 403 | 404 | 409 | 410 | 413 | 429 = 200) {
  return c.html(`<!doctype html>${String(body)}`, status);
}

/** An action refused by the portal itself (too many or too large files), in the reader's words. */
interface ActionRefusal {
  ok: false;
  message: string;
  status: 400 | 413;
  /** A form error of the reply box: the case page again, the message at the box. */
  atReplyBox?: boolean;
}

function tooLargeBare(c: Context) {
  return c.text('Request too large', 413, { connection: 'close' });
}

const field = (value: unknown) => (typeof value === 'string' ? value : '');

/** `ARCO-12` (the prefix is checked against the tenant's by findCase). */
function caseRef(text: string) {
  const match = /^([A-Za-z][A-Za-z0-9]{0,9})-(\d{1,9})$/.exec(text);
  return match ? { prefix: match[1]!.toUpperCase(), number: Number(match[2]) } : undefined;
}

function clientOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** The uploaded files, each within the cap; empty file inputs (nothing chosen) are skipped. */
async function uploads(value: unknown): Promise<MessageFile[] | 'too-many' | 'too-large'> {
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item): item is File =>
      typeof item === 'object' && item !== null && 'arrayBuffer' in item && (item as File).size > 0,
  );
  if (list.length > MAX_ATTACHMENTS) return 'too-many';
  if (list.some((file) => file.size > MAX_ATTACHMENT_BYTES)) return 'too-large';
  return Promise.all(
    list.map(async (file) => ({
      name: file.name.slice(0, 200) || 'file',
      contentType: file.type || 'application/octet-stream',
      content: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

async function customerHandle(deps: CaseDeps, tenantId: string, customerId: string) {
  return (await deps.store.transaction((repos) => repos.customers.byId(tenantId, customerId)))?.handle;
}
