// What a log line may say of an error: its name and the driver's code. Never its message: a failed statement's
// message quotes the statement's parameters, which carry what customers and agents wrote.

export function errorFields(error: unknown): { error: string; code?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = errorCode(error);
  return code === undefined ? { error: name } : { error: name, code };
}

/** The driver's code, on the error or on what it wraps: drizzle puts a failed statement's error in `cause`. */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}
