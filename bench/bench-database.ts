import { type Database, openDatabase } from '../db/client.ts';
import { adminClient, createDatabase, dropDatabase, newRunId, urlFor } from '../test/helpers/test-databases.ts';

// A PostgreSQL database of the bench's own on the DATABASE_URL server, created and dropped with the tests' helpers:
// named portero_bench_<what>_<UTC stamp>_<random>, its age in its name like the tests' databases.

export async function postgresBenchDatabase(
  serverUrl: string,
  what: string,
  poolSize: number,
): Promise<{ database: Database; name: string; drop(): Promise<void> }> {
  const name = `portero_bench_${what}_${newRunId()}`;
  const admin = adminClient(serverUrl);
  await createDatabase(admin, name);
  const database = await openDatabase({ url: urlFor(serverUrl, name), poolSize });
  return {
    database,
    name,
    async drop() {
      await database.close();
      try {
        await dropDatabase(admin, name);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}
