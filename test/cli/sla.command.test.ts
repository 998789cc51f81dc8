import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/portero.ts';

async function portero(argv: string[], stdinLines: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: Readable.from(stdinLines.map((line) => `${line}\n`)),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('portero sla due', () => {
  it('prints the due instant with the policy’s offset (crosspoint365 Friday 15:00 close, spring-forward)', async () => {
    const run = await portero([
      'sla',
      'due',
      '--policy',
      'crosspoint365',
      '--start',
      '2026-03-27T14:00:00+01:00',
      '--minutes',
      '120',
    ]);
    expect(run).toEqual({ code: 0, out: ['2026-03-30T10:00:00.000+02:00'], err: [] });
  });

  it('uses the priority’s calendar (jd-services A is 24x7) and reads a start without offset in the policy zone', async () => {
    const run = await portero([
      'sla',
      'due',
      '--policy',
      'jd-services',
      '--priority',
      'A',
      '--start',
      '2026-03-28T12:00',
      '--minutes',
      '1440',
    ]);
    expect(run.out).toEqual(['2026-03-29T13:00:00.000+02:00']);
    const office = await portero([
      'sla',
      'due',
      '--policy',
      'jd-services',
      '--start',
      '2026-03-28T12:00',
      '--minutes',
      '60',
    ]);
    expect(office.out).toEqual(['2026-03-30T10:00:00.000+02:00']);
  });

  it('takes a policy file path and keeps a target landing at closing time', async () => {
    const run = await portero([
      'sla',
      'due',
      '--policy',
      'policies/oys.yaml',
      '--start',
      '2026-04-03T17:00:00-03:00',
      '--minutes',
      '60',
    ]);
    expect(run.out).toEqual(['2026-04-03T18:00:00.000-03:00']);
  });
});

describe('portero sla elapsed', () => {
  it('prints whole business minutes (itbx: Friday, Saturday morning, holiday Monday)', async () => {
    const run = await portero([
      'sla',
      'elapsed',
      '--policy',
      'itbx',
      '--from',
      '2026-03-20T08:00',
      '--to',
      '2026-03-24T08:00:30',
    ]);
    expect(run).toEqual({ code: 0, out: [String(9 * 60 + 3 * 60)], err: [] });
  });
});

describe('portero sla --jsonl', () => {
  it('answers one JSON line per request, in order, with an error line for a bad one', async () => {
    const run = await portero(
      ['sla', 'due', '--jsonl'],
      [
        '{"policy":"itbx","priority":"alta","start":"2026-03-21T11:30:00-05:00","minutes":60}',
        'not json',
        '{"policy":"arcoirisapp","start":"2026-03-02T11:00:00-05:00","minutes":90}',
        '{"policy":"itbx","priority":"Z","start":"2026-03-21T11:30:00-05:00","minutes":60}',
      ],
    );
    expect(run.code).toBe(1);
    expect(run.out.map((line) => JSON.parse(line))).toEqual([
      { due: '2026-03-24T08:30:00.000-05:00' },
      { error: expect.stringContaining('JSON') },
      { due: '2026-03-02T14:30:00.000-05:00' },
      { error: expect.stringMatching(/priority: unknown priority "Z" of policy itbx; expected one of alta/) },
    ]);
  });

  it('answers elapsed requests, with --policy as the default policy', async () => {
    const run = await portero(
      ['sla', 'elapsed', '--jsonl', '--policy', 'crosspoint365'],
      ['{"from":"2026-03-27T14:00:00+01:00","to":"2026-03-30T10:00:00+02:00"}', '{"from":"2026-03-27T14:00:00+01:00"}'],
    );
    expect(run.out.map((line) => JSON.parse(line))).toEqual([
      { elapsed: 120 },
      { error: expect.stringMatching(/^to: expected an ISO-8601 date-time/) },
    ]);
  });
});

describe('portero sla misuse', () => {
  const due = (...options: string[]) => portero(['sla', 'due', ...options]);
  const base = ['--policy', 'itbx', '--start', '2026-03-20T08:00'];

  it.each([
    [
      ['--policy', 'nope', '--start', '2026-03-20T08:00', '--minutes', '5'],
      /--policy: unknown policy "nope"; expected .*itbx/,
    ],
    [
      [...base, '--minutes', '5', '--priority', 'Z'],
      /--priority: unknown priority "Z" of policy itbx; expected one of alta, media, baja/,
    ],
    [
      ['--policy', 'itbx', '--start', 'yesterday', '--minutes', '5'],
      /--start: expected an ISO-8601 date-time .*got "yesterday"/,
    ],
    [['--policy', 'itbx', '--start', '10:00', '--minutes', '5'], /--start: expected an ISO-8601 date-time/],
    [[...base, '--minutes', '1.5'], /--minutes: expected a whole number of business minutes ≥ 0, got "1.5"/],
    [[...base, '--minutes=-5'], /--minutes: expected a whole number of business minutes ≥ 0, got "-5"/],
    [base, /--minutes: expected a whole number .*got nothing/],
    [[...base, '--minutes', '5', '--from', 'x'], /Unknown option '--from'/],
  ])('exits 2 naming the option: %j', async (options, message) => {
    const run = await due(...options);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err.join('\n')).toMatch(message);
  });

  it('exits 2 on an unknown or missing subcommand, and prints usage on help', async () => {
    expect((await portero(['sla', 'sweep-everything'])).code).toBe(2);
    expect((await portero(['sla'])).code).toBe(2);
    const help = await portero(['sla', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/portero sla due --policy/);
  });

  it('exits 1 when the policy file is broken or names holidays nobody has', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portero-sla-'));
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'id: broken\n');
    expect((await due('--policy', broken, '--start', '2026-03-20T08:00', '--minutes', '5')).code).toBe(1);
    const itbx = await readFile('policies/itbx.yaml', 'utf8');
    const nowhere = join(dir, 'nowhere.yaml');
    await writeFile(nowhere, itbx.replace('country: CO', 'country: QQ'));
    const run = await due('--policy', nowhere, '--start', '2026-03-20T08:00', '--minutes', '5');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/no holiday data for country "QQ"/);
  });
});
