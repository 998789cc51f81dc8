// Durations in policy files are written for people ("4h", "90m", "1h30m") and used in minutes.
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?$/;

/** Minutes in a duration like "4h", "90m" or "1h30m"; undefined when the text is not one. */
export function parseDurationMinutes(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** "1h30m" back from 90; "0m" for 0. */
export function formatDurationMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}
