import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase, redactUrl, rows } from '../../db/client.ts';
import { tenants } from '../../db/schema/index.ts';
import { testDriver, useTestDb } from '../helpers/db.ts';

const tenant = (id: string) => ({ id, name: id.toUpperCase(), policyId: id, casePrefix: id.toUpperCase() });

describe(`database client on ${testDriver()}`, () => {
  const t = useTestDb();

  it('runs on the driver DATABASE_URL selects', () => {
    expect(t.driver).toBe(testDriver());
    expect(t.database.location).not.toMatch(/:[^:@/]+@/); // no password in what may be printed
  });

  it('gives raw rows one shape on both drivers: plain objects, numbers for counts and bigints, parsed jsonb', async () => {
    await t.db.insert(tenants).values([tenant('itbx'), tenant('oys')]);
    const result = await t.db.execute(sql`
      select count(*) as "count", 12345678901::bigint as "big", '{"a":[1]}'::jsonb as "json", 1.5::numeric as "numeric"
      from ${tenants}`);
    expect(rows(result)).toEqual([{ count: 2, big: 12345678901, json: { a: [1] }, numeric: '1.5' }]);
    expect(Array.isArray(rows(result))).toBe(true);
    expect(Object.getPrototypeOf(rows(result))).toBe(Array.prototype);
  });

  it('gives an empty array for no rows, and refuses what is not a result', async () => {
    expect(rows(await t.db.execute(sql`select 1 where false`))).toEqual([]);
    expect(() => rows({ nope: true })).toThrow(/not the result of db.execute/);
  });

  it('leaves nothing behind from a transaction that throws', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(tenants).values(tenant('itbx'));
        expect(await tx.$count(tenants)).toBe(1); // visible inside, through the transaction handle
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.db.$count(tenants)).toBe(0);
  });

  it('commits a transaction that returns, with its value', async () => {
    const id = await t.db.transaction(async (tx) => {
      const [row] = await tx.insert(tenants).values(tenant('itbx')).returning({ id: tenants.id });
      return row?.id;
    });
    expect(id).toBe('itbx');
    expect(await t.db.select({ id: tenants.id }).from(tenants)).toEqual([{ id: 'itbx' }]);
  });

  it.runIf(testDriver() === 'postgres')("gives a transaction's connection back whatever happens", async () => {
    if (t.database.driver !== 'postgres') return;
    // One connection: a transaction that kept it would leave the next one waiting for ever.
    const single = await openDatabase({ url: t.database.url, poolSize: 1 });
    try {
      await expect(
        single.db.transaction(async (tx) => {
          await tx.insert(tenants).values(tenant('itbx'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(single.db.transaction((tx) => tx.execute(sql`select * from no_such_table`))).rejects.toThrow(
        /no_such_table/,
      );
      // Both statements see the same now(): they ran in one transaction, the first one included.
      const [first, second] = await single.db.transaction(async (tx) => {
        const [a] = rows<{ at: string }>(await tx.execute(sql`select now()::text as at`));
        await tx.execute(sql`select pg_sleep(0.01)`);
        const [b] = rows<{ at: string }>(await tx.execute(sql`select now()::text as at`));
        await tx.insert(tenants).values(tenant('oys'));
        return [a?.at, b?.at];
      });
      expect(first).toBe(second);
      expect(await single.db.select({ id: tenants.id }).from(tenants)).toEqual([{ id: 'oys' }]);
    } finally {
      await single.close();
    }
  });

  it('fails a transaction whose failed statement the work swallowed: nothing of it is committed', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(tenants).values(tenant('itbx'));
        await tx.execute(sql`select * from no_such_table`).catch(() => {});
      }),
    ).rejects.toThrow(/no_such_table|rolled back/);
    expect(await t.db.$count(tenants)).toBe(0);
  });

  it.runIf(testDriver() === 'postgres')(
    'fails a transaction whose connection dies with the connection error, and carries on with a new connection',
    async () => {
      if (t.database.driver !== 'postgres') return;
      // One connection: after each death the next transaction needs it back, reconnected.
      const single = await openDatabase({ url: t.database.url, poolSize: 1 });
      const killer = await openDatabase({ url: t.database.url, poolSize: 1 });
      const backendOf = async (tx: Db) =>
        rows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;
      const terminate = (pid: number) => killer.db.execute(sql`select pg_terminate_backend(${pid})`);
      const driverCode = (error: unknown) => {
        // drizzle wraps a failed statement's error ("Failed query: …"); postgres.js fails the transaction itself with
        // the connection's error when the connection closes first.
        const { code, cause } = error as { code?: string; cause?: { code?: string } };
        return cause?.code ?? code;
      };
      try {
        // Killed while a statement runs (a failover, an operator): the statement fails with the server's reason.
        let pid: number | undefined;
        const running = single.db
          .transaction(async (tx) => {
            pid = await backendOf(tx);
            await tx.insert(tenants).values(tenant('itbx'));
            await tx.execute(sql`select pg_sleep(5)`);
          })
          .catch((error: unknown) => driverCode(error));
        await expect.poll(() => pid).toBeDefined();
        await terminate(pid!);
        expect(await running).toBe('57P01'); // admin_shutdown

        // Killed while the transaction waits between statements: it fails with the server's reason as the connection
        // closes (or, should the next statement get there first, with the closed socket's).
        const idle = await single.db
          .transaction(async (tx) => {
            await tx.execute(sql`set local idle_in_transaction_session_timeout = 50`);
            await new Promise((resolve) => setTimeout(resolve, 300));
            await tx.execute(sql`select 1`);
          })
          .catch((error: unknown) => driverCode(error));
        expect(['25P03', 'CONNECTION_CLOSED']).toContain(idle); // idle_in_transaction_session_timeout

        // The pool's one connection is back, and nothing of the killed transactions was written.
        expect(await single.db.transaction((tx) => tx.$count(tenants))).toBe(0);
      } finally {
        await single.close();
        await killer.close();
      }
    },
  );

  it('answers ping()', async () => {
    await expect(t.database.ping()).resolves.toBeUndefined();
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://portero:s3cr%40t@db.example:5432/portero', 'postgres://portero:***@db.example:5432/portero'],
    [
      'postgres://db.example/portero?password=hunter2&sslmode=require',
      'postgres://db.example/portero?password=***&sslmode=require',
    ],
    ['postgres://portero@db.example/portero', 'postgres://portero@db.example/portero'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('prints nothing of a URL it cannot parse', () => {
    expect(redactUrl('not a url with secret')).toBe('(unparsable URL)');
  });
});
