import { inflateSync } from 'node:zlib';

// Reads an 8-bit RGBA PNG into pixels, undoing the five row filters (PNG spec §9), so that the committed Teams
// icons can be checked whatever tool drew them.

export interface Png {
  width: number;
  height: number;
  colorType: number;
  bitDepth: number;
  pixels: number[][];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readPng(png: Buffer): Png {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('ascii', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const header = chunks[0]!;
  if (header.type !== 'IHDR') throw new Error('PNG without IHDR first');
  const width = header.data.readUInt32BE(0);
  const height = header.data.readUInt32BE(4);
  const bitDepth = header.data[8]!;
  const colorType = header.data[9]!;
  if (bitDepth !== 8 || colorType !== 6 || header.data[12] !== 0)
    return { width, height, colorType, bitDepth, pixels: [] };
  const rows = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const raw = rows[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? out[y * stride + i - 4]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? out[(y - 1) * stride + i - 4]! : 0;
      out[y * stride + i] = (raw + predict(filter, a, b, c)) & 0xff;
    }
  }
  const pixels: number[][] = [];
  for (let p = 0; p < out.length; p += 4) pixels.push([out[p]!, out[p + 1]!, out[p + 2]!, out[p + 3]!]);
  return { width, height, colorType, bitDepth, pixels };
}

function predict(filter: number, a: number, b: number, c: number): number {
  if (filter === 0) return 0;
  if (filter === 1) return a;
  if (filter === 2) return b;
  if (filter === 3) return (a + b) >> 1;
  if (filter === 4) {
    const p = a + b - c;
    const pa = Math.abs(p - a);
    const pb = Math.abs(p - b);
    const pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
  throw new Error(`PNG row filter ${filter} is not one of 0–4`);
}
