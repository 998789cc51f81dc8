import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packageManifest } from '../../../adapters/teams/package-manifest.ts';
import { readPng } from '../../helpers/read-png.ts';

// The Teams app package: a ZIP with manifest.json (the bot's app id filled in) and the two icons Teams requires.

const APP_ID = '11111111-2222-4333-8444-555555555555';

function packaged() {
  const output = join(mkdtempSync(join(tmpdir(), 'portero-teams-')), 'app.zip');
  const result = packageManifest({ appId: APP_ID, version: '0.1.0', output });
  if (!result.ok) throw new Error(result.problem);
  const entries = new Map(
    Object.entries(unzipSync(readFileSync(output))).map(([name, data]) => [name, Buffer.from(data)]),
  );
  return { output, entries };
}

describe('npm run teams:package', () => {
  it('zips manifest.json with the app id as the app and bot id, and both icons', () => {
    const { entries } = packaged();
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.version).toBe('0.1.0');
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(JSON.stringify(manifest)).not.toContain('{{');
  });

  it('icons: the committed PNGs, color 192×192 opaque, outline 32×32 white on transparent', () => {
    const { entries } = packaged();
    for (const name of ['color.png', 'outline.png'])
      expect(entries.get(name)).toEqual(
        readFileSync(new URL(`../../../adapters/teams/manifest/${name}`, import.meta.url)),
      );
    const color = readPng(entries.get('color.png')!);
    expect([color.width, color.height, color.bitDepth, color.colorType]).toEqual([192, 192, 8, 6]);
    expect(color.pixels.every(([, , , alpha]) => alpha === 255)).toBe(true);
    const outline = readPng(entries.get('outline.png')!);
    expect([outline.width, outline.height, outline.bitDepth, outline.colorType]).toEqual([32, 32, 8, 6]);
    const kinds = new Set(outline.pixels.map((p) => (p[3] === 0 ? 'clear' : p.join(','))));
    expect(kinds).toEqual(new Set(['clear', '255,255,255,255']));
  });

  it('refuses without a MicrosoftAppId or with one that is not a GUID, saying what to set', () => {
    expect(packageManifest({ appId: undefined, version: '0.1.0' })).toMatchObject({
      ok: false,
      problem: /MicrosoftAppId must be set/,
    });
    expect(packageManifest({ appId: 'my-bot', version: '0.1.0' })).toMatchObject({
      ok: false,
      problem: /must be a GUID.*"my-bot"/,
    });
  });

  const hasUnzip = (() => {
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasUnzip)('unzip -t finds no errors in it (needs the unzip tool)', () => {
    const { output } = packaged();
    expect(execFileSync('unzip', ['-t', output], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });
});
