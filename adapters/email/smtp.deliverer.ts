import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { SmtpLookup, SmtpSettings } from '../../src/app/mail/smtp-settings.ts';
import type { Deliverer, DeliveryResult } from '../../src/app/outbox/outbox.port.ts';
import { emailMessage } from './email-message.ts';

export interface SmtpDeliverer extends Deliverer {
  /** Closes every pooled connection (the process is stopping). */
  close(): void;
}

// Each SMTP step must answer well inside the relay's delivery timeout (10 s by default), so that a silent server is a
// failed attempt the relay retries, not a hung one.
const TIMEOUTS = { connectionTimeout: 8_000, greetingTimeout: 8_000, socketTimeout: 20_000 };

/**
 * Sends `email` outbox rows by SMTP (nodemailer), through the server of the mailbox that sends from the row's `from`
 * address (`lookup`). One pooled transport per server and account, replaced when its credentials change (a refreshed
 * OAuth2 token). The server's answer decides: a 4xx or a connection failure is retried by the relay with its backoff,
 * a 5xx is permanent (the row is dead-lettered and noted on its case), and so is a sender with no mailbox.
 */
export function createSmtpDeliverer(lookup: SmtpLookup): SmtpDeliverer {
  const pools = new Map<string, { credentials: string; transport: Transporter<SMTPPool.SentMessageInfo> }>();
  const transportFor = (settings: SmtpSettings) => {
    const account = `${settings.host}:${settings.port}:${settings.secure}:${settings.user ?? ''}`;
    const credentials = fingerprint(settings);
    const pooled = pools.get(account);
    if (pooled?.credentials === credentials) return pooled.transport;
    pooled?.transport.close();
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 2,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...TIMEOUTS,
      ...(settings.accessToken
        ? { auth: { type: 'OAuth2' as const, user: settings.user ?? '', accessToken: settings.accessToken } }
        : settings.user && { auth: { user: settings.user, pass: settings.password ?? '' } }),
    });
    pools.set(account, { credentials, transport });
    return transport;
  };
  return {
    async deliver(row, signal) {
      const built = emailMessage(row);
      if (!built.ok) return { ok: false, permanent: true, error: built.error };
      const from = String(built.message.from);
      const settings = await lookup(from);
      if (!settings) {
        return {
          ok: false,
          permanent: true,
          error: `no mailbox sends from ${from}: portero mailbox add ${from} --tenant ${row.tenantId} --imap imaps://… --smtp smtps://…`,
        };
      }
      signal?.throwIfAborted();
      try {
        // A server may refuse some recipients and take the message for the others: a partial delivery, told back.
        const info = await transportFor(settings).sendMail(built.message);
        return { ok: true, accepted: addresses(info.accepted), refused: addresses(info.rejected) };
      } catch (error) {
        return outcomeOf(error);
      }
    },
    close() {
      for (const { transport } of pools.values()) transport.close();
      pools.clear();
    },
  };
}

const addresses = (list: (string | { address: string })[] | undefined) =>
  (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address).toLowerCase());

/** A 5xx reply is final; a 4xx, a dropped connection or a timeout may pass on a later attempt. */
function outcomeOf(error: unknown): DeliveryResult {
  const failure = error as { message?: string; responseCode?: number; code?: string; response?: string };
  const code = failure.responseCode;
  const words = (failure.response ?? failure.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const described = code ? `SMTP ${code}: ${words}` : `SMTP ${failure.code ?? 'failure'}: ${words}`;
  return code !== undefined && code >= 500
    ? { ok: false, permanent: true, error: described }
    : { ok: false, error: described };
}

/** Changes when the password or token does, so a refreshed token gets a new pool; the pool map keeps no secret. */
const fingerprint = (settings: SmtpSettings) =>
  createHash('sha256')
    .update(`${settings.password ?? ''}\0${settings.accessToken ?? ''}`)
    .digest('hex');
