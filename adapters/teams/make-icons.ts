import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.ts';

// Draws the two icons a Teams app needs: color.png (192×192, full colour) and outline.png (32×32, white on
// transparent). A door: Portero is the doorman. Run it to redraw them: node --import tsx adapters/teams/make-icons.ts

type Rgba = [number, number, number, number];
const ACCENT: Rgba = [0x1f, 0x4e, 0x79, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

function canvas(size: number, paint: (x: number, y: number) => Rgba): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels.set(paint(x, y), (y * size + x) * 4);
  return pixels;
}

const inside = (x: number, y: number, left: number, top: number, right: number, bottom: number) =>
  x >= left && x < right && y >= top && y < bottom;

/** An accent square; a white door with an accent knob, standing on a white step. */
export function colorIcon(): Uint8Array {
  return canvas(192, (x, y) => {
    const knob = (x - 114) ** 2 + (y - 100) ** 2 <= 36;
    if (knob) return ACCENT;
    if (inside(x, y, 62, 38, 130, 150)) return WHITE;
    if (inside(x, y, 50, 150, 142, 158)) return WHITE;
    return ACCENT;
  });
}

/** The same door as a 2-pixel white outline with its knob, on transparent. */
export function outlineIcon(): Uint8Array {
  return canvas(32, (x, y) => {
    const frame = inside(x, y, 9, 4, 23, 28) && !inside(x, y, 11, 6, 21, 28);
    const step = inside(x, y, 6, 27, 26, 29);
    const knob = inside(x, y, 17, 15, 19, 17);
    return frame || step || knob ? WHITE : CLEAR;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('./manifest/', import.meta.url);
  writeFileSync(new URL('color.png', dir), encodePng(192, 192, colorIcon()));
  writeFileSync(new URL('outline.png', dir), encodePng(32, 32, outlineIcon()));
  console.log(`icons written to ${fileURLToPath(dir)}`);
}
