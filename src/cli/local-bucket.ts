/** Configurations for local folders played as buckets (`awsmon scan`, the demo). */
import type { AwsmonConfig, BucketConfig, BucketType, WodleConfig } from '../config/index.ts';
import { DEFAULT_ALERT_LEVELS, emptyRuleset } from '../config/index.ts';

/** A bucket block with defaults, for a folder rather than an S3 bucket. */
export function localBucketConfig(type: BucketType, name: string, onlyLogsAfter?: string): BucketConfig {
  return Object.freeze({
    kind: 'bucket', type, name, awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false, onlyLogsAfter,
  });
}

/** A configuration with one block per bucket, so the buckets are read concurrently. */
export function configOf(buckets: BucketConfig[], options: { interval?: number; skipOnError?: boolean } = {}): AwsmonConfig {
  const wodles = buckets.map((bucket, i): WodleConfig => ({
    index: i + 1, disabled: false, interval: options.interval ?? 600, runOnStart: true, skipOnError: options.skipOnError ?? true,
    buckets: [bucket], services: [], subscribers: [],
  }));
  return Object.freeze({ wodles, logAllJson: false, alerts: DEFAULT_ALERT_LEVELS, ruleset: emptyRuleset(), warnings: [] });
}
