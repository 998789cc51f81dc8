#!/usr/bin/env node
// npm leaves out of package-lock.json the optional platform packages its registry does not serve (this machine's
// mirror has Biome's Linux binaries only), and `npm ci` then rejects the lockfile as out of sync. This adds the
// entries a full registry would have written, filtered by os/cpu/libc so that no other platform installs them here.
// Run it after any `npm install` that changes the lockfile: node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const platform = (name) => {
  const [os, cpu, libc] = name.replace(/^@biomejs\/cli-/, '').split('-');
  return { os, cpu, libc };
};
const added = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!key.endsWith('node_modules/@biomejs/biome')) continue;
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `${key.slice(0, -'@biomejs/biome'.length)}${dependency}`;
    if (lock.packages[at]) continue;
    const { os, cpu, libc } = platform(dependency);
    lock.packages[at] = {
      version,
      cpu: [cpu],
      dev: true,
      license: entry.license,
      optional: true,
      os: [os],
      engines: entry.engines,
      ...(libc && { libc: [libc] }),
    };
    added.push(dependency);
  }
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.join(', ')}` : 'lockfile already complete');
