import type { AuthOptions } from '../../config/types.ts';
import type { Logger } from '../../core/index.ts';
import type { SubscriberQueue } from './sqs-queue.ts';

/**
 * The subscriber's SQS queue, reached with its credentials, role and `service_endpoint`. The SQS
 * client is loaded on first use, so awsmon starts as fast without subscribers as before them.
 */
export async function openSqsQueue(name: string, auth: AuthOptions, options: { logger?: Logger | undefined; maxAttempts?: number | undefined } = {}): Promise<SubscriberQueue> {
  const { createSqsQueue } = await import('./sqs-queue.ts');
  return createSqsQueue(name, auth, options);
}
