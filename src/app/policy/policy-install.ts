import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import { parsePolicyYaml } from './policy-file.ts';

// `tenant add --policy <file>`: the deployment reads its policies from PORTERO_POLICIES_DIR at every start, so a file
// kept elsewhere would be unknown at the next one. The file is checked with the loader the start uses, then copied
// into that directory as <policy id>.yaml; a tenant refused afterwards puts the directory back as it was.

export type PolicyInstall =
  | { ok: true; policy: Policy; path: string; written: 'created' | 'replaced' | 'unchanged'; undo(): Promise<void> }
  | { ok: false; problem: 'invalid'; lines: string[] }
  | { ok: false; problem: 'clash'; policyId: string; path: string };

export async function installPolicyFile(input: {
  file: string;
  dir: string;
  replace: boolean;
}): Promise<PolicyInstall> {
  let text: string;
  try {
    text = await readFile(input.file, 'utf8');
  } catch (error) {
    return { ok: false, problem: 'invalid', lines: [`cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`] };
  }
  const parsed = parsePolicyYaml(text);
  if (!parsed.ok) return { ok: false, problem: 'invalid', lines: parsed.problems };
  const { policy } = parsed;
  const path = join(input.dir, `${policy.id}.yaml`);
  const previous = await readFile(path, 'utf8').catch(() => undefined);
  const installed = (written: 'created' | 'replaced' | 'unchanged', undo: () => Promise<void>) =>
    ({ ok: true, policy, path, written, undo }) as const;
  if (previous === text) return installed('unchanged', async () => {});
  if (previous !== undefined && !input.replace) return { ok: false, problem: 'clash', policyId: policy.id, path };
  await writeAtomically(path, text);
  return previous === undefined
    ? installed('created', () => unlink(path))
    : installed('replaced', () => writeAtomically(path, previous));
}

/** Through a temporary file and a rename, so a server starting meanwhile reads the old file or the new one, whole. */
async function writeAtomically(path: string, text: string) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
