import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packageManifest } from '../../../adapters/teams/package-manifest.ts';

// The Teams app package: a ZIP with manifest.json (the bot's app id filled in) and the two icons Teams requires.

const APP_ID = '11111111-2222-4333-8444-555555555555';

/** The entries of a ZIP, read from its central directory (APPNOTE 4.3.12) and local headers. */
function unzipEntries(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(archive.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra;
  }
  return entries;
}

/** Width, height and RGBA pixels of an unfiltered 8-bit RGBA PNG (what make-icons.ts writes). */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25]]).toEqual([8, 6]);
  const idat = png.indexOf('IDAT');
  const rows = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const p = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([rows[p]!, rows[p + 1]!, rows[p + 2]!, rows[p + 3]!]);
    }
  }
  return { width, height, pixels };
}

function packaged() {
  const output = join(mkdtempSync(join(tmpdir(), 'portero-teams-')), 'app.zip');
  const result = packageManifest({ appId: APP_ID, version: '0.1.0', output });
  if (!result.ok) throw new Error(result.problem);
  return { output, entries: unzipEntries(readFileSync(output)) };
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

  it('icons: color 192×192, outline 32×32 white on transparent', () => {
    const { entries } = packaged();
    const color = readPng(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every(([, , , alpha]) => alpha === 255)).toBe(true);
    const outline = readPng(entries.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
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
