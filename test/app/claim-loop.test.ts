import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startClaimLoop } from '../../src/app/claim-loop.ts';
import { fixedClock } from '../../src/app/clock.port.ts';

// The loop shared by the outbox relay and the SLA monitor, on fake timers: when it runs its passes, how long it
// sleeps between them, and how it stops. The relay's and the monitor's own tests run it against the database.

const HOUR = 60 * 60 * 1_000;

describe('startClaimLoop', () => {
  const clock = fixedClock(new Date('2026-11-23T15:00:00Z'));
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A loop whose passes answer from `answers` in turn (then undefined), counting them. */
  function loop(answers: (() => 'again' | Date | undefined)[], options: { minSleepMs?: number } = {}) {
    let passes = 0;
    const errors: unknown[] = [];
    const running = startClaimLoop({
      clock,
      maxSleepMs: HOUR,
      ...options,
      pass: async () => answers[passes++]?.(),
      onError: (error) => errors.push(error),
    });
    return { running, passes: () => passes, errors };
  }

  it('runs passes back to back while they find work, then sleeps the longest when nothing is known', async () => {
    const l = loop([() => 'again', () => 'again', () => undefined]);
    await vi.advanceTimersByTimeAsync(0);
    expect(l.passes()).toBe(3);
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(l.passes()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(l.passes()).toBe(4);
    await l.running.stop();
  });

  it('sleeps until the next row falls due, and at least minSleepMs for one already due', async () => {
    const in5s = () => new Date(clock.now().getTime() + 5_000);
    const past = () => new Date(clock.now().getTime() - 1_000);
    const l = loop([in5s, past], { minSleepMs: 50 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(l.passes()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(l.passes()).toBe(2);
    await vi.advanceTimersByTimeAsync(49);
    expect(l.passes()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(l.passes()).toBe(3);
    await l.running.stop();
  });

  it('a failed pass is reported and retried after the longest sleep', async () => {
    const l = loop([
      () => {
        throw new Error('connection reset');
      },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(l.errors).toEqual([new Error('connection reset')]);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(l.passes()).toBe(2);
    await l.running.stop();
  });

  it('wake() cuts a sleep short; stop() ends the loop without waiting out its sleep', async () => {
    const l = loop([]);
    await vi.advanceTimersByTimeAsync(0);
    l.running.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(l.passes()).toBe(2);
    await l.running.stop();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(l.passes()).toBe(2);
  });
});
