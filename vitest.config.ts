import { defineConfig } from 'vitest/config';

// Only the calendars' own zones may matter: pin the process zone before any worker starts.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
