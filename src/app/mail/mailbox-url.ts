import { readFile } from 'node:fs/promises';
import type { SmtpSettings } from './smtp-settings.ts';

// A mailbox's server URLs: imap://, imaps://, smtp://, smtps://. A URL never carries a secret, so it may be stored,
// listed and logged: the password is named by an environment variable (?password_env=NAME) and an OAuth2 access token
// by a variable or a file (?token_env=NAME, ?token_file=/path), read again at each connection so that the operator's
// tooling can refresh them.

export type MailProtocol = 'imap' | 'smtp';

export interface MailServer {
  protocol: MailProtocol;
  host: string;
  port: number;
  /** Implicit TLS (imaps://, smtps://); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  secret?: { kind: 'password'; env: string } | { kind: 'token'; env: string } | { kind: 'token'; file: string };
}

export type Credentials = { user?: string; password?: string; accessToken?: string };

export class MailboxUrlError extends Error {}

const DEFAULT_PORTS = { imap: 143, imaps: 993, smtp: 587, smtps: 465 } as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads a server URL given as `--imap`/`--smtp`; a clear error names the option and what was expected. A password
 * written in the URL is refused (it would be stored and shown): the error says how to pass it instead, without it.
 */
export function parseMailServerUrl(option: string, raw: string, protocol: MailProtocol): MailServer {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailboxUrlError(`--${option} must be a URL like ${protocol}s://user@host:port, got "${shown(raw)}"`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== protocol && scheme !== `${protocol}s`) {
    throw new MailboxUrlError(`--${option} must start with ${protocol}:// or ${protocol}s://, got "${scheme}://"`);
  }
  if (!url.hostname) throw new MailboxUrlError(`--${option} has no host name`);
  if (url.password) {
    throw new MailboxUrlError(
      `--${option} must not contain a password (it would be stored and shown): put it in an environment variable and name it, as in ${scheme}://${decodeURIComponent(url.username) || 'user'}@${url.host}?password_env=NAME`,
    );
  }
  const known = new Set(['password_env', 'token_env', 'token_file']);
  for (const key of url.searchParams.keys()) {
    if (!known.has(key)) {
      throw new MailboxUrlError(
        `--${option}: unknown parameter "${key}" (expected password_env, token_env or token_file)`,
      );
    }
  }
  const given = [...known].filter((key) => url.searchParams.has(key));
  if (given.length > 1) throw new MailboxUrlError(`--${option}: give one of ${given.join(', ')}, not several`);
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme as keyof typeof DEFAULT_PORTS];
  const server: MailServer = { protocol, host: url.hostname, port, secure: scheme.endsWith('s') };
  if (url.username) server.user = decodeURIComponent(url.username);
  const passwordEnv = url.searchParams.get('password_env');
  const tokenEnv = url.searchParams.get('token_env');
  const tokenFile = url.searchParams.get('token_file');
  for (const [key, value] of [
    ['password_env', passwordEnv],
    ['token_env', tokenEnv],
  ] as const) {
    if (value !== null && !ENV_NAME.test(value)) {
      throw new MailboxUrlError(`--${option}: ${key} must be an environment variable name, got "${value}"`);
    }
  }
  if (passwordEnv) server.secret = { kind: 'password', env: passwordEnv };
  if (tokenEnv) server.secret = { kind: 'token', env: tokenEnv };
  if (tokenFile) server.secret = { kind: 'token', file: tokenFile };
  if (server.secret && !server.user) {
    throw new MailboxUrlError(`--${option}: a password or token needs the user name (${scheme}://user@${url.host}…)`);
  }
  return server;
}

/** The URL as stored and listed: it holds the names of the secrets, never a secret. */
export function formatMailServerUrl(server: MailServer): string {
  const scheme = `${server.protocol}${server.secure ? 's' : ''}`;
  const user = server.user ? `${encodeURIComponent(server.user)}@` : '';
  const secret = server.secret;
  const query = !secret
    ? ''
    : secret.kind === 'password'
      ? `?password_env=${secret.env}`
      : 'env' in secret
        ? `?token_env=${secret.env}`
        : `?token_file=${encodeURIComponent(secret.file)}`;
  return `${scheme}://${user}${server.host}:${server.port}${query}`;
}

/**
 * The credentials, read now from the environment or the token file. A missing one is an error that names where it
 * was looked for, never a value.
 */
export async function resolveCredentials(
  server: MailServer,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  const { secret, user } = server;
  if (!secret) return user ? { user } : {};
  if ('env' in secret) {
    const value = env[secret.env];
    if (!value) throw new MailboxUrlError(`the environment variable ${secret.env} (for ${user}) is not set`);
    return secret.kind === 'password' ? { user, password: value } : { user, accessToken: value.trim() };
  }
  let token: string;
  try {
    token = (await readFile(secret.file, 'utf8')).trim();
  } catch (error) {
    throw new MailboxUrlError(
      `the token file ${secret.file} (for ${user}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  if (!token) throw new MailboxUrlError(`the token file ${secret.file} (for ${user}) is empty`);
  return { user, accessToken: token };
}

/** The SMTP settings of a stored smtp URL, its secret read now (the deliverer's shape). */
export async function smtpSettingsOf(smtpUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<SmtpSettings> {
  const server = parseMailServerUrl('smtp', smtpUrl, 'smtp');
  const credentials = await resolveCredentials(server, env);
  return { host: server.host, port: server.port, secure: server.secure, ...credentials };
}

/** A URL as it may be shown in an error: any password in it replaced. */
function shown(raw: string): string {
  return raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
