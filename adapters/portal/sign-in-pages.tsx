import { INPUT_LIMITS } from '../../src/domain/input/input-rules.ts';
import { Layout, Notice, type PageFrame } from './portal-layout.tsx';

// The sign-in pages: ask for a link; the link's landing page, whose button redeems it (a mail scanner that fetches
// the link does not use it up); the same answer whether or not the address is known.

/** `next`: where to go once signed in (a dashboard path already checked), carried by the form and the link. */
const withNext = (path: string, next?: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

export function SignInPage({
  frame,
  notice,
  error,
  next,
}: {
  frame: PageFrame;
  notice?: string;
  error?: string;
  next?: string;
}) {
  const { w, base } = frame;
  return (
    <Layout frame={frame} title={w.signInTitle}>
      <h1>{w.signInTitle}</h1>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div class="card">
        <p>{w.signInIntro}</p>
        <form method="post" action={withNext(`${base}sign-in`, next)}>
          <label for="email">{w.email}</label>
          <input id="email" name="email" type="email" autocomplete="email" required maxlength={INPUT_LIMITS.email} />
          <button type="submit">{w.sendLink}</button>
        </form>
      </div>
    </Layout>
  );
}

export function RedeemPage({ frame, token, next }: { frame: PageFrame; token: string; next?: string }) {
  const { w, base } = frame;
  return (
    <Layout frame={frame} title={w.signIn}>
      <h1>{w.signInTitle}</h1>
      <div class="card">
        <p>{w.confirmSignIn}</p>
        <form method="post" action={withNext(`${base}sign-in/${encodeURIComponent(token)}`, next)}>
          <button type="submit">{w.signIn}</button>
        </form>
      </div>
    </Layout>
  );
}
