import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { deploymentKeys } from './schema/index.ts';

/**
 * The deployment's key called `name`: made at random the first time and stored, so that every replica (and every
 * restart) signs with the same one. The first replica to insert wins; the others read its key.
 */
export async function deploymentKey(db: Db, name: string): Promise<Buffer> {
  await db
    .insert(deploymentKeys)
    .values({ name, value: randomBytes(32).toString('base64') })
    .onConflictDoNothing();
  const [row] = await db.select().from(deploymentKeys).where(eq(deploymentKeys.name, name));
  return Buffer.from(row!.value, 'base64');
}
