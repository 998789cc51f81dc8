import type { z } from 'zod';

/** `priorities[1].targets.firstResponse` from zod's ['priorities', 1, 'targets', 'firstResponse']. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

/** One line a problem: `path: message`. */
export function formatPolicyIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
}
