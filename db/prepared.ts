import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { PgDatabase, PgDialect, type PgSession, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

// A query drizzle builds once and then runs many times, in whichever transaction it is given. drizzle's own
// `.prepare()` ties a query to the handle it was built on, never to a later transaction; and building a query (walking
// its SQL chunks) costs more of this process's CPU than the database spends answering a simple one (README,
// Performance). Same SQL text every call, so postgres.js keeps it prepared per connection as well.
//
// Values go in as `sql.placeholder(name)` and reach the driver as given: a column's own encoding (dates as ISO text,
// JSON as text) is not applied to them, so pass `driverValues(table, row)` for whole rows and plain strings or
// numbers for keys.

/**
 * What drizzle hands its session to prepare a query, and what a select sets on the prepared query afterwards (which
 * joined tables may be all null): enough to prepare it again on another session.
 */
interface Recipe {
  args: Parameters<PgSession['prepareQuery']>;
  joinsNotNullableMap?: Record<string, boolean>;
}

interface Executable<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}
type Values = Record<string, unknown>;

/** A query builder (select, insert, update, delete) of drizzle, built with placeholders, run with values. */
export function prepared<T>(build: (db: Db) => { prepare(name: string): Executable<T> }) {
  let recipe: Recipe | undefined;
  return (db: Db, values: Values = {}): Promise<T> => {
    recipe ??= record((recorder) => build(recorder).prepare('portero'));
    return run<T>(db, recipe, values);
  };
}

/** A statement written with drizzle's `sql` (CTEs and the like); the result is what `db.execute()` gives. */
export function preparedSql(build: (db: Db) => SQL) {
  let recipe: Recipe | undefined;
  return (db: Db, values: Values = {}): Promise<unknown> => {
    recipe ??= record((recorder) => recorder.execute(build(recorder)));
    return run<unknown>(db, recipe, values);
  };
}

/** A value given when the statement runs; usable wherever drizzle takes SQL (where, set, values). */
export const placeholder = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** The placeholders of a row's defined fields, named `${prefix}${field}`: the shape of `driverValues`. */
export function placeholdersFor<R extends object>(row: R, prefix: string): { [K in keyof R]: SQL } {
  const out: Record<string, SQL> = {};
  for (const [key, value] of Object.entries(row)) if (value !== undefined) out[key] = placeholder(prefix + key);
  return out as { [K in keyof R]: SQL };
}

/** A row's defined fields as the driver takes them (each column's own encoding applied), named `${prefix}${field}`. */
export function driverValues(table: PgTable, row: object, prefix = ''): Values {
  const columns = getTableColumns(table);
  const out: Values = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`driverValues: ${key} is not a column of the table`);
    out[prefix + key] = value === null ? null : column.mapToDriverValue(value);
  }
  return out;
}

/** The fields of a row that a prepared shape depends on: those with a value. */
export const definedKeys = (row: object) =>
  Object.entries(row)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .join(',');

function run<T>(db: Db, recipe: Recipe, values: Values): Promise<T> {
  const query = db._.session.prepareQuery(...recipe.args) as unknown as Executable<T> & Partial<Recipe>;
  if (recipe.joinsNotNullableMap) query.joinsNotNullableMap = recipe.joinsNotNullableMap;
  return query.execute(values);
}

/** Builds the query on a database whose session keeps the recipe instead of preparing it. */
function record(build: (recorder: Db) => unknown): Recipe {
  let recipe: Recipe | undefined;
  const session = {
    prepareQuery(...args: Recipe['args']) {
      const stub: Recipe = { args };
      recipe = stub;
      return Object.assign(stub, { setToken: () => stub });
    },
  } as unknown as PgSession;
  build(new PgDatabase(new PgDialect(), session, undefined) as unknown as Db);
  if (!recipe) throw new Error('prepared: building the query prepared nothing');
  return { args: recipe.args, ...(recipe.joinsNotNullableMap && { joinsNotNullableMap: recipe.joinsNotNullableMap }) };
}
