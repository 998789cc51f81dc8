import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpDeliverer } from '../../../adapters/email/smtp.deliverer.ts';
import { closeServer, serverPort, startHttpServer } from '../../../adapters/http/http-server.ts';
import { createPortalApp } from '../../../adapters/portal/portal-app.tsx';
import { createSlackApp, type SlackPlatform } from '../../../adapters/slack/slack-app.ts';
import { estimateCase } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { mailboxSmtpLookup } from '../../../src/app/mail/smtp-lookup.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../../helpers/fake-slack-api.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { SIGNING_SECRET, sendSigned, slashCommand, TEAM } from '../../helpers/slack-signing.ts';
import { type SmtpSink, startSmtpSink } from '../../helpers/smtp-sink.ts';

// The portal in Debian's Chromium, driven by playwright-core: what a customer does with a mouse and no JavaScript of
// ours, on one server that also runs Slack (real Bolt, the Web API faked on 127.0.0.1), with the outbox relay
// delivering to the fake Slack and, by SMTP, to a sink where the customer's mail is read. Agents work with signed
// `/case` commands over HTTP. Screenshots go to $PORTAL_SCREENSHOTS (docs/images when the docs are refreshed), else a
// temporary directory.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MAX_PAGE_BYTES = 100 * 1024;
const BOT_TOKEN = 'xoxb-portal-browser-test';
const AGENT_CHANNEL = 'C0SOPORTE';
const AGENT_USER = 'UANA';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] };
/** What a Slack message shows: its fallback text and its blocks' texts. */
const shownIn = (call: RecordedCall | undefined) =>
  [
    String(call?.args.text ?? ''),
    ...((call?.args.blocks ?? []) as Block[]).flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
    ]),
  ].join('\n');

describe('the customer portal in a browser', () => {
  const p = usePortero();
  let browser: Browser;
  let server: Server | undefined;
  let slack: SlackPlatform | undefined;
  let fake: FakeSlackApi;
  let sink: SmtpSink;
  let origin = '';
  const logged: { url: string }[] = [];
  const shots = process.env.PORTAL_SCREENSHOTS ?? join(tmpdir(), 'portero-portal-shots');

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    fake = await startFakeSlackApi();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await browser?.close();
    await slack?.stop();
    if (server) await closeServer(server, 100);
    await fake?.close();
    await sink?.close();
  });

  /** `portero serve`'s HTTP side for this test: Slack's endpoint and the portal on one server. */
  async function serve() {
    await slack?.stop();
    if (server) await closeServer(server, 100);
    fake.reset();
    sink.messages.length = 0;
    const log = () => {};
    slack = createSlackApp({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      context: { deps: p.deps, log: { info: log, warn: log, error: log }, wakeRelay: () => {} },
    });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: slack.routes,
      apps: {
        '/portal': createPortalApp({
          deps: p.deps,
          devLinks: true,
          log: { info: (fields) => logged.push(fields as { url: string }) },
        }),
      },
      ready: async () => ({ ok: true, detail: 'test' }),
    });
    origin = `http://127.0.0.1:${serverPort(server)}`;
  }

  /** A tenant's desk: its Slack workspace and agent channel, an agent on Slack, a mailbox sending through the sink. */
  async function desk(tenant: string, sender: string) {
    const agent = await p.agent(tenant, 'ana');
    await p.deps.store.transaction(async (repos) => {
      await repos.platformLinks.link('slack', TEAM, tenant);
      await repos.identities.link(tenant, 'slack', AGENT_USER, { personKind: 'agent', personId: agent.id });
      await repos.bindings.bind({
        platform: 'slack',
        conversationId: AGENT_CHANNEL,
        tenantId: tenant,
        purpose: 'agent',
        name: 'soporte',
      });
      await repos.mailboxes.add({
        tenantId: tenant,
        address: sender,
        imapUrl: 'imap://soporte@127.0.0.1:1?password_env=UNUSED',
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        folder: 'INBOX',
        fromAddress: null,
      });
    });
    return agent;
  }

  /** Relay passes, as serve's relay runs them, until one finds nothing due: Slack and email delivered. */
  async function relay() {
    const smtp = createSmtpDeliverer(mailboxSmtpLookup(p.deps.store));
    try {
      for (;;) {
        const pass = await relayOnce({
          queue: p.queue,
          deliverers: { slack: slack!.deliverer, email: smtp },
          clock: p.clock,
          random: () => 0.5,
        });
        expect(pass.dead).toBe(0);
        if (pass.delivered + pass.retried + pass.dead === 0) return;
      }
    } finally {
      smtp.close();
    }
  }

  /** An agent's `/case …` in the agents' channel: signed like Slack signs it, over HTTP; Bolt's answer returned. */
  async function agentCommand(text: string) {
    const key = `${text}#${fake.responses.length}`;
    const response = await sendSigned(
      `${origin}/slack/events`,
      slashCommand({ text, user: AGENT_USER, channel: AGENT_CHANNEL, responseUrl: fake.responseUrl(key) }),
      { timestamp: Math.floor(p.clock.now().getTime() / 1000) },
    );
    expect(response.status).toBe(200);
    await slack!.drain();
    // The answer's text and blocks, as one string to search.
    const answer = JSON.stringify(fake.responsesTo(key).at(-1) ?? {});
    expect(answer, text).not.toContain('⚠️');
    return answer;
  }

  /** A page that fails the test on any console error and measures what each navigation weighs. */
  async function openPage(width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors, context };
  }

  /** The Lighthouse-style basics every page must meet: labelled inputs, under 100 KB with its stylesheet. */
  async function checkPage(page: Page, name: string) {
    const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea', (elements) =>
      elements
        .filter(
          (element) =>
            ((element as { labels?: { length: number } }).labels?.length ?? 0) === 0 &&
            !element.getAttribute('aria-label'),
        )
        .map((element) => element.outerHTML),
    );
    expect(unlabelled, name).toEqual([]);
    const html = Buffer.byteLength(await page.content());
    const css = (await (await page.request.get(`${origin}/portal/static/portal.css`)).body()).length;
    expect(html + css, name).toBeLessThan(MAX_PAGE_BYTES);
  }

  async function shoot(page: Page, name: string) {
    for (const [label, width] of [
      ['desktop', 1280],
      ['phone', 390],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `portal-${name}-${label}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** The link of the last sign-in email the sink received for `email`, sent by the relay. */
  async function mailedLink(email: string) {
    await relay();
    const mail = sink.messages.filter((m) => m.envelope.to.includes(email)).at(-1);
    const url = /https?:\/\/\S+\/sign-in\/[\w-]+/.exec(mail?.mail.text ?? '')?.[0];
    expect(url, 'a sign-in link in the email').toBeDefined();
    return url!;
  }

  async function signIn(
    page: Page,
    tenant: string,
    email: string,
    options: { screenshot?: boolean; mail?: boolean } = {},
  ) {
    await page.goto(`${origin}/portal/${tenant}/`);
    expect(page.url()).toBe(`${origin}/portal/${tenant}/sign-in`);
    await page.getByLabel('Correo electrónico').fill(email);
    if (options.screenshot) await shoot(page, 'sign-in');
    await checkPage(page, 'sign-in');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Si el correo está registrado');
    await checkPage(page, 'sign-in: link sent');
    const link = new URL(options.mail ? await mailedLink(email) : logged.at(-1)!.url);
    await page.goto(`${origin}${link.pathname}`);
    await checkPage(page, 'sign-in link');
    await page.getByRole('button', { name: 'Entrar' }).click();
    expect(page.url()).toBe(`${origin}/portal/${tenant}/`);
    // The link works once: opened again, a clear page offers a new one.
    const again = await browser.newPage();
    await again.goto(`${origin}${link.pathname}`);
    await again.getByRole('button', { name: 'Entrar' }).click();
    await again.getByText('Este enlace ya se usó').waitFor({ timeout: 5_000 });
    await checkPage(again, 'used link');
    await again.close();
  }

  it('arcoirisapp: signed in from the email, a case by the form, the card and the reply in Slack, a reopen asked', async () => {
    await desk('arcoirisapp', 'soporte@arcoirisapp.co');
    await p.customer('arcoirisapp', 'acme', { name: 'Acme' });
    await p.contact('arcoirisapp', 'acme', 'luis', { name: 'Luis Pérez' });
    await serve();
    const { page, errors, context } = await openPage(1280);
    await signIn(page, 'arcoirisapp', 'luis@example.test', { screenshot: true, mail: true });
    expect(sink.messages.map((m) => m.envelope)).toEqual([
      { from: 'soporte@arcoirisapp.co', to: ['luis@example.test'] },
    ]);
    await checkPage(page, 'cases (empty)');

    await page.getByRole('link', { name: 'Nuevo caso' }).first().click();
    await page.getByLabel('Título').fill('No carga el inventario <script>alert(1)</script>');
    await page.getByLabel('Tipo de solicitud').selectOption('problem');
    await page.getByLabel('Descripción').fill('Desde ayer a las 9:00 la pantalla de inventario queda en blanco.');
    await page
      .getByLabel('Adjuntos')
      .setInputFiles({ name: 'captura.txt', mimeType: 'text/plain', buffer: Buffer.from('log') });
    await checkPage(page, 'new case');
    await shoot(page, 'new-case');
    await page.getByRole('button', { name: 'Enviar caso' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Caso ARCO-1 abierto');
    await page.getByText('Le responderemos antes del').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'case opened');
    await shoot(page, 'opened');

    // The relay posts the case's root card in the agents' channel.
    await relay();
    const [root] = fake.callsTo('chat.postMessage');
    expect(root?.args.channel).toBe(AGENT_CHANNEL);
    expect(root?.args.thread_ts).toBeUndefined();
    expect(shownIn(root)).toContain('ARCO-1 · No carga el inventario &lt;script&gt;alert(1)&lt;/script&gt;');
    const rootOf = await p.deps.store.transaction(async (repos) => {
      const record = await repos.cases.byNumber('arcoirisapp', 1);
      return repos.threads.rootOf('slack', AGENT_CHANNEL, record!.id);
    });
    expect(rootOf).toBeDefined();

    // The agent takes it and answers from Slack.
    await agentCommand('assign ARCO-1 me');
    await agentCommand('move ARCO-1 en-progreso');
    const answered = await agentCommand('reply ARCO-1 Hola Luis, ya lo estamos revisando.');
    // The agent is told where the customer reads it.
    expect(answered).toContain('registrada en el caso: el cliente la verá en «Formulario de nuevo tiquete de soporte»');
    await relay();
    await page.getByRole('link', { name: 'Ver el caso' }).click();
    await page.getByText('Hola Luis, ya lo estamos revisando.').first().waitFor({ timeout: 5_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('<script>alert(1)</script>');
    // arcoirisapp takes no email ("Las solicitudes mediante correo electrónico no serán recibidas"): the reply is read
    // here, and nothing but the sign-in link went to the customer's inbox.
    expect(sink.messages).toHaveLength(1);

    await page.getByLabel('Su mensaje').fill('Gracias, quedo atento.');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await page.getByText('Gracias, quedo atento.').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'case');
    await shoot(page, 'case');
    await relay();
    const inThread = fake.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === rootOf);
    expect(inThread.map(shownIn).join('\n')).toContain('Gracias, quedo atento.');

    await agentCommand('close ARCO-1 Índice reconstruido.');
    await relay();
    const updatesBefore = fake.callsTo('chat.update').length;
    await page.reload();
    await checkPage(page, 'case closed (reopen, rating)');
    await page.getByLabel('Motivo de la reapertura').fill('Volvió a ocurrir esta mañana');
    await page.getByRole('button', { name: 'Pedir la reapertura' }).click();
    await page.getByText('Caso reabierto').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'case reopened');

    // The relay refreshes the root card in Slack: the same message, now in the state the reopen led to.
    await relay();
    const updates = fake.callsTo('chat.update').slice(updatesBefore);
    expect(updates.length).toBeGreaterThan(0);
    const card = updates.at(-1)!;
    expect(card.args).toMatchObject({ channel: AGENT_CHANNEL, ts: rootOf });
    expect(shownIn(card)).toContain('En progreso');
    expect(shownIn(card)).not.toContain('Cerrado');

    await page.getByRole('link', { name: 'Mis casos', exact: true }).click();
    await page.getByRole('cell', { name: 'ARCO-1' }).first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'cases');
    await shoot(page, 'cases');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('crosspoint365: the agent’s Slack reply reaches the customer by email and on the page; the customer cancels', async () => {
    const agent = await desk('crosspoint365', 'soporte@crosspoint365.com');
    await p.customer('crosspoint365', 'acme', { name: 'Acme' });
    await p.contact('crosspoint365', 'acme', 'luis', { name: 'Luis Pérez' });
    await serve();
    const { page, errors, context } = await openPage(1280);
    await signIn(page, 'crosspoint365', 'luis@example.test', { mail: true });
    await page.getByRole('link', { name: 'Nuevo caso' }).first().click();
    await page.getByLabel('Título').fill('El informe de ventas no exporta');
    await page.getByLabel('Descripción').fill('Al exportar a Excel aparece un error.');
    await page.getByRole('button', { name: 'Enviar caso' }).click();
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const ref = /CP365-\d+/.exec(heading)?.[0];
    expect(ref).toBeDefined();
    await relay();
    const root = fake.callsTo('chat.postMessage').find((call) => call.args.thread_ts === undefined);
    expect(shownIn(root)).toContain(`${ref} · El informe de ventas no exporta`);

    await agentCommand(`reply ${ref} Hola Luis: corregido en la versión 2.3, pruebe de nuevo.`);
    await relay();
    // The customer's inbox: the reply, from the policy's address, with the way back to the case in the portal.
    const reply = sink.messages.find((m) => m.mail.text?.includes('corregido en la versión 2.3'));
    expect(reply?.envelope).toEqual({ from: 'soporte@crosspoint365.com', to: ['luis@example.test'] });
    expect(reply?.mail.subject).toContain(ref);
    await page.getByRole('link', { name: 'Ver el caso' }).click();
    await page.getByText('corregido en la versión 2.3').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'case with actions (cancel)');

    const updatesBefore = fake.callsTo('chat.update').length;
    await page.getByRole('button', { name: 'Cancelar el caso' }).click();
    await page.getByText('Caso cancelado').first().waitFor({ timeout: 5_000 });
    await relay();
    const card = fake.callsTo('chat.update').slice(updatesBefore).at(-1);
    const rootOf = await p.deps.store.transaction(async (repos) => {
      const record = await repos.cases.byNumber('crosspoint365', 1);
      return repos.threads.rootOf('slack', AGENT_CHANNEL, record!.id);
    });
    expect(card?.args).toMatchObject({ channel: AGENT_CHANNEL, ts: rootOf });
    expect(shownIn(card)).toContain('Cancelado');

    // "My cases" in pages of 25: the links work without JavaScript and keep the filter.
    const asAgent = p.asAgent('crosspoint365', agent);
    for (let i = 1; i <= 26; i++)
      p.ok(await openCase({ deps: p.deps, caller: asAgent, customer: 'acme', reporter: 'luis', title: `Caso ${i}` }));
    await page.goto(`${origin}/portal/crosspoint365/?state=all`);
    await checkPage(page, 'cases, page 1');
    await page.getByRole('link', { name: 'Página siguiente' }).click();
    expect(new URL(page.url()).search).toBe('?state=all&page=2');
    await page.getByText('Página 2').waitFor({ timeout: 5_000 });
    await page.getByRole('cell', { name: ref! }).waitFor({ timeout: 5_000 });
    await checkPage(page, 'cases, page 2');
    await page.getByRole('link', { name: 'Página anterior' }).click();
    expect(new URL(page.url()).search).toBe('?state=all');

    expect(errors).toEqual([]);

    // A case that is not the contact's own is the 404 page; Chromium's note of the 404 status is its only message.
    await page.goto(`${origin}/portal/crosspoint365/cases/CP365-999`);
    await page.getByText('No encontramos esa página o ese caso.').waitFor({ timeout: 5_000 });
    await checkPage(page, 'not found');
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await context.close();

    // A customer in implementation is sent to Azure DevOps instead of the form: that page meets the basics too.
    await p.customer('crosspoint365', 'build', { name: 'Build', projectPhase: 'implementation' });
    await p.contact('crosspoint365', 'build', 'eva', { name: 'Eva' });
    const eva = await openPage(390);
    await signIn(eva.page, 'crosspoint365', 'eva@example.test', { mail: true });
    await eva.page.getByRole('link', { name: 'Nuevo caso' }).first().click();
    await eva.page.getByText('Azure DevOps').first().waitFor({ timeout: 5_000 });
    expect(await eva.page.getByLabel('Título').count()).toBe(0);
    await checkPage(eva.page, 'new case: another channel for the phase');
    expect(eva.errors).toEqual([]);
    await eva.context.close();
  });

  it('oys: the estimate approved, QA and PRD validated, the closure confirmed, by clicking', async () => {
    const agent = await p.agent('oys', 'ana');
    await p.customer('oys', 'acme', { name: 'Acme' });
    const luis = await p.contact('oys', 'acme', 'luis', { name: 'Luis' });
    await serve();
    const { page, errors, context } = await openPage(1280);
    await signIn(page, 'oys', 'luis@example.test');
    await page.getByRole('link', { name: 'Nuevo caso' }).first().click();
    await page.getByLabel('Título').fill('Nuevo reporte de ventas');
    await page.getByLabel('Descripción').fill('Un reporte mensual por vendedor.');
    await page.getByRole('button', { name: 'Enviar caso' }).click();
    // OYS's hours are an unconfirmed assumption of the preset: never shown to a customer as a fact.
    expect(await page.getByText('Horario de atención').count()).toBe(0);
    await page.getByRole('link', { name: 'Ver el caso' }).click();
    const asAgent = p.asAgent('oys', agent);
    const ref = { number: 1 };
    const agentDoes = async (...states: string[]) => {
      for (const state of states) p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state }));
      await page.reload();
    };
    p.ok(await estimateCase({ deps: p.deps, caller: asAgent, ref, minutes: 16 * 60 }));
    await agentDoes('analisis', 'aprobacion');
    await checkPage(page, 'approval');
    await shoot(page, 'approval');
    await page.getByRole('button', { name: 'Aprobar la estimación', exact: true }).click();
    expect(await page.getByRole('status').textContent()).toBe('Hecho.');
    await checkPage(page, 'action done');
    await agentDoes('desarrollo', 'qa');
    await page.getByRole('button', { name: 'Validar QA', exact: true }).click();
    await checkPage(page, 'QA validation');
    await agentDoes('produccion');
    await checkPage(page, 'PRD validation');
    await page.getByRole('button', { name: 'Validar producción (PRD)', exact: true }).click();
    await checkPage(page, 'closure confirmation');
    await page.getByRole('button', { name: 'Confirmar el cierre', exact: true }).click();
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Reporte entregado' }));
    await page.reload();
    await page.getByLabel('4', { exact: true }).check();
    await page.getByLabel('Comentario (opcional)').fill('Muy bien');
    await checkPage(page, 'rating');
    await shoot(page, 'rating');
    await page.getByRole('button', { name: 'Enviar valoración' }).click();
    await page.getByText('Su valoración: 4 de 5').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'rated');
    expect(luis.id).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });
});
