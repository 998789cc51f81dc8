import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import { readPolicyFile } from './policy-file.ts';

/** The presets shipped with Portero: policies/<id>.yaml at the package root. */
export const PRESETS_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

export const looksLikePath = (ref: string) => ref.includes('/') || ref.endsWith('.yaml') || ref.endsWith('.yml');

/** Where a `--policy` reference points: a path as given, or an id under `dir`. */
export function policyPath(ref: string, dir = PRESETS_DIR): string {
  return looksLikePath(ref) ? ref : join(dir, `${ref}.yaml`);
}

export class PolicyNotFoundError extends Error {}
export class InvalidPolicyError extends Error {
  constructor(
    readonly ref: string,
    readonly problems: string[],
    /** The file it was read from, named in the message so the operator knows what to fix. */
    readonly path?: string,
  ) {
    super(`policy ${ref}${path ? ` (${path})` : ''} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** PORTERO_POLICIES_DIR names no directory, or one without any policy file: no tenant could work. */
export class PolicyDirectoryError extends Error {}

/** Loads a policy by id (a preset) or path; throws with a clear message when it is unknown or invalid. */
export async function loadPolicy(ref: string, dir = PRESETS_DIR): Promise<Policy> {
  const path = policyPath(ref, dir);
  const result = await readPolicyFile(path);
  if (result.ok) return result.policy;
  if (result.problems[0]?.includes('ENOENT')) {
    const known = await listPresetIds(dir);
    throw new PolicyNotFoundError(`unknown policy "${ref}"; expected a path or one of: ${known.join(', ')}`);
  }
  throw new InvalidPolicyError(ref, result.problems, path);
}

export async function listPresetIds(dir = PRESETS_DIR): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

export async function loadPresets(dir = PRESETS_DIR): Promise<Policy[]> {
  const ids = await listPresetIds(dir);
  if (ids.length === 0) {
    const exists = await stat(dir).then(
      (found) => found.isDirectory(),
      () => false,
    );
    throw new PolicyDirectoryError(
      exists
        ? `policies directory ${dir} has no policy file (*.yaml): check PORTERO_POLICIES_DIR`
        : `policies directory ${dir} does not exist: check PORTERO_POLICIES_DIR`,
    );
  }
  return Promise.all(ids.map((id) => loadPolicy(id, dir)));
}
