import type { TestProject } from 'vitest/node';
import { adminClient, dropRunDatabases, newRunId } from './test-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Names this run's PostgreSQL databases (see test-databases.ts). */
    dbRunId: string;
  }
}

// With DATABASE_URL every worker creates databases of its own under this run's id; the teardown drops them all,
// whatever the outcome, so a shared CI server never accumulates what runs leave behind.
export default function setup(project: TestProject): () => Promise<void> {
  const runId = newRunId();
  project.provide('dbRunId', runId);
  return async () => {
    const url = process.env.DATABASE_URL;
    if (!url) return;
    const admin = adminClient(url);
    try {
      await dropRunDatabases(admin, runId);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
}
