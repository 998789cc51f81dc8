import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortero } from '../../src/main.ts';
import { runPortero } from '../helpers/cli-deployment.ts';

// A broken policy file or a policies directory that is not there: every command, `serve` included, refuses to start
// with one message naming the file, the line and the problem, and exits 2. The server does not start without the
// broken tenant: a tenant missing at use time would answer its customers and agents with nothing.

const saved = process.env.PORTERO_POLICIES_DIR;
const dirs: string[] = [];
afterEach(async () => {
  if (saved === undefined) delete process.env.PORTERO_POLICIES_DIR;
  else process.env.PORTERO_POLICIES_DIR = saved;
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function policiesDir(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'portero-policies-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const run = (dir: string, ...argv: string[]) => {
  process.env.PORTERO_POLICIES_DIR = dir;
  return runPortero(argv, { open: createPortero });
};

describe('policy files that cannot be read', () => {
  it('a YAML error: the file, the line and the problem, exit 2, for serve and any other command', async () => {
    const dir = await policiesDir({ 'broken.yaml': 'id: broken\nname: [unclosed\n' });
    for (const argv of [['serve'], ['tenant', 'list']]) {
      const result = await run(dir, ...argv);
      expect(result.code).toBe(2);
      expect(result.out).toEqual([]);
      expect(result.err).toMatch(
        new RegExp(`^portero ${argv[0]}: policy broken \\(${join(dir, 'broken.yaml')}\\) is invalid:\\n  line 3: `),
      );
      expect(result.err).not.toMatch(/\bat \S+\.ts:\d+/); // no stack trace
    }
  });

  it('a directory that does not exist, or holds no policy: named, exit 2', async () => {
    const missing = join(tmpdir(), 'portero-no-such-policies-dir');
    expect(await run(missing, 'tenant', 'list')).toEqual({
      code: 2,
      out: [],
      err: `portero tenant: policies directory ${missing} does not exist: check PORTERO_POLICIES_DIR`,
    });
    const empty = await policiesDir({ 'README.txt': 'nothing here' });
    expect((await run(empty, 'tenant', 'list')).err).toBe(
      `portero tenant: policies directory ${empty} has no policy file (*.yaml): check PORTERO_POLICIES_DIR`,
    );
  });
});
