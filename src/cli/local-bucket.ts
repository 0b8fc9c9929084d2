/** Configurations for local folders played as buckets (`awsmon scan`, the demo). */
import type { AwsmonConfig, BucketConfig, BucketType, WodleConfig } from '../config/index.ts';

/** A bucket block with defaults, for a folder rather than an S3 bucket. */
export function localBucketConfig(type: BucketType, name: string, onlyLogsAfter?: string): BucketConfig {
  return Object.freeze({
    kind: 'bucket', type, name, awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false, onlyLogsAfter,
  });
}

/** A one-block configuration around buckets. */
export function configOf(buckets: BucketConfig[], options: { interval?: number; skipOnError?: boolean } = {}): AwsmonConfig {
  const block: WodleConfig = {
    index: 1, disabled: false, interval: options.interval ?? 600, runOnStart: true, skipOnError: options.skipOnError ?? true,
    buckets, services: [], subscribers: [],
  };
  return Object.freeze({ wodles: [block], logAllJson: false, warnings: [] });
}
