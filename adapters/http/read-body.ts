import type { Context } from 'hono';

/**
 * A request's body, 'too-large' as soon as it declares or sends more than `limit` bytes (the rest is left unread:
 * answer with `tooLarge`, which closes the connection), or 'aborted' when the client goes away mid-body.
 */
export async function readBody(c: Context, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  if (Number(c.req.header('content-length')) > limit) return 'too-large';
  const stream = c.req.raw.body;
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        reader.cancel().catch(() => {});
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'aborted';
  }
  return Buffer.concat(chunks, size);
}

/** 413, and the connection closed: nothing more of the body is read. */
export function tooLarge(c: Context, message: string): Response {
  return c.json({ error: message }, 413, { connection: 'close' });
}
