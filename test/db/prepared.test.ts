import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../db/client.ts';
import { driverValues, placeholder as p, placeholdersFor, prepared, preparedSql } from '../../db/prepared.ts';
import { agents, tenants } from '../../db/schema/index.ts';
import { testDriver, useTestDb } from '../helpers/db.ts';

const tenant = (id: string) => ({ id, name: id.toUpperCase(), policyId: id, casePrefix: id.toUpperCase() });

describe(`statements built once (db/prepared.ts) on ${testDriver()}`, () => {
  const t = useTestDb();

  const tenantWithAgent = prepared((db) =>
    db
      .select({ tenant: tenants, agent: agents })
      .from(tenants)
      .leftJoin(agents, and(eq(agents.tenantId, tenants.id), eq(agents.handle, p('handle'))))
      .where(eq(tenants.id, p('tenantId'))),
  );

  it('runs in the transaction it is given, with each call’s values, and maps rows as drizzle does', async () => {
    await t.db.insert(tenants).values([tenant('itbx'), tenant('oys')]);
    await t.db.insert(agents).values({ tenantId: 'itbx', handle: 'ana', name: 'Ana' });

    const [withAgent] = await tenantWithAgent(t.db, { tenantId: 'itbx', handle: 'ana' });
    expect(withAgent?.agent?.name).toBe('Ana');
    expect(withAgent?.tenant.createdAt).toBeInstanceOf(Date);
    // A left join that finds nothing is null, not an object of nulls.
    const [without] = await tenantWithAgent(t.db, { tenantId: 'oys', handle: 'ana' });
    expect(without).toMatchObject({ tenant: { id: 'oys' }, agent: null });

    const rename = prepared((db) =>
      db
        .update(tenants)
        .set({ name: p('name') })
        .where(eq(tenants.id, p('id')))
        .returning({ name: tenants.name }),
    );
    await expect(
      t.db.transaction(async (tx) => {
        expect(await rename(tx, { id: 'itbx', name: 'Renamed' })).toEqual([{ name: 'Renamed' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await tenantWithAgent(t.db, { tenantId: 'itbx', handle: 'ana' }))[0]?.tenant.name).toBe('ITBX');
  });

  it('inserts whole rows through placeholders with each column’s own encoding (dates, JSON)', async () => {
    await t.db.insert(tenants).values(tenant('itbx'));
    const createdAt = new Date('2026-01-02T03:04:05.678Z');
    const row = { ...tenant('oys'), createdAt, nextCaseNumber: undefined };
    const insert = prepared((db) => db.insert(tenants).values(placeholdersFor(row, 'r_')).returning());
    const [inserted] = await insert(t.db, driverValues(tenants, row, 'r_'));
    expect(inserted).toMatchObject({ id: 'oys', createdAt, nextCaseNumber: 1 }); // undefined: the column's default

    const json = preparedSql(() => sql`select ${p('doc')}::jsonb as "doc", ${p('n')}::int + 1 as "next"`);
    expect(rows(await json(t.db, { doc: JSON.stringify({ a: [1] }), n: 41 }))).toEqual([{ doc: { a: [1] }, next: 42 }]);
    expect(() => driverValues(tenants, { nope: 1 })).toThrow(/nope is not a column/);
  });

  it('refuses to run without a value for each placeholder', async () => {
    await expect(tenantWithAgent(t.db, { tenantId: 'itbx' })).rejects.toThrow(/handle/);
  });
});
