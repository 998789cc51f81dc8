import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, serverPort, startHttpServer } from '../../../adapters/http/http-server.ts';
import { MANAGE_ROUTE, manageRoute } from '../../../adapters/manage/manage-route.tsx';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { caseEvents } from '../../../db/schema/index.ts';
import { replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { managerDashboard } from '../../../src/app/ops/manager-dashboard.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The managers' dashboard in Debian's Chromium (playwright-core), with a few weeks of itbx cases, at desktop and
// phone widths: every chart drawn with its table, no console error, no horizontal scrolling on a phone. Screenshots
// go to $DASHBOARD_SCREENSHOTS (docs/images when the docs are refreshed), else a temporary directory. Signed in by a
// stand-in authenticator until the portal's sign-in is mounted.

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

describe('the managers’ dashboard in a browser', () => {
  const p = usePortero('2026-10-05T14:00:00Z');
  let browser: Browser;
  let server: Server | undefined;
  const shots = process.env.DASHBOARD_SCREENSHOTS ?? join(tmpdir(), 'portero-dashboard-shots');

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (server) await closeServer(server, 100);
  });

  it('shows every chart with its numbers at desktop and phone widths', async () => {
    const deps = { ...p.deps, ops: createOpsStore(p.t.db) };
    const ana = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', ana);
    // Seven weeks: each Monday three cases, answered after 20 min, 50 min and (some weeks) 3 h.
    let number = 0;
    for (let week = 0; week < 7; week++) {
      const monday = new Date(Date.parse('2026-10-05T14:00:00Z') + week * 7 * DAY);
      for (const [priority, minutes] of [
        ['alta', 20],
        ['media', 50],
        ['baja', week % 2 ? 180 : 30],
      ] as const) {
        p.clock.set(monday);
        p.ok(await openCase({ deps, caller, customer: 'acme', title: `Incidencia ${++number}`, priority }));
        p.clock.set(new Date(monday.getTime() + minutes * 60_000));
        p.ok(await replyToCustomer({ deps, caller, ref: { number }, text: 'Revisando' }));
      }
    }
    p.clock.set(new Date(Date.parse('2026-11-16T16:30:00Z')));
    p.ok(await openCase({ deps, caller, customer: 'acme', title: 'Portal caído para todos', priority: 'alta' }));
    p.clock.advance(DAY);
    await p.t.db.insert(caseEvents).values(
      ['triage.problem_report', 'triage.problem_report', 'triage.status_request'].map((reason) => ({
        tenantId: 'itbx',
        type: 'chat.redirected',
        at: p.clock.now(),
        actorKind: 'customer' as const,
        channel: 'slack',
        data: { reason, channels: ['Centro de ayuda'] },
      })),
    );

    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: {
        [MANAGE_ROUTE]: manageRoute({
          authenticate: async () => ({ agentId: ana.id, tenantId: 'itbx', role: 'manager' }),
          dashboard: (id) => managerDashboard(deps, id),
        }),
      },
      ready: async () => ({ ok: true, detail: 'test' }),
    });
    const url = `http://127.0.0.1:${serverPort(server)}/manage/itbx/`;
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const answer = await page.goto(url);
      expect(answer?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('SLA de ITBX');
      const figures = page.locator('figure.chart');
      expect(await figures.count()).toBeGreaterThanOrEqual(5);
      for (const figure of await figures.all()) {
        expect(await figure.locator('svg[role="img"]').count()).toBe(1);
        expect(await figure.locator('table tbody tr').count()).toBeGreaterThan(0);
      }
      expect(await page.getByText('ITBX-22 · Portal caído para todos').count()).toBe(1);
      // Nothing wider than the screen.
      // (The function runs in the page: `document` is the page's.)
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(shots, `dashboard-${label}.png`), fullPage: true });
      await page.close();
    }
  }, 60_000);
});
