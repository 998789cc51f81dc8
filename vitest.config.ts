import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Only the calendars' own zones may matter: pin the process zone before any worker starts.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/check-prepared-shapes.ts'],
    // The files of a worker share one module graph: the drivers, drizzle, PGlite's WebAssembly, the policies and
    // calendars load once per worker instead of once per file (test/app/cases: 109 s isolated, 43 s shared, on the
    // busy 2-core machine). Nothing here mocks modules; a file that changes process.env puts it back.
    isolate: false,
    // Many files wait on child processes, Dovecot, Chromium or PostgreSQL rather than on the CPU: on a 2-core machine
    // two workers (vitest's default is one less than the cores) take the run from about 5.5 to 3.5 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
