import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `tenant add --policy <file>`: the file is checked as the start checks it, copied into PORTERO_POLICIES_DIR under
// its id (so the next start knows it), and only then the tenant is added; a broken file writes nothing and adds nothing.

useCliDeployment('tenant-policy-file');
const saved = process.env.PORTERO_POLICIES_DIR;
let dir = '';
let files = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portero-policies-'));
  files = mkdtempSync(join(tmpdir(), 'portero-policy-files-'));
  cpSync('policies', dir, { recursive: true });
  process.env.PORTERO_POLICIES_DIR = dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.PORTERO_POLICIES_DIR;
  else process.env.PORTERO_POLICIES_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const itbx = readFileSync('policies/itbx.yaml', 'utf8');
/** The itbx preset under another id and name: a policy of the operator's own. */
function policyFile(name: string, id: string, policyName = 'Acme Rules') {
  const path = join(files, name);
  writeFileSync(path, itbx.replace(/^id: itbx$/m, `id: ${id}`).replace(/^name: ITBX$/m, `name: ${policyName}`));
  return path;
}
const tenantIds = async () => (await portero('tenant', 'list')).out.map((line) => line.split('\t')[0]);

describe(`portero tenant add --policy <file> on ${testDriver()}`, { timeout: 90_000 }, () => {
  it('copies a good file into the policies directory under its id and adds the tenant on it', async () => {
    const file = policyFile('mine.yaml', 'acme-rules');
    expect(await portero('tenant', 'add', 'acme', '--policy', file, '--prefix', 'ACM')).toEqual({
      code: 0,
      out: [
        `policy acme-rules copied to ${join(dir, 'acme-rules.yaml')}`,
        'tenant acme added: policy acme-rules, cases ACM-1, ACM-2, …',
      ],
      err: '',
    });
    expect(readFileSync(join(dir, 'acme-rules.yaml'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    // The next start reads it from the directory: the tenant's policy is known there.
    expect((await portero('tenant', 'list')).out).toContain('acme\tACM\tpolicy acme-rules\tAcme Rules');
    expect((await portero('policy', 'show', join(dir, 'acme-rules.yaml'))).code).toBe(0);
    // The same file again is no clash: nothing to copy.
    expect(await portero('tenant', 'add', 'acme-two', '--policy', file, '--prefix', 'ACM2')).toEqual({
      code: 0,
      out: ['tenant acme-two added: policy acme-rules, cases ACM2-1, ACM2-2, …'],
      err: '',
    });
  });

  it('a broken file: one line naming the file, the line and the problem, exit 2, nothing written, no tenant', async () => {
    const file = join(files, 'broken.yaml');
    writeFileSync(file, 'id: broken\nname: [unclosed\n');
    const before = readdirSync(dir);
    const result = await portero('tenant', 'add', 'broken-desk', '--policy', file);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^portero tenant: policy file ${file}: line 3: `)),
    ]);
    expect(readdirSync(dir)).toEqual(before);
    expect(await tenantIds()).not.toContain('broken-desk');
  });

  it('refuses a different file under an id already in the directory unless --replace', async () => {
    const other = policyFile('other.yaml', 'acme-rules', 'Acme Rules v2');
    const clash = await portero('tenant', 'add', 'acme-three', '--policy', other, '--prefix', 'ACM3');
    expect(clash.code).toBe(1);
    expect(clash.err).toBe(
      `refused: policy acme-rules already exists as ${join(dir, 'acme-rules.yaml')} with other rules; give the file another id, or --replace to overwrite it (its tenants follow the new rules from their next start)`,
    );
    expect(readFileSync(join(dir, 'acme-rules.yaml'), 'utf8')).toContain('name: Acme Rules\n');
    expect(await tenantIds()).not.toContain('acme-three');

    const replaced = await portero('tenant', 'add', 'acme-three', '--policy', other, '--prefix', 'ACM3', '--replace');
    expect(replaced).toMatchObject({
      code: 0,
      out: [
        `policy acme-rules replaced in ${join(dir, 'acme-rules.yaml')}`,
        expect.stringMatching(/^tenant acme-three added/),
      ],
    });
    expect(readFileSync(join(dir, 'acme-rules.yaml'), 'utf8')).toContain('name: Acme Rules v2\n');
  });

  it('puts the directory back when the tenant is refused after the copy', async () => {
    const file = policyFile('late.yaml', 'late-rules');
    const refused = await portero('tenant', 'add', 'acme', '--policy', file, '--prefix', 'LATE');
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^refused \(tenant\.duplicate\)/) });
    expect(existsSync(join(dir, 'late-rules.yaml'))).toBe(false);
  });
});
