import { errorCode } from '../src/app/error-fields.ts';

// Why the database could not be opened, in one line an operator can act on, instead of a driver's stack trace. Only
// the host, port, database and role of DATABASE_URL are named: never its password.

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT']);

export function describeDatabaseProblem(error: unknown, databaseUrl: string | undefined): string | undefined {
  const code = errorCode(error);
  if (!code || !databaseUrl) return undefined;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return undefined;
  }
  const where = `${url.hostname}:${url.port || '5432'}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || '(none)';
  const role = decodeURIComponent(url.username) || '(default)';
  if (UNREACHABLE.has(code))
    return `database: nothing answers at ${where} (${code}): is PostgreSQL running there, and is DATABASE_URL right?`;
  if (code === '3D000')
    return `database: there is no database "${database}" at ${where} (3D000): create it (createdb ${database}) or fix DATABASE_URL`;
  if (code === '28000' || code === '28P01')
    return `database: PostgreSQL at ${where} refused the role "${role}" (${code}): check the user and password in DATABASE_URL`;
  if (code === '42501')
    return `database: the role "${role}" may not do what Portero needs in "${database}" (42501): grant it the database's ownership or CREATE`;
  return undefined;
}
