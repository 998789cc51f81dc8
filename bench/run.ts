import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Bench } from './bench.types.ts';

// `npm run bench [name…]`: runs every bench/<name>.bench.ts, or only the named ones, one after another so they do
// not compete for the core. Exit 1 when a bench misses its goal, 2 when a name matches no bench.

const dir = fileURLToPath(new URL('./', import.meta.url));
const available = (await readdir(dir))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();
const asked = process.argv.slice(2).map((arg) => arg.replace(/(\.bench)?(\.ts)?$/, '').replace(/^bench\//, ''));
const unknown = asked.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`bench: no bench named ${unknown.join(', ')}; expected one of: ${available.join(', ')}\n`);
  process.exit(2);
}

let missed = 0;
for (const name of asked.length > 0 ? asked : available) {
  const bench = (await import(`./${name}.bench.ts`)).default as Bench;
  const report = await bench();
  process.stdout.write(`## ${report.name}\n${report.lines.join('\n')}\n\n`);
  if (!report.goalMet) missed++;
}
process.exitCode = missed > 0 ? 1 : 0;
