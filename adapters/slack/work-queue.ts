// Work that follows an ack (the core's transactions, the answer) runs a bounded number of items at once. Under a burst the rest
// wait their turn in memory instead of all sharing the event loop at once: each turn of the loop then carries a little
// work, and a new request is read, verified and acked without waiting behind everything already acked.

export type Later = <T>(work: () => Promise<T>) => Promise<T>;

export function workQueue(concurrency: number): Later {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    // A finished item hands its slot straight to the next one, so the count never overshoots.
    if (running < concurrency) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
