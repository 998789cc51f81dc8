// Arguments are checked once at the edge of every calendar method: a NaN instant is a bug, never a business answer.

export const MS_PER_MINUTE = 60_000;

/** Business minutes → whole business milliseconds (due instants are exact to the millisecond). */
export function minutesToMs(minutes: number): number {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`expected minutes ≥ 0, got ${minutes}`);
  return Math.round(minutes * MS_PER_MINUTE);
}

export function checkInstant(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`expected an instant in epoch milliseconds, got ${ms}`);
}

export function checkBusinessMs(businessMs: number): void {
  if (!(businessMs >= 0) || !Number.isFinite(businessMs)) {
    throw new RangeError(`expected business milliseconds ≥ 0, got ${businessMs}`);
  }
}
