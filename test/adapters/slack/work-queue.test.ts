import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../adapters/slack/work-queue.ts';

// Work after the ack runs a few items at a time, in arrival order, and every item finishes; the line is bounded.

function gate() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('never runs more than its concurrency at once, starts items in order and runs them all', async () => {
    const later = new WorkQueue({ concurrency: 2, capacity: 10 }).run;
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
    const later = new WorkQueue({ concurrency: 1, capacity: 10 }).run;
    const failed = later(async () => {
      throw new Error('boom');
    });
    const next = later(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });

  it('is full once every slot is busy and the line holds its capacity, and not after one item finishes', async () => {
    const queue = new WorkQueue({ concurrency: 1, capacity: 2 });
    const gates = Array.from({ length: 3 }, () => gate());
    expect(queue.full).toBe(false);
    const done = gates.map((gate) => queue.run(() => gate.promise));
    // One running, two waiting.
    expect(queue.full).toBe(true);
    gates[0]!.resolve();
    await done[0];
    expect(queue.full).toBe(false);
    for (const gate of gates) gate.resolve();
    await Promise.all(done);
    expect(queue.full).toBe(false);
  });

  it('`first` goes ahead of everything waiting, behind what already runs', async () => {
    const queue = new WorkQueue({ concurrency: 1, capacity: 10 });
    const started: string[] = [];
    const running = gate();
    const item = (name: string) => async () => {
      started.push(name);
      if (name === 'running') await running.promise;
    };
    const done = [queue.run(item('running')), queue.run(item('a')), queue.run(item('b')), queue.first(item('urgent'))];
    await Promise.resolve();
    expect(started).toEqual(['running']);
    running.resolve();
    await Promise.all(done);
    expect(started).toEqual(['running', 'urgent', 'a', 'b']);
  });
});
