import type { Hono } from 'hono';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { createPortalApp } from '../../../adapters/portal/portal-app.tsx';
import type { CaseDeps } from '../../../src/app/cases/case-context.ts';

// The portal as `portero serve` mounts it, driven in-process (app.request) like a browser without JavaScript: it keeps
// the session cookie, sends the page's Origin, and reads the CSRF token from the last page.

export const ORIGIN = 'http://localhost';

export function portalServer(deps: CaseDeps, logged: { url: string }[] = [], devLinks = true) {
  return createHttpApp({
    routes: {},
    apps: {
      '/portal': createPortalApp({
        deps,
        devLinks,
        log: { info: (fields) => logged.push(fields as { url: string }) },
        linksPerClient: 5,
      }),
    },
    ready: async () => ({ ok: true, detail: 'test' }),
  });
}

export class Browser {
  cookie = '';
  csrf = '';
  constructor(private readonly app: Hono<never> | ReturnType<typeof portalServer>) {}

  async request(path: string, init: RequestInit = {}): Promise<Response & { text_: string }> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const response = await this.app.request(`${ORIGIN}${path}`, { ...init, headers });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    const text = await response.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(text);
    if (token?.[1]) this.csrf = token[1];
    return Object.assign(response, { text_: text });
  }

  get(path: string) {
    return this.request(path);
  }

  /** A form post as a browser sends it: the page's Origin, the session's CSRF token unless told otherwise. */
  post(
    path: string,
    fields: Record<string, string | File | File[]>,
    options: { csrf?: string | false; origin?: string } = {},
  ) {
    const form = new FormData();
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== false) form.set('_csrf', csrf);
    for (const [name, value] of Object.entries(fields)) {
      if (Array.isArray(value)) for (const file of value) form.append(name, file);
      else form.set(name, value);
    }
    return this.request(path, { method: 'POST', body: form, headers: { origin: options.origin ?? ORIGIN } });
  }
}
