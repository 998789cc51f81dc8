import { type Column, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

// drizzle builds a statement's SQL text again on every call, and on a signed-in portal page that was a fifth of the
// process's CPU. A statement written with `sql.placeholder()` and prepared once per database handle is only filled in
// and sent (drizzle's documented prepared statements). The database's own handle (`Store.read`) lives as long as the
// process; a transaction's lives as long as the transaction, so there it is built once per transaction, as before.

const preparedByHandle = new WeakMap<object, Map<string, unknown>>();

/**
 * The statement `build` makes, prepared as `name` on this handle the first time and reused after. `name` must name
 * one shape of statement: a builder that varies (another table, another filter) needs a name for each variant.
 */
export function prepareOnce<P>(db: Tx, name: string, build: () => { prepare(name: string): P }): P {
  let prepared = preparedByHandle.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByHandle.set(db, prepared);
  }
  if (!prepared.has(name)) prepared.set(name, build().prepare(name));
  return prepared.get(name) as P;
}

/**
 * A placeholder for a value of `column`, encoded as drizzle encodes a literal of it: a bare placeholder reaches the
 * driver as given, and postgres.js under drizzle takes timestamps only as text.
 */
export const placeholderOf = (column: Column, name: string) => sql.param(sql.placeholder(name), column);
