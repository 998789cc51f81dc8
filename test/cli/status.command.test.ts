import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { heartbeats, mailboxes, outbox } from '../../db/schema/index.ts';
import { CLI_START, portero, useCliDeployment } from '../helpers/cli-deployment.ts';

// `portero status` in-process on the test database: the screen, --json, and each condition that needs attention
// turning the exit code to 3. The tests of the file share the deployment, in order; the clock stands at CLI_START
// until a test moves it. jd-services A runs on 24x7: a case opened now has timers due within the hour.

const MINUTE = 60_000;
const start = Date.parse(CLI_START);

const deployment = useCliDeployment('status', {
  seed: [
    ['customer', 'add', 'acme', '--tenant', 'jd-services'],
    ['agent', 'add', 'ana', '--tenant', 'jd-services'],
    ['tenant', 'link', 'slack', 'jd-services', 'T0JDS'],
    ['channel', 'add', 'slack', 'C0SOPORTE', '--tenant', 'jd-services', '--purpose', 'agent', '--name', 'soporte'],
  ],
});

const status = async () => {
  const result = await portero('status', '--json');
  return { code: result.code, json: JSON.parse(result.out.join('\n')), err: result.err };
};
const codes = (json: { attention: { code: string }[] }) => json.attention.map((a) => a.code);
const db = () => deployment.database.database.db;

describe('portero status', () => {
  it('a quiet deployment is all well: its tenants with their links and channels, the database, exit 0', async () => {
    const text = await portero('status');
    expect(text.code).toBe(0);
    expect(text.out).toContain('all well');
    expect(text.out.join('\n')).toMatch(/jd-services \(JD Services\), policy jd-services: 0 open, 0 breaching/);
    expect(text.out).toContain('    slack: T0JDS   teams: —');
    expect(text.out).toContain('    channels: agent soporte (slack C0SOPORTE)');
    const { code, json } = await status();
    expect(code).toBe(0);
    expect(json.database).toMatchObject({ pending: 0 });
    expect(json.database.applied).toBeGreaterThan(0);
    expect(json.tenants.map((t: { id: string }) => t.id)).toContain('itbx');
    expect(json.attention).toEqual([]);
    expect(json.mailboxes).toEqual([]);
  });

  it('timers due with no monitor ever run, or one that runs behind, need attention; a fresh pass does not', async () => {
    const opened = await portero(
      ...['case', 'open', '--tenant', 'jd-services', '--as', 'ana', '--customer', 'acme', '--priority', 'A'],
      ...['--title', 'Caída total'],
    );
    expect(opened.code).toBe(0);
    deployment.clock.set(new Date(start + 61 * MINUTE));
    let { code, json } = await status();
    expect(code).toBe(3);
    expect(codes(json)).toEqual(['sla.monitor_stale', 'sla.monitor_lagging']);
    expect(json.tenants.find((t: { id: string }) => t.id === 'jd-services')).toMatchObject({
      openCases: 1,
      breachingCases: 1,
      breaching: [{ ref: 'JDS-1', priority: 'A', dueAt: new Date(start + 60 * MINUTE).toISOString() }],
    });

    // A monitor passed a moment ago, and took every due timer.
    expect((await portero('sla', 'sweep')).code).toBe(0);
    await db()
      .insert(heartbeats)
      .values({ name: 'sla-monitor', beatAt: new Date(start + 61 * MINUTE - 5_000), replica: 'web-1:42', lagMs: 0 });
    ({ code, json } = await status());
    expect(json.attention).toEqual([]);
    expect(code).toBe(0);
    expect(json.sla.lastSweepReplica).toBe('web-1:42');

    // Then it stopped: two minutes without a pass.
    deployment.clock.set(new Date(start + 63 * MINUTE));
    ({ code, json } = await status());
    expect(code).toBe(3);
    expect(codes(json)).toEqual(['sla.monitor_stale']);
    const text = await portero('status');
    expect(text.out).toContain(
      '  [sla.monitor_stale] the SLA monitor last passed 2 min ago: is portero serve running?',
    );
    await db()
      .update(heartbeats)
      .set({ beatAt: new Date(start + 63 * MINUTE) });
  });

  it('a dead letter, and a pending row older than 5 minutes, need attention', async () => {
    const now = deployment.clock.now();
    const row = (key: string, status: 'pending' | 'dead', minutesOld: number) => ({
      tenantId: 'jd-services',
      target: 'slack',
      destination: 'C0GONE',
      kind: 'case.update',
      payload: {},
      dedupKey: key,
      status,
      createdAt: new Date(now.getTime() - minutesOld * MINUTE),
    });
    await db().delete(outbox).where(sql`true`);
    await db()
      .insert(outbox)
      .values(row('dead', 'dead', 1));
    let { code, json } = await status();
    expect(code).toBe(3);
    expect(codes(json)).toEqual(['outbox.dead_letters']);
    expect(json.outbox.dead).toEqual({ slack: 1 });

    await db().update(outbox).set({ status: 'delivered' });
    await db()
      .insert(outbox)
      .values(row('stuck', 'pending', 6));
    ({ code, json } = await status());
    expect(code).toBe(3);
    expect(codes(json)).toEqual(['outbox.stuck']);
    expect(json.outbox.pending).toEqual({ slack: 1 });

    await db().update(outbox).set({ status: 'delivered' });
    expect((await status()).code).toBe(0);
  });

  it('a mailbox not fetched for 5 minutes, or never, needs attention', async () => {
    const now = deployment.clock.now();
    await db()
      .insert(mailboxes)
      .values({
        tenantId: 'jd-services',
        address: 'soporte-a@jdservices.example',
        imapUrl: 'imaps://mail.example:993',
        smtpUrl: 'smtps://mail.example:465',
        state: 'failing',
        lastFetchAt: new Date(now.getTime() - 6 * MINUTE),
        lastError: 'connection refused',
      });
    let { code, json } = await status();
    expect(code).toBe(3);
    expect(json.attention).toEqual([
      {
        code: 'mailbox.stale',
        message:
          'mailbox soporte-a@jdservices.example (jd-services) last fetched 6 min ago, failing: connection refused',
      },
    ]);
    const text = await portero('status');
    expect(text.out).toContain(
      `  soporte-a@jdservices.example (jd-services): failing, last fetch ${new Date(now.getTime() - 6 * MINUTE).toISOString()} (6 min ago), last error: connection refused`,
    );

    await db().update(mailboxes).set({ state: 'connected', lastFetchAt: now, lastError: null });
    ({ code, json } = await status());
    expect(json.attention).toEqual([]);
    expect(code).toBe(0);
  });
});
