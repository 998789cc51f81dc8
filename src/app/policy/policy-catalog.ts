import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import { readPolicyFile } from './policy-file.ts';

/** The presets shipped with Portero: policies/<id>.yaml at the package root. */
export const PRESETS_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

const looksLikePath = (ref: string) => ref.includes('/') || ref.endsWith('.yaml') || ref.endsWith('.yml');

/** Where a `--policy` reference points: a path as given, or an id under `dir`. */
export function policyPath(ref: string, dir = PRESETS_DIR): string {
  return looksLikePath(ref) ? ref : join(dir, `${ref}.yaml`);
}

export class PolicyNotFoundError extends Error {}
export class InvalidPolicyError extends Error {
  constructor(
    readonly ref: string,
    readonly problems: string[],
  ) {
    super(`policy ${ref} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Loads a policy by id (a preset) or path; throws with a clear message when it is unknown or invalid. */
export async function loadPolicy(ref: string, dir = PRESETS_DIR): Promise<Policy> {
  const path = policyPath(ref, dir);
  const result = await readPolicyFile(path);
  if (result.ok) return result.policy;
  if (result.problems[0]?.includes('ENOENT')) {
    const known = await listPresetIds(dir);
    throw new PolicyNotFoundError(`unknown policy "${ref}"; expected a path or one of: ${known.join(', ')}`);
  }
  throw new InvalidPolicyError(ref, result.problems);
}

export async function listPresetIds(dir = PRESETS_DIR): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

export async function loadPresets(dir = PRESETS_DIR): Promise<Policy[]> {
  return Promise.all((await listPresetIds(dir)).map((id) => loadPolicy(id, dir)));
}
