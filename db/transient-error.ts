import { errorCode } from '../src/app/error-fields.ts';

// Errors that say the database was unreachable or went away mid-conversation, not that a statement was wrong: the
// work can be run again on a new connection. postgres.js names its own connection errors; the server's come as
// SQLSTATE codes (class 08 connection exceptions, 57P0x shutdowns and start-up, and the two conflicts PostgreSQL
// itself asks clients to retry).

const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/** Shutdowns and start-up, and too many connections (a replica starting while others hold the server's slots). */
const SHUTDOWN_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Serialization failure and deadlock: the server answered, and rolled the transaction back. */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);

/** 'connection': the database went away (a COMMIT in flight may or may not have landed); 'conflict': rolled back. */
export function transientDatabaseError(error: unknown): 'connection' | 'conflict' | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (CONFLICT_SQLSTATES.has(code)) return 'conflict';
  if (NODE_CODES.has(code) || DRIVER_CODES.has(code) || SHUTDOWN_SQLSTATES.has(code) || code.startsWith('08'))
    return 'connection';
  return undefined;
}
