/** Runs tasks with at most `limit` in flight; `add` waits while the pool is full. */
export class TaskPool {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Starts `task` once a slot is free. Task errors must be handled by the task itself. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const p: Promise<void> = task().finally(() => this.#running.delete(p));
    this.#running.add(p);
  }

  /** Waits for every started task. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
  }
}
