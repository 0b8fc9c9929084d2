/**
 * The daemon's scheduler: each enabled block on its own schedule, blocks concurrently, one run
 * of a block never overlapping the next. As in Wazuh, a run starts one interval after the
 * previous run's start, or at once when the previous run overran. SIGTERM (stop) stops
 * launching objects, lets those in flight commit, and resolves when every loop has ended.
 */
import type { AwsmonConfig, WodleConfig } from '../config/index.ts';
import { runBlock } from './run-block.ts';
import type { BlockRunResult, RunEnvironment } from './run-block.ts';
import { firstRunAt } from './schedule.ts';

/** A running scheduler. */
export interface Scheduler {
  /** Stops scheduling, drains the runs in flight, resolves when all have ended. */
  stop(): Promise<void>;
  /** Resolves when every block loop has ended (after stop). */
  readonly done: Promise<void>;
}

/** Starts one loop per enabled block. */
export function startScheduler(
  config: AwsmonConfig,
  env: Omit<RunEnvironment, 'signal'>,
  hooks: { onRun?: (block: WodleConfig, result: BlockRunResult) => void } = {},
): Scheduler {
  const controller = new AbortController();
  const now = env.now ?? (() => new Date());
  const loops = config.wodles.filter((b) => !b.disabled).map((block) => loop(block));

  async function loop(block: WodleConfig): Promise<void> {
    let next = firstRunAt(block, now()).getTime();
    while (!controller.signal.aborted) {
      await sleepUntil(next, controller.signal);
      if (controller.signal.aborted) break;
      const started = now().getTime();
      try {
        const result = await runBlock(block, { ...env, signal: controller.signal });
        hooks.onRun?.(block, result);
      } catch (err) {
        env.logger.error({ block: block.index, err }, `block #${block.index}: run failed`);
      }
      // Next start one interval after this start, or now if the run took longer.
      next = Math.max(started + block.interval * 1000, now().getTime());
    }
  }

  const done = Promise.all(loops).then(() => undefined);
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

async function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days, less than a month interval).
  while (Date.now() < at && !signal.aborted) await sleep(Math.min(at - Date.now(), 2_147_483_647), signal);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
