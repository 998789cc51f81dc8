import { type Column, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

// drizzle builds a statement's SQL text again on every call, and on a signed-in portal page that was a fifth of the
// process's CPU. A statement written with `sql.placeholder()` and prepared once per database handle is only filled in
// and sent (drizzle's documented prepared statements). The database's own handle (`Store.read`) lives as long as the
// process; a transaction's lives as long as the transaction, so there a statement is built once per transaction.

interface Prepared<P> {
  statement: P;
  /** Its SQL text, kept only while shapes are checked. */
  text?: string;
}

const preparedByHandle = new WeakMap<object, Map<string, Prepared<unknown>>>();
let checkingShapes = false;

/**
 * The tests' guard (test/helpers/check-prepared-shapes.ts turns it on for every file): every call builds its statement
 * anyway and throws when one name has been given two texts. A variant keyed under another's name would otherwise be
 * answered with the other's SQL (another table, no row lock).
 */
export function checkPreparedShapes(on: boolean): void {
  checkingShapes = on;
}

/**
 * The statement `build` makes, prepared as `name` on this handle the first time and reused after. `name` must name
 * one text: a builder that varies (another table, another filter) needs a name for each variant.
 */
export function prepareOnce<P>(
  db: Tx,
  name: string,
  build: () => { prepare(name: string): P; toSQL(): { sql: string } },
): P {
  let prepared = preparedByHandle.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByHandle.set(db, prepared);
  }
  const known = prepared.get(name) as Prepared<P> | undefined;
  if (known && !checkingShapes) return known.statement;
  const query = build();
  if (!known) {
    const made: Prepared<P> = { statement: query.prepare(name), ...(checkingShapes && { text: query.toSQL().sql }) };
    prepared.set(name, made);
    return made.statement;
  }
  if (known.text !== undefined && query.toSQL().sql !== known.text)
    throw new Error(`prepareOnce: "${name}" names two statements:\n${known.text}\n${query.toSQL().sql}`);
  return known.statement;
}

/**
 * A placeholder for a value of `column`, encoded as drizzle encodes a literal of it: a bare placeholder reaches the
 * driver as given, and postgres.js under drizzle takes timestamps only as text.
 */
export const placeholderOf = (column: Column, name: string) => sql.param(sql.placeholder(name), column);
