// What a log line may say of an error: its name and the driver's code. Never its message: a failed statement's
// message quotes the statement's parameters, which carry what customers and agents wrote.

export function errorFields(error: unknown): { error: string; code?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return { error: name, code };
    current = cause;
  }
  return { error: name };
}
