#!/usr/bin/env node
// The `portero` executable: registers tsx so the TypeScript sources run as they are, with no build step to remember.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./portero.ts');
process.exitCode = await runCli(process.argv.slice(2));
