import { describe, expect, it } from 'vitest';
import { INBOUND_RETENTION_MS, pruneInboundEvents } from '../../../src/app/chat/inbound-retention.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

describe('inbound event retention', () => {
  const p = usePortero();

  it('forgets event ids older than a day and keeps the recent ones, which still deduplicate', async () => {
    const now = p.clock.now();
    const old = new Date(now.getTime() - INBOUND_RETENTION_MS - 1);
    await p.deps.store.transaction(async (repos) => {
      expect(await repos.inbound.claim('slack', 'Ev-old', old)).toBe(true);
      expect(await repos.inbound.claim('slack', 'Ev-new', now)).toBe(true);
    });
    expect(await pruneInboundEvents(p.deps.store, now)).toBe(1);
    await p.deps.store.transaction(async (repos) => {
      expect(await repos.inbound.claim('slack', 'Ev-new', now)).toBe(false);
      expect(await repos.inbound.claim('slack', 'Ev-old', now)).toBe(true);
    });
  });
});
