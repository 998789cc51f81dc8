import { afterEach, describe, expect, it } from 'vitest';
import { createPortero } from '../../src/main.ts';
import { runPortero } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// A DATABASE_URL that leads nowhere: one line naming the problem (never the password) and exit 2, not a driver's
// stack trace. Nothing listens on port 1; the missing database and the unknown role need a real PostgreSQL server,
// so they run when the suite runs on one (DATABASE_URL set).

const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

async function tenantListOn(url: string) {
  process.env.DATABASE_URL = url;
  return runPortero(['tenant', 'list'], { open: createPortero });
}

describe('portero when DATABASE_URL leads nowhere', { timeout: 60_000 }, () => {
  it('nothing listening: one line and exit 2', async () => {
    expect(await tenantListOn('postgres://portero:s3cret@127.0.0.1:1/portero')).toEqual({
      code: 2,
      out: [],
      err: 'database: nothing answers at 127.0.0.1:1 (ECONNREFUSED): is PostgreSQL running there, and is DATABASE_URL right?',
    });
  });

  const server = saved ? new URL(saved) : undefined;
  it.runIf(testDriver() === 'postgres')('a missing database, then an unknown role (PostgreSQL only)', async () => {
    const at = `${server!.hostname}:${server!.port || '5432'}`;
    const missing = new URL(saved!);
    missing.pathname = '/portero_no_such_database';
    expect(await tenantListOn(missing.toString())).toEqual({
      code: 2,
      out: [],
      err: `database: there is no database "portero_no_such_database" at ${at} (3D000): create it (createdb portero_no_such_database) or fix DATABASE_URL`,
    });
    const stranger = new URL(saved!);
    stranger.username = 'portero_no_such_role';
    stranger.password = 'not-shown';
    const refused = await tenantListOn(stranger.toString());
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^database: PostgreSQL at .* refused the role "portero_no_such_role" \(28(000|P01)\)/);
    expect(refused.err).not.toContain('not-shown');
  });
});
