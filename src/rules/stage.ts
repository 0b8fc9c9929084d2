/**
 * The detection stage of the pipeline: every event of a batch is evaluated against the compiled
 * ruleset, on the event's own time, and the alert it raises (if any) is attached to the event, so
 * the store commits it with the event, in the same transaction (alerts table and alerts.json).
 * The stage runs on the pipeline's single thread: correlation state is shared by all objects.
 */
import type { EventBatch, Logger, PipelineStage, RawFormat, WazuhAlert } from '../core/index.ts';
import { createRawMessageBuilder } from '../events/index.ts';
import type { EventContext } from '../events/index.ts';
import { createEngineInput } from './input.ts';
import type { RuleEngine } from './types.ts';

/** Counts of what the stage has seen, for run summaries and tests. */
export interface DetectionStats {
  events: number;
  alerts: number;
  failures: number;
}

/** A pipeline stage running `engine` over every event. */
export interface DetectionStage extends PipelineStage {
  readonly stats: DetectionStats;
}

/**
 * Builds messages again from the raw text of one object's records (RawFormat), for what
 * correlation keeps: the line of a flow weighs a tenth of its message object.
 */
const rebuilders = new WeakMap<RawFormat, (raw: string) => unknown>();
function rebuilderOf(format: RawFormat): (raw: string) => unknown {
  let rebuild = rebuilders.get(format);
  if (rebuild === undefined) {
    const ctx: EventContext = { bucket: format.info.s3bucket, key: format.info.log_file, accountAlias: format.info.aws_account_alias, ...format.context };
    rebuild = createRawMessageBuilder(format.kind, format.fields, ctx);
    rebuilders.set(format, rebuild);
  }
  return rebuild;
}

function inputOf(event: EventBatch[number]): ReturnType<typeof createEngineInput> {
  const message: unknown = event.message;
  if (typeof message !== 'string') {
    const { raw, rawFormat } = event;
    const source = raw !== undefined && rawFormat !== undefined ? { raw, rebuild: rebuilderOf(rawFormat) } : undefined;
    return createEngineInput(message, event.columns.time, undefined, source);
  }
  // A raw text message (CloudWatch Logs) is decoded as JSON when it is JSON, as analysisd's json decoder would.
  let decoded: unknown = null;
  if (message.startsWith('{')) {
    try {
      decoded = JSON.parse(message);
    } catch {
      decoded = null;
    }
  }
  return createEngineInput(decoded, event.columns.time, message);
}

/** Creates the detection stage. An event the engine fails on is logged (naming its object) and skipped; the batch goes on. */
export function createDetectionStage(engine: RuleEngine, logger?: Logger): DetectionStage {
  const stats: DetectionStats = { events: 0, alerts: 0, failures: 0 };
  return {
    name: 'detection',
    stats,
    process(batch: EventBatch) {
      for (const event of batch) {
        stats.events++;
        let alert: Record<string, unknown> | null;
        try {
          alert = engine.evaluate(inputOf(event)).alert;
        } catch (err) {
          stats.failures++;
          logger?.error({ err, bucket: event.columns.bucket, key: event.columns.key }, `detection failed on an event of '${event.columns.key ?? '?'}'; the event is stored without alerts`);
          continue;
        }
        if (alert === null) continue;
        stats.alerts++;
        (event.alerts ??= []).push(alert as unknown as WazuhAlert);
      }
    },
  };
}
