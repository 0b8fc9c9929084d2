/** Subscriber blocks pointed at moto, and what a run stored. */
import type { SubscriberConfig, SubscriberType, WodleConfig } from '../../src/config/index.ts';
import type { EventStore } from '../../src/store/index.ts';
import type { RunEnvironment } from '../../src/scheduler/index.ts';
import { motoAuth } from './moto-s3.ts';

/** A `<subscriber>` as `parseConfig` would produce it, pointed at moto. */
export function motoSubscriber(endpoint: string, type: SubscriberType, sqsName: string, extra: Partial<SubscriberConfig> = {}): SubscriberConfig {
  return { kind: 'subscriber', type, sqsName, ...motoAuth(endpoint), ...extra };
}

/** A wodle block around subscribers. */
export function subscriberBlock(subscribers: SubscriberConfig[], skipOnError = true): WodleConfig {
  return { index: 1, disabled: false, interval: 600, runOnStart: true, skipOnError, buckets: [], services: [], subscribers };
}

/** SQS timings for tests: short polls, a one-second visibility timeout (so back-offs are seconds). */
export const FAST_SQS: RunEnvironment['sqs'] = { waitSeconds: 0, visibilitySeconds: 1 };

/** Every stored message, as the store returns it, sorted (messages are read concurrently). */
export async function storedMessages(store: EventStore): Promise<string[]> {
  const rows = await store.query('SELECT id FROM events ORDER BY id');
  const messages = await store.readMessages(rows.map((r) => Number(r.id)));
  return messages.map((m) => m ?? '<missing>').sort();
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
