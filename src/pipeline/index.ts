/**
 * The seam between collection and storage: every batch of events passes through each stage in
 * order before it is written. Detection (the rule engine) plugs in here as a stage.
 */
import type { EventBatch, PipelineStage } from '../core/index.ts';

export type { PipelineStage };

/** An ordered list of stages. */
export interface Pipeline {
  readonly stages: readonly PipelineStage[];
  /** Runs a batch through every stage, in order. */
  process(batch: EventBatch): Promise<void>;
  close(): Promise<void>;
}

/** Creates a pipeline from stages (none: events go straight to the store). */
export function createPipeline(stages: readonly PipelineStage[] = []): Pipeline {
  const list = [...stages];
  return {
    stages: list,
    async process(batch) {
      for (const stage of list) await stage.process(batch);
    },
    async close() {
      for (const stage of list) await stage.close?.();
    },
  };
}
