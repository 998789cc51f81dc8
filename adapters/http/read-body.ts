import type { IncomingMessage } from 'node:http';

/**
 * A request's body, or 'too-large' as soon as it declares or sends more than `limit` bytes (the rest is left unread:
 * answer with `connection: close`). Rejects when the client goes away mid-body.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(request.headers['content-length']) > limit) return Promise.resolve('too-large');
  // Plain listeners rather than `for await`: an async iterator costs a promise per chunk on Slack's ack path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData).pause();
      resolve('too-large');
    };
    request.on('data', onData);
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('request aborted')));
  });
}
