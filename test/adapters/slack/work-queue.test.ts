import { describe, expect, it } from 'vitest';
import { workQueue } from '../../../adapters/slack/work-queue.ts';

// Work after the ack runs a few items at a time, in arrival order, and every item finishes.

function gate() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('workQueue', () => {
  it('never runs more than its concurrency at once, starts items in order and runs them all', async () => {
    const later = workQueue(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => gate());
    const done = gates.map((gate, i) =>
      later(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await gate.promise;
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await done[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('a failed item gives its slot to the next one', async () => {
    const later = workQueue(1);
    const failed = later(async () => {
      throw new Error('boom');
    });
    const next = later(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });
});
