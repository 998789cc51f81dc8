import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import type { Database } from '../db/client.ts';
import { outbox } from '../db/schema/index.ts';
import { addContact, addCustomer } from '../src/app/directory/directory.ts';
import { startOutboxRelay } from '../src/app/outbox/outbox-relay.ts';
import { startMailIntake } from '../src/cli/mail-intake.wiring.ts';
import { loadConfig } from '../src/config.ts';
import { createPortero } from '../src/main.ts';
import { startDovecot } from '../test/helpers/dovecot.ts';
import { simpleMessage } from '../test/helpers/mail-fixtures.ts';
import { startSmtpSink } from '../test/helpers/smtp-sink.ts';

// Issue 16's goal: from IMAP APPEND to the acknowledgement accepted by the SMTP sink, with messages arriving at 5 a
// second, p99 ≤ 10 s. Portero runs in-process as `portero serve` runs it (createPortero, the mail watcher with IDLE,
// the outbox relay and its SMTP deliverer); Dovecot and the sink are real servers on 127.0.0.1. Each message comes
// from a sender of its own, so the hourly cap of automatic mail never holds an acknowledgement back.

export const ACK_GOAL_P99_MS = 10_000;
const PER_SECOND = 5;
const USER = { user: 'soporte-b-ack', password: 'bench-imap-ack-secret' };
/** How long to wait for the last acknowledgements after the last message went in. */
const DRAIN_MS = 60_000;

export interface AckResult {
  sent: number;
  acknowledged: number;
  p50: number;
  p99: number;
  max: number;
}

/** `seconds` of arrivals at 5 a second into a fresh Portero on `database` (migrated here); lines are added to `lines`. */
export async function measureAckLatency(database: Database, seconds: number, lines: string[]): Promise<AckResult> {
  const total = Math.max(1, Math.round(seconds * PER_SECOND));
  const dovecot = await startDovecot([USER]);
  const sink = await startSmtpSink();
  process.env.PORTERO_BENCH_IMAP_ACK_PASSWORD = USER.password;
  const loaded = loadConfig({ LOG_LEVEL: 'error', PORTERO_PUBLIC_URL: 'http://localhost:3000' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const portero = await createPortero({ config: loaded.config, command: 'npm run bench mail', database });
  try {
    await addCustomer(portero, { tenantId: 'jd-services', handle: 'acme' });
    for (let i = 1; i <= total; i++) {
      const added = await addContact(portero, {
        tenantId: 'jd-services',
        customer: 'acme',
        handle: `persona-${i}`,
        email: `persona-${i}@acme.example`,
      });
      if (!added.ok) throw new Error(`contact ${i}: ${added.error.code}`);
    }
    await portero.store.transaction((repos) =>
      repos.mailboxes.add({
        tenantId: 'jd-services',
        address: 'soporte-b@jd-services.eu',
        imapUrl: `imap://${USER.user}@127.0.0.1:${dovecot.port}?password_env=PORTERO_BENCH_IMAP_ACK_PASSWORD`,
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        folder: 'INBOX',
        fromAddress: null,
      }),
    );
    const relay = startOutboxRelay(
      { queue: portero.queue, deliverers: portero.deliverers, clock: portero.clock, metrics: portero.metrics },
      loaded.config.outbox,
    );
    const watcher = startMailIntake(portero, { wakeRelay: () => relay.wake() });
    const appender = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: USER.user, pass: USER.password },
      logger: false,
    });
    await appender.connect();
    // The watcher connects and takes the (empty) folder first, as a started server would be.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const appendedAt = new Map<string, number>();
    try {
      const began = Date.now();
      for (let i = 1; i <= total; i++) {
        const due = began + ((i - 1) * 1000) / PER_SECOND;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const messageId = `ack-bench-${i}@acme.example`;
        appendedAt.set(messageId, Date.now());
        await appender.append(
          'INBOX',
          simpleMessage({
            from: `persona-${i}@acme.example`,
            to: 'soporte-b@jd-services.eu',
            subject: `Incidencia ${i}`,
            body: `El módulo ${i} no responde desde esta mañana.`,
            messageId,
          }),
        );
      }
      const deadline = Date.now() + DRAIN_MS;
      while (acknowledged(sink.messages, appendedAt).length < total && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await appender.logout().catch(() => appender.close());
      await watcher.stop();
      await relay.stop();
    }
    const latencies = acknowledged(sink.messages, appendedAt).sort((a, b) => a - b);
    // Where the time goes: until the case and its acknowledgement were written (IMAP, parsing, the transaction), and
    // from there to SMTP (the relay's pick-up and the delivery).
    const written = (await database.db.select().from(outbox).where(eq(outbox.kind, 'case.ack')))
      .map((row) => {
        const id = (row.payload as { inReplyTo?: string }).inReplyTo;
        const at = id === undefined ? undefined : appendedAt.get(id);
        return at === undefined ? undefined : row.createdAt.getTime() - at;
      })
      .filter((value): value is number => value !== undefined);
    written.sort((a, b) => a - b);
    const result: AckResult = {
      sent: total,
      acknowledged: latencies.length,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? Number.NaN,
    };
    lines.push(
      `  ${total} messages APPENDed at ${PER_SECOND}/s for ${seconds} s: ${result.acknowledged} acknowledged; ` +
        `APPEND → ack accepted by SMTP p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)}`,
      `  of which APPEND → case and acknowledgement written: p50 ${ms(quantile(written, 0.5))}, p99 ${ms(quantile(written, 0.99))}`,
    );
    return result;
  } finally {
    await portero.close();
    await sink.close();
    await dovecot.stop();
  }
}

/** The latency of each acknowledgement the sink accepted, matched to its message by In-Reply-To. */
function acknowledged(
  messages: { mail: { inReplyTo?: string }; acceptedAt: number }[],
  appendedAt: Map<string, number>,
) {
  const latencies: number[] = [];
  for (const message of messages) {
    const id = message.mail.inReplyTo?.replace(/^<|>$/g, '');
    const at = id === undefined ? undefined : appendedAt.get(id);
    if (at !== undefined) latencies.push(message.acceptedAt - at);
  }
  return latencies;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (value: number) => (Number.isNaN(value) ? '–' : `${Math.round(value)} ms`);
