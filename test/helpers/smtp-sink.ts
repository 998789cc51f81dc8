import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server';
import type { SmtpSettings } from '../../src/app/mail/smtp-settings.ts';

// A real SMTP server on 127.0.0.1 (smtp-server) that records what it accepts, parsed as a mail reader would
// (mailparser), and answers a 4xx or a 5xx on demand: what the SMTP deliverer talks to in the tests.

export interface SunkMessage {
  envelope: { from: string; to: string[] };
  raw: string;
  mail: ParsedMail;
  /** The account that authenticated, and how (PLAIN, LOGIN, XOAUTH2). */
  auth?: { user: string; method: string };
  /** When the sink accepted it (the end of DATA, before parsing), epoch ms: what a latency bench measures to. */
  acceptedAt: number;
}

export interface SmtpSink {
  port: number;
  messages: SunkMessage[];
  /** Settings that reach this sink, as a mailbox's `--smtp` URL would give them. */
  settings(extra?: Partial<SmtpSettings>): SmtpSettings;
  /** The next `count` messages are answered `code` (e.g. 451 or 550) at the end of DATA instead of being accepted. */
  failNext(code: number, count?: number): void;
  /** RCPT TO this address is answered 550 (the message still goes to the other recipients). */
  refuseRecipient(address: string): void;
  close(): Promise<void>;
}

export async function startSmtpSink(
  options: { accounts?: Record<string, { password?: string; accessToken?: string }> } = {},
): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const failures: number[] = [];
  const refused = new Set<string>();
  const accounts = options.accounts;
  const server = new SMTPServer({
    // No TLS on the loopback sink; authentication is offered only when accounts are given.
    disabledCommands: accounts ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      const account = accounts?.[auth.username ?? ''];
      const valid =
        auth.method === 'XOAUTH2'
          ? account?.accessToken !== undefined && auth.accessToken === account.accessToken
          : account?.password !== undefined && auth.password === account.password;
      if (!valid) return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      callback(null, { user: { name: auth.username, method: auth.method } });
    },
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = failures.shift();
        if (code !== undefined) {
          const words = code >= 500 ? 'Mailbox unavailable' : 'Try again later';
          callback(Object.assign(new Error(words), { responseCode: code }));
          return;
        }
        const acceptedAt = Date.now();
        const raw = Buffer.concat(chunks).toString('utf8');
        const user = session.user as { name: string; method: string } | undefined;
        simpleParser(raw).then(
          (mail) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              raw,
              mail,
              acceptedAt,
              ...(user && { auth: { user: user.name, method: user.method } }),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    settings: (extra = {}) => ({ host: '127.0.0.1', port, secure: false, ...extra }),
    failNext(code, count = 1) {
      for (let i = 0; i < count; i++) failures.push(code);
    },
    refuseRecipient(address) {
      refused.add(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
