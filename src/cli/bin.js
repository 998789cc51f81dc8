#!/usr/bin/env node
// The `portero` executable: registers tsx so the TypeScript sources run as they are, with no build step to remember.
import { register } from 'tsx/esm/api';

register();
// `portero … | head`: the reader went away, so the rest of the output has nowhere to go; that ends the command
// quietly (exit 0), not with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('./portero.ts');
process.exitCode = await runCli(process.argv.slice(2));
