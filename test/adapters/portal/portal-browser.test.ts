import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, serverPort, startHttpServer } from '../../../adapters/http/http-server.ts';
import { createPortalApp } from '../../../adapters/portal/portal-app.tsx';
import { assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { estimateCase } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The portal in Debian's Chromium, driven by playwright-core: what a customer does with a mouse and no JavaScript of
// ours. Screenshots go to $PORTAL_SCREENSHOTS (docs/images when the docs are refreshed), else a temporary directory.

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

describe('the customer portal in a browser', () => {
  const p = usePortero();
  let browser: Browser;
  let server: Server | undefined;
  let origin = '';
  const logged: { url: string }[] = [];
  const shots = process.env.PORTAL_SCREENSHOTS ?? join(tmpdir(), 'portero-portal-shots');

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (server) await closeServer(server, 100);
  });

  async function serve() {
    if (server) await closeServer(server, 100);
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: {},
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

  /** Checks what every page must be: labelled inputs, under 100 KB with its stylesheet. */
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

  async function signIn(page: Page, tenant: string, email: string, screenshot = false) {
    await page.goto(`${origin}/portal/${tenant}/`);
    expect(page.url()).toBe(`${origin}/portal/${tenant}/sign-in`);
    await page.getByLabel('Correo electrónico').fill(email);
    if (screenshot) await shoot(page, 'sign-in');
    await checkPage(page, 'sign-in');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Si el correo está registrado');
    const link = new URL(logged.at(-1)!.url);
    await page.goto(`${origin}${link.pathname}`);
    await page.getByRole('button', { name: 'Entrar' }).click();
    expect(page.url()).toBe(`${origin}/portal/${tenant}/`);
  }

  it('arcoirisapp: sign in with the link, open a case with the form, read the agent’s reply, ask for a reopen', async () => {
    const agent = await p.agent('arcoirisapp', 'ana');
    await p.customer('arcoirisapp', 'acme', { name: 'Acme' });
    await p.contact('arcoirisapp', 'acme', 'luis', { name: 'Luis Pérez' });
    await serve();
    const { page, errors, context } = await openPage(1280);
    await signIn(page, 'arcoirisapp', 'luis@example.test', true);

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
    await shoot(page, 'opened');

    const ref = { number: 1 };
    const asAgent = p.asAgent('arcoirisapp', agent);
    p.ok(await assignCase({ deps: p.deps, caller: asAgent, ref, assignee: { kind: 'me' } }));
    p.ok(await moveCase({ deps: p.deps, caller: asAgent, ref, state: 'en-progreso' }));
    p.ok(await replyToCustomer({ deps: p.deps, caller: asAgent, ref, text: 'Hola Luis, ya lo estamos revisando.' }));
    await page.getByRole('link', { name: 'Ver el caso' }).click();
    await page.getByText('Hola Luis, ya lo estamos revisando.').first().waitFor({ timeout: 5_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('<script>alert(1)</script>');
    await page.getByLabel('Su mensaje').fill('Gracias, quedo atento.');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await page.getByText('Gracias, quedo atento.').first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'case');
    await shoot(page, 'case');

    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Índice reconstruido.' }));
    await page.reload();
    await page.getByLabel('Motivo de la reapertura').fill('Volvió a ocurrir esta mañana');
    await page.getByRole('button', { name: 'Pedir la reapertura' }).click();
    await page.getByText('Caso reabierto').first().waitFor({ timeout: 5_000 });

    await page.getByRole('link', { name: 'Mis casos', exact: true }).click();
    await page.getByRole('cell', { name: 'ARCO-1' }).first().waitFor({ timeout: 5_000 });
    await checkPage(page, 'cases');
    await shoot(page, 'cases');
    expect(errors).toEqual([]);
    await context.close();
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
    await shoot(page, 'approval');
    await page.getByRole('button', { name: 'Aprobar la estimación', exact: true }).click();
    expect(await page.getByRole('status').textContent()).toBe('Hecho.');
    await agentDoes('desarrollo', 'qa');
    await page.getByRole('button', { name: 'Validar QA', exact: true }).click();
    await agentDoes('produccion');
    await page.getByRole('button', { name: 'Validar producción (PRD)', exact: true }).click();
    await page.getByRole('button', { name: 'Confirmar el cierre', exact: true }).click();
    p.ok(await closeCase({ deps: p.deps, caller: asAgent, ref, resolution: 'Reporte entregado' }));
    await page.reload();
    await page.getByLabel('4', { exact: true }).check();
    await page.getByLabel('Comentario (opcional)').fill('Muy bien');
    await shoot(page, 'rating');
    await page.getByRole('button', { name: 'Enviar valoración' }).click();
    await page.getByText('Su valoración: 4 de 5').first().waitFor({ timeout: 5_000 });
    expect(luis.id).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });
});
