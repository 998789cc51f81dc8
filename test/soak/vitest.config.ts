import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long runs that `npm test` leaves out (real processes on real time, waiting out a 60 s
// outbox lease). They need PostgreSQL (DATABASE_URL); CI runs them after the main suites. As vitest.config.ts
// otherwise.
process.env.TZ = 'UTC';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/soak/**/*.soak.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
