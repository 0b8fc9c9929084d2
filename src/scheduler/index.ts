export { runBlock, AWS_LOGS_HANDLERS, SERVICE_RUNNERS } from './run-block.ts';
export type { RunEnvironment, BlockRunResult } from './run-block.ts';
export { startScheduler } from './daemon.ts';
export type { Scheduler } from './daemon.ts';
export { firstRunAt } from './schedule.ts';
export { emptyStats, addStats } from './stats.ts';
export type { RunStats } from './stats.ts';
