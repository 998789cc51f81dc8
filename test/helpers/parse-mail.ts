// Reads back an RFC 5322 message as a mail reader would: header fields unfolded and their RFC 2047 words decoded,
// the body decoded from its Content-Transfer-Encoding. Enough for single-part UTF-8 text, what Portero writes.

export interface ParsedMail {
  /** Decoded field values, by lower-case name. */
  headers: Record<string, string>;
  /** Field values as written, unfolded. */
  raw: Record<string, string>;
  /** The head as written, folded lines and all. */
  head: string;
  /** The body as written. */
  encoded: string;
  /** The body decoded to text. */
  text: string;
}

export function parseMail(message: string): ParsedMail {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split);
  const raw = Object.fromEntries(
    head
      .replace(/\r\n[ \t]/g, ' ')
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const headers = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeWords(value)]));
  const encoded = message.slice(split + 4);
  return { headers, raw, head, encoded, text: decodeBody(encoded, raw['content-transfer-encoding'] ?? '7bit') };
}

/** RFC 2047 encoded words (B or Q, UTF-8) back to text; the space between two adjacent words is not text. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuoted(data.replaceAll('_', ' ')).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuoted(body.replace(/=\r\n/g, '')).toString('utf8');
    default:
      return body;
  }
}

function decodeQuoted(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}
