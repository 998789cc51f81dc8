import { describe, expect, it } from 'vitest';
import type { OutboxQueue } from '../../../src/app/outbox/outbox.port.ts';
import { startOutboxRelay } from '../../../src/app/outbox/outbox-relay.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { countByStatus, enqueue, message, recordingDeliverer, within } from './outbox-fakes.ts';

// The loop is driven by wake() alone: its idle interval is an hour, so anything that waited for the timer would
// time out instead of passing.
const HOUR = 60 * 60 * 1_000;

/** A queue whose claims pause after reading, until the test lets them go: a pass the test can stand inside. */
function gatedQueue(queue: OutboxQueue) {
  const arrivals: (() => void)[] = [];
  let claims = 0;
  let arrived: ((n: number) => void) | undefined;
  return {
    queue: {
      ...queue,
      async claimDue(...args: Parameters<OutboxQueue['claimDue']>) {
        const rows = await queue.claimDue(...args);
        claims++;
        arrived?.(claims);
        await new Promise<void>((resolve) => arrivals.push(resolve));
        return rows;
      },
    } satisfies OutboxQueue,
    /** Resolves when claim number `n` has read the table and waits to be let go. */
    claimed(n: number) {
      if (claims >= n) return Promise.resolve();
      return within(
        new Promise<void>((resolve) => {
          arrived = (count) => count >= n && resolve();
        }),
        5_000,
        `claim ${n}`,
      );
    },
    release() {
      for (const go of arrivals.splice(0)) go();
    },
  };
}

describe(`startOutboxRelay on ${testDriver()}`, () => {
  const p = usePortero();
  const now = () => p.clock.now();

  it('delivers what is waiting at start, sleeps, delivers a new row as soon as it is woken, and stops at once', async () => {
    const slack = recordingDeliverer();
    await enqueue(p.deps.store, message('first', now()));
    const relay = startOutboxRelay({ queue: p.queue, deliverers: { slack }, clock: p.clock }, { idleMs: HOUR });
    try {
      await slack.handedOver(1);
      await enqueue(p.deps.store, message('second', now()));
      relay.wake();
      await slack.handedOver(2);
    } finally {
      await within(relay.stop(), 5_000, 'stop()');
    }
    expect(slack.seen.map((row) => row.dedupKey)).toEqual(['first', 'second']);
    expect(await countByStatus(p.t.db)).toEqual({ delivered: 2 });
  });

  it('does not lose a wake() that arrives while a pass is running', async () => {
    const slack = recordingDeliverer();
    const gate = gatedQueue(p.queue);
    const relay = startOutboxRelay({ queue: gate.queue, deliverers: { slack }, clock: p.clock }, { idleMs: HOUR });
    try {
      // The first pass has found the table empty; a row arrives and its writer wakes the relay before the pass ends.
      await gate.claimed(1);
      await enqueue(p.deps.store, message('during', now()));
      relay.wake();
      gate.release();
      await gate.claimed(2);
      gate.release();
      await slack.handedOver(1);
    } finally {
      const stopping = relay.stop();
      gate.release();
      await within(stopping, 5_000, 'stop()');
    }
    expect(slack.seen.map((row) => row.dedupKey)).toEqual(['during']);
  });

  it('stop() during a pass ends the loop when that pass ends, without waiting out the idle interval', async () => {
    const gate = gatedQueue(p.queue);
    const relay = startOutboxRelay(
      { queue: gate.queue, deliverers: { slack: recordingDeliverer() }, clock: p.clock },
      {
        idleMs: HOUR,
      },
    );
    await gate.claimed(1);
    const stopping = relay.stop();
    gate.release();
    await within(stopping, 5_000, 'stop()');
  });

  it('logs a failing pass and carries on with the next one', async () => {
    const slack = recordingDeliverer();
    const log: [string, Record<string, unknown>][] = [];
    let failures = 1;
    const queue: OutboxQueue = {
      ...p.queue,
      claimDue: (...args) =>
        failures-- > 0
          ? Promise.reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }))
          : p.queue.claimDue(...args),
    };
    await enqueue(p.deps.store, message('m', now()));
    const relay = startOutboxRelay(
      { queue, deliverers: { slack }, clock: p.clock, log: (event, fields) => log.push([event, fields]) },
      { idleMs: HOUR },
    );
    try {
      relay.wake();
      await slack.handedOver(1);
    } finally {
      await within(relay.stop(), 5_000, 'stop()');
    }
    // The error's name and code only: a failed statement's message would quote what people wrote.
    expect(log).toEqual([['outbox.error', { error: 'Error', code: 'ECONNRESET' }]]);
    expect(await countByStatus(p.t.db)).toEqual({ delivered: 1 });
  });
});
