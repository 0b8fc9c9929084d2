/**
 * The SQS side of a subscriber: resolve the queue, receive with long polling, delete what was
 * stored, and hide a message for longer while it is worked on or after it failed.
 */
import {
  ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import type { AuthOptions } from '../../config/types.ts';
import { SourceError } from '../../core/index.ts';
import type { Logger } from '../../core/index.ts';
import { awsClientConfig } from '../aws-client.ts';
import { toSourceError } from '../source-error.ts';

/** One received message. */
export interface QueueMessage {
  id: string;
  receiptHandle: string;
  body: string;
  /** How many times SQS has handed this message out, this time included. */
  receiveCount: number;
}

/** What a subscriber needs from its queue; SQS normally, anything with the same behaviour in tests. */
export interface SubscriberQueue {
  readonly name: string;
  /** Up to `max` messages, waiting up to `waitSeconds` for one; each hidden from other consumers for `visibilitySeconds`. */
  receive(max: number, waitSeconds: number, visibilitySeconds: number, signal?: AbortSignal): Promise<QueueMessage[]>;
  delete(message: QueueMessage): Promise<void>;
  /** Hides the message for `seconds` from now (extends the work time, or delays the next attempt). */
  hide(message: QueueMessage, seconds: number): Promise<void>;
  /** The redrive policy's maxReceiveCount, or undefined when the queue has no dead-letter queue. */
  maxReceiveCount(): Promise<number | undefined>;
  close(): void;
}

const NOT_FOUND = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

class SqsQueue implements SubscriberQueue {
  readonly name: string;
  readonly #client: SQSClient;
  #url: Promise<string> | undefined;

  constructor(name: string, auth: AuthOptions, logger: Logger | undefined, maxAttempts: number | undefined) {
    this.name = name;
    this.#client = new SQSClient(awsClientConfig(auth, { service: 'sqs', logger, maxAttempts }));
  }

  #fail(err: unknown): SourceError {
    const e = toSourceError(err, {});
    return new SourceError(e.code, {}, `queue '${this.name}': ${e.message}`, { cause: err, retryable: e.retryable });
  }

  async #send<T>(call: (url: string) => Promise<T>): Promise<T> {
    const url = await this.url();
    try {
      return await call(url);
    } catch (err) {
      throw this.#fail(err);
    }
  }

  /** The queue URL (GetQueueUrl, once). */
  url(): Promise<string> {
    this.#url ??= (async () => {
      try {
        const res = await this.#client.send(new GetQueueUrlCommand({ QueueName: this.name }));
        if (res.QueueUrl === undefined) throw new Error('GetQueueUrl returned no URL');
        return res.QueueUrl;
      } catch (err) {
        const code = (err as { name?: unknown }).name;
        if (typeof code === 'string' && NOT_FOUND.has(code)) {
          throw new SourceError('SOURCE_QUEUE_NOT_FOUND', {}, `queue '${this.name}' does not exist (${code}); check sqs_name and the region of the profile (the queue is looked up in it, else in us-east-1)`, { cause: err });
        }
        throw this.#fail(err);
      }
    })();
    this.#url.catch(() => { this.#url = undefined; });
    return this.#url;
  }

  async receive(max: number, waitSeconds: number, visibilitySeconds: number, signal?: AbortSignal): Promise<QueueMessage[]> {
    const res = await this.#send((QueueUrl) => this.#client.send(new ReceiveMessageCommand({
      QueueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, VisibilityTimeout: visibilitySeconds,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }), { abortSignal: signal }));
    const out: QueueMessage[] = [];
    for (const m of res.Messages ?? []) {
      if (m.MessageId === undefined || m.ReceiptHandle === undefined) continue;
      out.push({ id: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body ?? '', receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1) });
    }
    return out;
  }

  async delete(message: QueueMessage): Promise<void> {
    await this.#send((QueueUrl) => this.#client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.receiptHandle })));
  }

  async hide(message: QueueMessage, seconds: number): Promise<void> {
    await this.#send((QueueUrl) => this.#client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: message.receiptHandle, VisibilityTimeout: seconds })));
  }

  async maxReceiveCount(): Promise<number | undefined> {
    const res = await this.#send((QueueUrl) => this.#client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] })));
    const policy = res.Attributes?.RedrivePolicy;
    if (policy === undefined) return undefined;
    try {
      const n = Number((JSON.parse(policy) as { maxReceiveCount?: unknown }).maxReceiveCount);
      return Number.isFinite(n) ? n : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.#client.destroy();
  }
}

/** The subscriber's SQS queue (use `openSqsQueue`, which loads this module on first use). */
export function createSqsQueue(name: string, auth: AuthOptions, options: { logger?: Logger | undefined; maxAttempts?: number | undefined } = {}): SubscriberQueue {
  return new SqsQueue(name, auth, options.logger, options.maxAttempts);
}
