/** A connection URL fit for logs and error messages: the password (in the userinfo or the query) becomes `***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(unparsable URL)';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}
