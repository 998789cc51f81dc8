import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatMailServerUrl,
  parseMailServerUrl,
  resolveCredentials,
  smtpSettingsOf,
} from '../../../src/app/mail/mailbox-url.ts';

// A mailbox's server URLs: defaults, secrets by name only, OAuth2 tokens read at each connection.

describe('mailbox server URLs', () => {
  it('gives each scheme its port and TLS, and stores only the names of secrets', () => {
    const imap = parseMailServerUrl('imap', 'imaps://soporte%40acme.example@mail.acme.example?password_env=PW', 'imap');
    expect(imap).toEqual({
      protocol: 'imap',
      host: 'mail.acme.example',
      port: 993,
      secure: true,
      user: 'soporte@acme.example',
      secret: { kind: 'password', env: 'PW' },
    });
    expect(formatMailServerUrl(imap)).toBe('imaps://soporte%40acme.example@mail.acme.example:993?password_env=PW');
    expect(parseMailServerUrl('smtp', 'smtp://u@h', 'smtp')).toMatchObject({ port: 587, secure: false });
    expect(parseMailServerUrl('smtp', 'smtps://u@h', 'smtp')).toMatchObject({ port: 465, secure: true });
  });

  it('refuses what it cannot use, saying what was expected', () => {
    expect(() => parseMailServerUrl('imap', 'http://h', 'imap')).toThrow('--imap must start with imap:// or imaps://');
    expect(() => parseMailServerUrl('smtp', 'smtp://u@h?password=x', 'smtp')).toThrow('unknown parameter "password"');
    expect(() => parseMailServerUrl('smtp', 'smtp://h?password_env=PW', 'smtp')).toThrow('needs the user name');
    expect(() => parseMailServerUrl('imap', 'imap://u@h?password_env=1X', 'imap')).toThrow('environment variable name');
  });

  it('reads an OAuth2 token from a variable or a file at each call, and says which one is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portero-token-'));
    const file = join(dir, 'token');
    await writeFile(file, 'token-one\n');
    const server = parseMailServerUrl('imap', `imaps://ana@outlook.office365.com?token_file=${file}`, 'imap');
    expect(await resolveCredentials(server)).toEqual({ user: 'ana', accessToken: 'token-one' });
    await writeFile(file, 'token-two');
    expect(await resolveCredentials(server)).toEqual({ user: 'ana', accessToken: 'token-two' });
    const fromEnv = parseMailServerUrl('smtp', 'smtp://ana@smtp.office365.com?token_env=TOKEN', 'smtp');
    expect(await smtpSettingsOf(formatMailServerUrl(fromEnv), { TOKEN: 'abc' })).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      secure: false,
      user: 'ana',
      accessToken: 'abc',
    });
    await expect(resolveCredentials(fromEnv, {})).rejects.toThrow(
      'the environment variable TOKEN (for ana) is not set',
    );
  });
});
