/**
 * Compressed bytes of objects read at once, by a bucket run or a subscriber: a bucket of small
 * CloudTrail files gets every slot, large flow-log objects a few at a time, so memory does not
 * grow with the mix.
 */
export const OBJECT_BYTES_IN_FLIGHT = 16 * 1024 * 1024;

/**
 * Runs tasks with at most `limit` in flight and at most `budget` of weight (compressed object
 * bytes) in flight: many small objects run at once, a few large ones do, so memory stays bounded
 * whatever the mix. A task heavier than the budget runs alone.
 */
export class TaskPool {
  readonly #limit: number;
  readonly #budget: number;
  readonly #running = new Set<Promise<void>>();
  #weight = 0;

  constructor(limit: number, budget = Number.POSITIVE_INFINITY) {
    this.#limit = Math.max(1, limit);
    this.#budget = budget;
  }

  /** Starts `task` once a slot and enough budget are free. Task errors must be handled by the task itself. */
  async add(task: () => Promise<void>, weight = 0): Promise<void> {
    while (this.#running.size > 0 && (this.#running.size >= this.#limit || this.#weight + weight > this.#budget)) {
      await Promise.race(this.#running);
    }
    this.#weight += weight;
    const p: Promise<void> = task().finally(() => {
      this.#running.delete(p);
      this.#weight -= weight;
    });
    this.#running.add(p);
  }

  /** Waits for every started task. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
  }
}
