import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../../db/client.ts';
import { outbox } from '../../../db/schema/index.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { addNote, assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { estimateCase } from '../../../src/app/cases/estimate-cases.ts';
import { cancelCase, closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { Browser, ORIGIN, portalServer } from './portal-client.ts';

describe('the customer portal over HTTP', () => {
  const p = usePortero();

  async function setup(tenant = 'arcoirisapp', extra: Parameters<typeof p.customer>[2] = {}) {
    const agent = await p.agent(tenant, 'ana', { email: 'ana@support.test' });
    await p.customer(tenant, 'acme', extra);
    const luis = await p.contact(tenant, 'acme', 'luis', { name: 'Luis' });
    const logged: { url: string }[] = [];
    const app = portalServer(p.deps, logged);
    return { agent, luis, logged, app, asAgent: p.asAgent(tenant, agent) };
  }

  async function signIn(browser: Browser, logged: { url: string }[], tenant: string, email: string) {
    const asked = await browser.post(`/portal/${tenant}/sign-in`, { email }, { csrf: false });
    expect(asked.status).toBe(200);
    const path = new URL(logged.at(-1)!.url).pathname;
    expect((await browser.get(path)).status).toBe(200); // the landing page does not use the link up
    const redeemed = await browser.post(path, {}, { csrf: false });
    expect(redeemed.status).toBe(303);
    const location = redeemed.headers.get('location');
    await browser.get(location!); // the home page, with the session's CSRF token
    return { path, location };
  }

  const arcoirisMailbox = () => p.mailbox('arcoirisapp', 'soporte@arcoirisapp.co');

  it('signs a contact in with a single-use link sent by email, the same answer for an unknown address', async () => {
    const { app, logged } = await setup();
    await arcoirisMailbox();
    const browser = new Browser(app);
    const unknown = await browser.post('/portal/arcoirisapp/sign-in', { email: 'nadie@example.test' }, { csrf: false });
    const known = await browser.post('/portal/arcoirisapp/sign-in', { email: 'LUIS@example.test' }, { csrf: false });
    expect(unknown.status).toBe(200);
    expect(known.text_).toBe(unknown.text_);
    expect(logged).toHaveLength(1);
    // The email is queued from the tenant's address, the link in its body; the token itself is stored only hashed.
    const [mail] = await p.t.db.select().from(outbox).where(eq(outbox.kind, 'portal.sign_in'));
    const payload = mail!.payload as { to: string[]; body: string; from: string };
    expect(payload.to).toEqual(['luis@example.test']);
    expect(payload.body).toContain(logged[0]!.url);
    const token = logged[0]!.url.split('/').at(-1)!;
    const stored = await p.t.db.execute(sql`select token_hash from portal_sign_in_links`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(mail!.dedupKey)).not.toContain(token);

    const path = new URL(logged[0]!.url).pathname;
    const redeemed = await browser.post(path, {}, { csrf: false });
    expect(redeemed.status).toBe(303);
    expect(redeemed.headers.get('location')).toBe('/portal/arcoirisapp/');
    expect(redeemed.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(redeemed.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    const home = await browser.get('/portal/arcoirisapp/');
    expect(home.status).toBe(200);
    expect(home.text_).toContain('Ha entrado como Luis');

    const again = await new Browser(app).post(path, {}, { csrf: false });
    expect(again.status).toBe(410);
    expect(again.text_).toContain('Este enlace ya se usó');
  });

  it('gives a clear page for an expired or unknown link, and rate-limits per address and per client', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    await browser.post('/portal/arcoirisapp/sign-in', { email: 'luis@example.test' }, { csrf: false });
    p.clock.advance(16 * 60 * 1000);
    const expired = await browser.post(new URL(logged[0]!.url).pathname, {}, { csrf: false });
    expect(expired.status).toBe(410);
    expect(expired.text_).toContain('caducó');
    const unknown = await browser.post('/portal/arcoirisapp/sign-in/nope', {}, { csrf: false });
    expect(unknown.text_).toContain('no es válido');

    for (let i = 0; i < 3; i++)
      await browser.post('/portal/arcoirisapp/sign-in', { email: 'luis@example.test' }, { csrf: false });
    expect(logged).toHaveLength(4); // 1 + 3 in the new window
    const limited = await browser.post('/portal/arcoirisapp/sign-in', { email: 'luis@example.test' }, { csrf: false });
    expect(limited.status).toBe(200); // the same answer, but nothing sent
    expect(logged).toHaveLength(4);
    const perClient = await browser.post('/portal/arcoirisapp/sign-in', { email: 'x@example.test' }, { csrf: false });
    expect(perClient.status).toBe(429);
  });

  it('in development-links mode queues no sign-in email that no mailbox could send: the log has the link', async () => {
    const { app, logged } = await setup();
    await new Browser(app).post('/portal/arcoirisapp/sign-in', { email: 'luis@example.test' }, { csrf: false });
    expect(logged).toHaveLength(1);
    const signInMail = () => p.t.db.select().from(outbox).where(eq(outbox.kind, 'portal.sign_in'));
    expect(await signInMail()).toHaveLength(0);
    // Without development links the email is queued as ever (and dead-lettered naming the mailbox to add).
    await new Browser(portalServer(p.deps, [], false)).post(
      '/portal/arcoirisapp/sign-in',
      { email: 'luis@example.test' },
      { csrf: false },
    );
    expect(await signInMail()).toHaveLength(1);
    // With a mailbox that sends as the tenant's address, development links send the email too.
    await arcoirisMailbox();
    await new Browser(app).post('/portal/arcoirisapp/sign-in', { email: 'luis@example.test' }, { csrf: false });
    expect(logged).toHaveLength(2);
    expect(await signInMail()).toHaveLength(2);
  });

  it("sends the sign-in email from the From of the tenant's mailbox where the policy's address is a placeholder (oys)", async () => {
    const { app } = await setup('oys');
    // `portero mailbox add` takes only the policy's addresses: oys's is the placeholder, given a real From.
    await p.mailbox('oys', 'soporte@oys.invalid', { fromAddress: 'soporte@oys.example' });
    await new Browser(app).post('/portal/oys/sign-in', { email: 'luis@example.test' }, { csrf: false });
    const [mail] = await p.t.db.select().from(outbox).where(eq(outbox.kind, 'portal.sign_in'));
    expect((mail!.payload as { from: string }).from).toBe('soporte@oys.example');
  });

  it('refuses a sign-in request or a redemption from another origin', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    const forged = await browser.post(
      '/portal/arcoirisapp/sign-in',
      { email: 'luis@example.test' },
      { csrf: false, origin: 'https://evil.test' },
    );
    expect(forged.status).toBe(403);
    expect(logged).toHaveLength(0);
  });

  it('opens a case from the policy’s form, with its file; a pasted secret is redacted and the page says so', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const form = await browser.get('/portal/arcoirisapp/cases/new');
    expect(form.text_).toContain('Reporte de problema'); // the policy's request types
    expect(form.text_).toContain('Qué incluir en el caso');
    expect(form.text_).toContain('0 de 5 solicitudes usadas este mes'); // not yet: the plan is basic?
    const file = new File([new Uint8Array([1, 2, 3])], 'captura.png', { type: 'image/png' });
    const opened = await browser.post('/portal/arcoirisapp/cases', {
      title: 'No carga el inventario',
      description: 'Desde ayer. Mi clave es password: Hunter2!',
      type: 'problem',
      files: [file],
    });
    expect(opened.status).toBe(201);
    expect(opened.text_).toContain('Caso ARCO-1 abierto');
    expect(opened.text_).toContain('Hemos quitado del caso');
    expect(opened.text_).toContain('Le responderemos antes del');
    const page = await browser.get('/portal/arcoirisapp/cases/ARCO-1');
    expect(page.text_).toContain('captura.png');
    expect(page.text_).not.toContain('Hunter2');
    const [, href] = /href="([^"]+\/attachments\/[^"]+)"/.exec(page.text_)!;
    const download = await browser.get(href!);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''captura.png");
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    const list = await browser.get('/portal/arcoirisapp/');
    expect(list.text_).toContain('ARCO-1');
    expect(list.text_).toContain('1 de 5 solicitudes usadas este mes');
    expect(list.text_).toContain('le responderemos antes del');
  });

  it('oys: no deadline computed on the assumed hours is shown, only the target in business hours (issue 19 point 8)', async () => {
    const { app, logged, asAgent } = await setup('oys');
    const browser = new Browser(app);
    await signIn(browser, logged, 'oys', 'luis@example.test');
    const opened = await browser.post('/portal/oys/cases', {
      title: 'No carga el informe',
      description: 'Desde ayer por la tarde.',
      type: 'incident',
    });
    expect(opened.status).toBe(201);
    // media: firstResponse 9h of the `laboral` calendar, "assumption: unconfirmed".
    expect(opened.text_).toContain('Le responderemos en un plazo de 9 horas hábiles.');
    expect(opened.text_).not.toContain('antes del');
    const page = await browser.get('/portal/oys/cases/OYS-1');
    expect(page.text_).toContain('Primera respuesta: en un plazo de 9 horas hábiles');
    expect(page.text_).not.toContain('antes del');
    const list = await browser.get('/portal/oys/');
    expect(list.text_).toContain('le responderemos en un plazo de 9 horas hábiles');
    expect(list.text_).not.toContain('antes del');
    // Agents still see the instant computed on the calendar.
    const shown = p.ok(await showCase({ deps: p.deps, caller: asAgent, ref: { number: 1 } })).record;
    expect(shown.sla.find((clock) => clock.target === 'firstResponse')?.dueAt).toBeTypeOf('number');
  });

  it('refuses a reply with too many or too large files, saying which, and adds nothing to the case', async () => {
    const { app, logged, asAgent } = await setup();
    p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: 'Factura' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    await browser.get('/portal/arcoirisapp/cases/ARCO-1');
    const small = () => new File([new Uint8Array([1])], 'a.txt');
    const many = await browser.post('/portal/arcoirisapp/cases/ARCO-1/reply', {
      text: 'Van las capturas',
      files: Array.from({ length: 6 }, small),
    });
    expect(many.status).toBe(400);
    expect(many.text_).toContain('Se admiten como máximo 5 archivos.');
    const large = await browser.post('/portal/arcoirisapp/cases/ARCO-1/reply', {
      text: 'Va el registro',
      files: [new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'registro.log')],
    });
    expect(large.status).toBe(413);
    expect(large.text_).toContain('El archivo supera el máximo de 10 MB.');
    expect((await browser.get('/portal/arcoirisapp/cases/ARCO-1')).text_).not.toMatch(
      /Van las capturas|Va el registro/,
    );
  });

  it('an empty reply is a form error: 400, the case page again naming the box by its label, and no refusal recorded', async () => {
    const { app, logged, asAgent } = await setup();
    p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: 'Factura' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    await browser.get('/portal/arcoirisapp/cases/ARCO-1');
    const empty = await browser.post('/portal/arcoirisapp/cases/ARCO-1/reply', { text: '  \n ' });
    expect(empty.status).toBe(400);
    expect(empty.text_).toContain('Falta el campo «Su mensaje».');
    expect(empty.text_).not.toContain('«text»');
    expect(empty.text_).toContain('action="/portal/arcoirisapp/cases/ARCO-1/reply"');
    expect(empty.text_).toContain('aria-invalid="true"');
    const refusals = await p.t.db.execute(sql`select data from case_events where type = 'refused'`);
    expect(rows(refusals)).toEqual([]);
  });

  it('a refusal about the case’s state names the state by the policy’s label, not its id', async () => {
    const { app, logged, asAgent } = await setup('oys');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: 'Reporte' }),
    );
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref: { number: opened.number }, state: 'analisis' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'oys', 'luis@example.test');
    await browser.get(`/portal/oys/cases/${opened.ref}`);
    const reopen = await browser.post(`/portal/oys/cases/${opened.ref}/reopen`, { reason: 'otra vez' });
    expect(reopen.status).toBe(409);
    expect(reopen.text_).toContain(`El caso ${opened.ref} no está cerrado (Análisis)`);
    p.ok(await cancelCase({ deps: p.deps, caller: asAgent, ref: { number: opened.number }, reason: 'Duplicado' }));
    const confirm = await browser.post(`/portal/oys/cases/${opened.ref}/confirm`, {
      kind: 'closure',
      decision: 'given',
    });
    expect(confirm.status).toBe(409);
    expect(confirm.text_).toContain(`El caso ${opened.ref} ya está cerrado (Cancelado).`);
  });

  it('oys: the history tells the estimate in the reader’s numbers and the approval as the customer’s act', async () => {
    const { app, logged, asAgent } = await setup('oys');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: 'Reporte' }),
    );
    const ref = { number: opened.number };
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'analisis' }));
    p.ok(await estimateCase({ deps: p.deps, caller: asAgent, ref, minutes: 390 }));
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'aprobacion' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'oys', 'luis@example.test');
    const url = `/portal/oys/cases/${opened.ref}`;
    await browser.get(url);
    expect((await browser.post(`${url}/confirm`, { kind: 'approval', decision: 'given' })).status).toBe(303);
    const page = (await browser.get(url)).text_;
    expect(page).toContain('6,5 horas');
    expect(page).toContain('Estimación aprobada');
    expect(page).not.toContain('Aprobar la estimación: aceptado');
  });

  it('refuses a case over the monthly quota with the policy’s words, keeping what was typed', async () => {
    const { app, logged, asAgent } = await setup();
    for (let i = 0; i < 5; i++)
      p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: `Caso ${i}` }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const refused = await browser.post('/portal/arcoirisapp/cases', { title: 'Uno más', description: 'texto' });
    expect(refused.status).toBe(409);
    expect(refused.text_).toMatch(/5/);
    expect(refused.text_).toContain('value="Uno más"');
  });

  // Issue 19, point 4. Seed 003: "pasados los 8 días serán descontadas de las horas de consultoría o facturables".
  it('a new case about an earlier closed case: pointed to the reopen within the warranty; after it, opened only once the customer accepts it is billable', async () => {
    const { app, logged, asAgent, luis } = await setup();
    const earlier = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('arcoirisapp', luis), customer: 'acme', title: 'Factura' }),
    );
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref: { number: earlier.number }, state: 'en-progreso' }));
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref: { number: earlier.number }, resolution: 'Corregida' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const form = await browser.get('/portal/arcoirisapp/cases/new');
    expect(form.text_).toContain('Sobre un caso anterior (opcional)');
    expect(form.text_).toContain('<option value="ARCO-1">ARCO-1 · Factura</option>');

    const request = { title: 'La factura sale mal otra vez', description: 'El total', about: 'ARCO-1' };
    const within = await browser.post('/portal/arcoirisapp/cases', request);
    expect(within.status).toBe(409);
    expect(within.text_).toContain('El caso ARCO-1 sigue en garantía hasta el 2026-12-01: pida su reapertura');

    p.clock.advance(9 * 86_400_000);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test'); // the session did not last nine days
    const notice = await browser.post('/portal/arcoirisapp/cases', request);
    expect(notice.status).toBe(200);
    expect(notice.text_).toContain('Una nueva solicitud sobre él se atiende como consultoría facturable');
    expect(notice.text_).toContain('name="billable" value="yes" required');
    expect(notice.text_).toContain('value="La factura sale mal otra vez"');
    expect(notice.text_).toContain('<option value="ARCO-1" selected="">');
    expect(notice.text_).not.toContain('/case reopen'); // the agents' words are not the customer's

    const opened = await browser.post('/portal/arcoirisapp/cases', { ...request, billable: 'yes' });
    expect(opened.status).toBe(201);
    expect(opened.text_).toContain('Caso ARCO-2 abierto');
    const [row] = rows<{ billable: boolean; about_ref: string }>(
      await p.t.db.execute(sql`select billable, about_ref from cases where ref = 'ARCO-2'`),
    );
    expect(row).toEqual({ billable: true, about_ref: 'ARCO-1' });
  });

  it('shows the public history (agent replies, not internal notes), takes a reply and requires the CSRF token', async () => {
    const { app, logged, asAgent, luis } = await setup();
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('arcoirisapp', luis), customer: 'acme', title: 'Factura' }),
    );
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller: asAgent, ref, assignee: { kind: 'me' } }));
    p.ok(await addNote({ deps: p.deps, caller: asAgent, ref, text: 'nota interna secreta' }));
    p.ok(await replyToCustomer({ deps: p.deps, caller: asAgent, ref, text: 'Estamos revisando su factura' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const page = await browser.get(`/portal/arcoirisapp/cases/${opened.ref}`);
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Estamos revisando su factura');
    expect(page.text_).not.toContain('nota interna secreta');

    const missing = await browser.post(
      `/portal/arcoirisapp/cases/${opened.ref}/reply`,
      { text: 'hola' },
      { csrf: false },
    );
    expect(missing.status).toBe(403);
    const wrong = await browser.post(
      `/portal/arcoirisapp/cases/${opened.ref}/reply`,
      { text: 'hola' },
      { csrf: 'x'.repeat(43) },
    );
    expect(wrong.status).toBe(403);
    const replied = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/reply`, { text: 'Adjunto la factura' });
    expect(replied.status).toBe(303);
    const after = await browser.get(`/portal/arcoirisapp/cases/${opened.ref}`);
    expect(after.text_).toContain('Adjunto la factura');
    expect(after.text_.match(/Adjunto la factura/g)).toHaveLength(1);
  });

  it('shows XSS payloads as text and sends the security headers', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const payloads = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '<!channel> *bold* <@U123>',
      '{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"hi"}]}',
    ];
    await browser.post('/portal/arcoirisapp/cases', { title: payloads[0]!, description: payloads.join('\n') });
    const page = await browser.get('/portal/arcoirisapp/cases/ARCO-1');
    expect(page.text_).not.toContain('<script>alert');
    expect(page.text_).not.toContain('<img src=x');
    expect(page.text_).not.toContain('href="javascript:');
    expect(page.text_).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text_).toContain('&lt;!channel&gt;');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const css = await browser.get('/portal/static/portal.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('pages “my cases” 25 at a time with plain links that keep the open/closed filter', async () => {
    const { app, logged, asAgent } = await setup('itbx');
    for (let i = 1; i <= 55; i++)
      p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: `Caso ${i}` }));
    for (const number of [1, 2, 3])
      p.ok(await cancelCase({ deps: p.deps, caller: asAgent, ref: { number }, reason: 'Duplicado' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'itbx', 'luis@example.test');
    const numbers = (html: string) => [...html.matchAll(/>ITBX-(\d+)<\/a>/g)].map((match) => Number(match[1]));
    const link = (html: string, rel: 'prev' | 'next') =>
      new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1]?.replaceAll('&amp;', '&');

    const first = await browser.get('/portal/itbx/?state=open');
    expect(numbers(first.text_)).toEqual(range(55, 31));
    expect(link(first.text_, 'prev')).toBeUndefined();
    expect(link(first.text_, 'next')).toBe('/portal/itbx/?state=open&page=2');
    const second = await browser.get(link(first.text_, 'next')!);
    expect(second.text_).toContain('Página 2');
    expect(numbers(second.text_)).toEqual(range(30, 6));
    const third = await browser.get(link(second.text_, 'next')!);
    expect(numbers(third.text_)).toEqual([5, 4]); // 1–3 are closed: not in the open filter
    expect(link(third.text_, 'next')).toBeUndefined();
    expect(link(third.text_, 'prev')).toBe('/portal/itbx/?state=open&page=2');

    const all = await browser.get('/portal/itbx/?state=all&page=3');
    expect(numbers(all.text_)).toEqual(range(5, 1));
    expect(link(all.text_, 'prev')).toBe('/portal/itbx/?state=all&page=2');
    const closed = await browser.get('/portal/itbx/?state=closed');
    expect(numbers(closed.text_)).toEqual([3, 2, 1]);
    expect(closed.text_).not.toContain('rel="next"');
    // A page past the end is empty, and a page that is not a number is the first.
    expect((await browser.get('/portal/itbx/?state=open&page=9')).text_).toContain('No hay casos que mostrar');
    expect(numbers((await browser.get('/portal/itbx/?page=x')).text_)).toEqual(range(55, 31));
  });

  it('answers 404 for another contact’s case and for another tenant’s, and sends a stranger to sign in', async () => {
    const { app, logged, asAgent } = await setup();
    await p.contact('arcoirisapp', 'acme', 'marta');
    p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'marta', title: 'De Marta' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const other = await browser.get('/portal/arcoirisapp/cases/ARCO-1');
    expect(other.status).toBe(404);
    expect(other.text_).not.toContain('De Marta');
    expect((await browser.get('/portal/arcoirisapp/cases/ARCO-999')).status).toBe(404);
    expect((await browser.post('/portal/arcoirisapp/cases/ARCO-1/reply', { text: 'x' })).status).toBe(404);
    // The session is arcoirisapp's: in another tenant's portal nobody is signed in.
    const elsewhere = await browser.get('/portal/oys/');
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/portal/oys/sign-in');
    expect((await new Browser(app).get('/portal/arcoirisapp/')).headers.get('location')).toBe(
      '/portal/arcoirisapp/sign-in',
    );
    expect((await browser.get('/portal/nobody/')).status).toBe(404);

    // A colleague allowed to see the company's cases (`contact add --company-cases`) does.
    await p.contact('arcoirisapp', 'acme', 'jefa', { companyCases: true });
    const jefa = new Browser(app);
    await signIn(jefa, logged, 'arcoirisapp', 'jefa@example.test');
    expect((await jefa.get('/portal/arcoirisapp/')).text_).toContain('Casos de mi empresa');
    expect((await jefa.get('/portal/arcoirisapp/cases/ARCO-1')).status).toBe(200);
  });

  it('signs out', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const cookie = browser.cookie;
    const out = await browser.post('/portal/arcoirisapp/sign-out', {});
    expect(out.status).toBe(303);
    browser.cookie = cookie; // even the old cookie no longer works
    expect((await browser.get('/portal/arcoirisapp/')).status).toBe(303);
  });

  it('sends an agent who signs in to the managers’ dashboard', async () => {
    const { app, logged } = await setup();
    const browser = new Browser(app);
    const { location } = await signIn(browser, logged, 'arcoirisapp', 'ana@support.test');
    expect(location).toBe('/manage/arcoirisapp/');
    expect((await browser.get('/portal/arcoirisapp/')).status).toBe(403);
  });

  it('arcoirisapp: closed, then reopened within the warranty, then rated', async () => {
    const { app, logged, asAgent, luis } = await setup();
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('arcoirisapp', luis), customer: 'acme', title: 'Error' }),
    );
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller: asAgent, ref, assignee: { kind: 'me' } }));
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'en-progreso' }));
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Corregido' }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const page = await browser.get(`/portal/arcoirisapp/cases/${opened.ref}`);
    expect(page.text_).toContain('Pedir la reapertura');
    expect(page.text_).toContain('Corregido');
    const rated = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/rate`, {
      score: '4',
      comment: 'Rápido <b>bien</b>',
    });
    expect(rated.status).toBe(303);
    const after = await browser.get(`/portal/arcoirisapp/cases/${opened.ref}`);
    expect(after.text_).toContain('Su valoración: 4 de 5');
    const bad = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/rate`, { score: '9' });
    expect(bad.status).toBe(409);
    const reopened = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/reopen`, { reason: 'Volvió a pasar' });
    expect(reopened.status).toBe(303);
    const open = await browser.get(`/portal/arcoirisapp/cases/${opened.ref}`);
    expect(open.text_).toContain('Caso reabierto');
    expect(open.text_).toContain('Volvió a pasar');
  });

  it('arcoirisapp: a reopen after the warranty comes back saying it is billable, and goes through only with the box ticked', async () => {
    const { app, logged, asAgent, luis } = await setup();
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('arcoirisapp', luis), customer: 'acme', title: 'Error' }),
    );
    const ref = { number: opened.number };
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'en-progreso' }));
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Corregido' }));
    p.clock.advance(9 * 86_400_000);
    const browser = new Browser(app);
    await signIn(browser, logged, 'arcoirisapp', 'luis@example.test');
    const notice = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/reopen`, { reason: 'Otra vez' });
    expect(notice.status).toBe(200);
    expect(notice.text_).toContain('Una nueva solicitud sobre él se atiende como consultoría facturable');
    expect(notice.text_).toContain('name="billable" value="yes" required');
    expect(notice.text_).not.toContain('/case reopen');
    const accepted = await browser.post(`/portal/arcoirisapp/cases/${opened.ref}/reopen`, {
      reason: 'Otra vez',
      billable: 'yes',
    });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/portal/arcoirisapp/cases/ARCO-2?done=1');
  });

  it('oys: the customer approves the estimate, validates QA and PRD and confirms the closure; each reaches the agents', async () => {
    const { app, logged, asAgent, luis } = await setup('oys');
    await p.deps.store.transaction((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C1',
        tenantId: 'oys',
        purpose: 'agent',
        name: 'soporte',
      }),
    );
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('oys', luis), customer: 'acme', title: 'Reporte' }),
    );
    const ref = { number: opened.number };
    const browser = new Browser(app);
    await signIn(browser, logged, 'oys', 'luis@example.test');
    const url = `/portal/oys/cases/${opened.ref}`;
    const confirm = (kind: string, decision = 'given') =>
      browser.post(`${url}/confirm`, { kind, decision, comment: 'ok' });

    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'analisis' }));
    // Análisis asks the closure only once an agent does ("de no ser viable, se solicita cierre"): not offered yet.
    expect((await browser.get(url)).text_).not.toContain('Confirmar el cierre');
    expect((await confirm('closure')).status).toBe(409);
    p.ok(await estimateCase({ deps: p.deps, caller: asAgent, ref, minutes: 480 }));
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'aprobacion' }));
    expect((await browser.get(url)).text_).toContain('Aprobar la estimación');
    expect((await confirm('qa')).status).toBe(409); // not asked now
    expect((await confirm('approval')).status).toBe(303);
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'desarrollo' }));
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'qa' }));
    expect((await confirm('qa')).status).toBe(303);
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'produccion' }));
    expect((await confirm('prd')).status).toBe(303);
    expect((await confirm('closure')).status).toBe(303);
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Entregado' }));

    const page = await browser.get(url);
    expect(page.text_).toContain('Cerrado');
    const events = await p.t.db.execute(
      sql`select data from case_events where type = 'customer_confirmation' order by id`,
    );
    expect(
      rows<{ data: { kind: string; via: string; channel: string } }>(events).map((row) => [
        row.data.kind,
        row.data.via,
        row.data.channel,
      ]),
    ).toEqual([
      ['approval', 'portal', 'portal'],
      ['qa', 'portal', 'portal'],
      ['prd', 'portal', 'portal'],
      ['closure', 'portal', 'portal'],
    ]);
    // Each confirmation queued the case's card for the agents' channel (its Slack thread).
    const updates = await p.t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantId, 'oys'), eq(outbox.target, 'slack')));
    expect(updates.length).toBeGreaterThanOrEqual(4 + 6);
  });

  it('itbx: the customer validates the solution in PRUEBAS, which lets the agent close it', async () => {
    const { app, logged, asAgent, luis } = await setup('itbx');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'Campaña' }),
    );
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller: asAgent, ref, assignee: { kind: 'me' } }));
    for (const state of ['analisis', 'solucion', 'pruebas'])
      p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state }));
    const browser = new Browser(app);
    await signIn(browser, logged, 'itbx', 'luis@example.test');
    const url = `/portal/itbx/cases/${opened.ref}`;
    expect((await browser.get(url)).text_).toContain('Validar la solución');
    expect((await browser.post(`${url}/confirm`, { kind: 'acceptance', decision: 'given' })).status).toBe(303);
    const after = (await browser.get(url)).text_;
    expect(after).not.toContain('name="kind" value="acceptance"'); // asked no more
    expect(after).toContain('Solución validada');
    expect(after).not.toContain('Validar la solución: aceptado');
    expect(p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'cerrada' })).state).toBe('cerrada');
  });

  it('crosspoint365: the customer cancels an open case; a customer in implementation is sent to Azure DevOps', async () => {
    const { app, logged, luis } = await setup('crosspoint365');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('crosspoint365', luis), customer: 'acme', title: 'Consulta' }),
    );
    const browser = new Browser(app);
    await signIn(browser, logged, 'crosspoint365', 'luis@example.test');
    const url = `/portal/crosspoint365/cases/${opened.ref}`;
    expect((await browser.get(url)).text_).toContain('Cancelar el caso');
    expect((await browser.post(`${url}/cancel`, {})).status).toBe(303);
    expect((await browser.get(url)).text_).toContain('Caso cancelado');

    await p.customer('crosspoint365', 'build', { projectPhase: 'implementation' });
    await p.contact('crosspoint365', 'build', 'eva');
    const eva = new Browser(app);
    await signIn(eva, logged, 'crosspoint365', 'eva@example.test');
    const form = await eva.get('/portal/crosspoint365/cases/new');
    expect(form.text_).toContain('Azure DevOps');
    expect(form.text_).not.toContain('name="title"');
    // The preset's URL is a placeholder until the operator sets it: never shown to a customer, as in chat.
    expect(form.text_).not.toContain('.invalid');
  });

  it('jd-services, which takes cases by email: the new-case page gives the address of each priority, without claiming an implementation', async () => {
    const { app, logged } = await setup('jd-services');
    const browser = new Browser(app);
    await signIn(browser, logged, 'jd-services', 'luis@example.test');
    const form = await browser.get('/portal/jd-services/cases/new');
    expect(form.text_).toContain('Los casos no se abren en este portal');
    expect(form.text_).not.toContain('implantación');
    expect(form.text_).toContain('soporte-a@jd-services.eu');
    expect(form.text_).not.toContain('name="title"');
  });

  it('writes its pages in the policy’s language, every input labelled', async () => {
    const { app } = await setup();
    const page = await new Browser(app).get('/portal/arcoirisapp/sign-in');
    expect(page.text_).toContain('lang="es"');
    expect(page.text_).toContain('<label for="email">Correo electrónico</label>');
  });

  it('keeps the request size bounded', async () => {
    const { app } = await setup();
    const big = await app.request(`${ORIGIN}/portal/arcoirisapp/sign-in`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${'a'.repeat(100_000)}`,
    });
    expect(big.status).toBe(413);
  });
});

/** `from` down to `to`, inclusive. */
function range(from: number, to: number): number[] {
  return Array.from({ length: from - to + 1 }, (_, index) => from - index);
}
