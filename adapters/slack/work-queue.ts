// Work that follows an ack (Bolt's listeners, the core's transactions, the answer) runs a bounded number of items at
// once, and a bounded number wait their turn. Under a burst each turn of the event loop then carries a little work, so a
// new request is still read, verified and acked at once; and past the waiting limit the receiver sheds new requests
// (a busy answer, a 503) instead of letting the backlog, and every waiting person's delay, grow without end.

/** What `portero serve` runs with; bench/slack.bench.ts measured it (see SlackAppOptions for why). */
export const WORK_QUEUE_DEFAULTS = { concurrency: 16, capacity: 500 } as const;

export type Later = <T>(work: () => Promise<T>) => Promise<T>;

export interface WorkQueueOptions {
  /** Items worked on at once. */
  concurrency: number;
  /** Items that may wait for a slot before the queue counts as full. */
  capacity: number;
}

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions) {}

  /** A new item would have to wait, and the line is already as long as allowed: time to shed. */
  get full(): boolean {
    return this.running >= this.options.concurrency && this.waiting.length >= this.options.capacity;
  }

  /** Runs `work` when a slot is free. Always admitted: whoever calls has already promised the work (acked it). */
  readonly run: Later = (work) => this.enter(work, false);

  /** Like `run`, ahead of everything waiting: for work with a deadline of its own (a modal's trigger lives 3 s). */
  readonly first: Later = (work) => this.enter(work, true);

  private async enter<T>(work: () => Promise<T>, first: boolean): Promise<T> {
    // A finished item hands its slot straight to the next one, so the count never overshoots.
    if (this.running < this.options.concurrency) this.running++;
    else await new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
