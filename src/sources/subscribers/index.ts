/** SQS subscribers: what a message announces, the queue, and each subscriber type's parsers. */
export { parseMessageBody, decodeS3Key, badMessage } from './notifications.ts';
export type { MessageContent, MessageWhere, ObjectNotice } from './notifications.ts';
export { openSqsQueue } from './open-queue.ts';
export type { QueueMessage, SubscriberQueue } from './sqs-queue.ts';
export { SUBSCRIBER_HANDLERS } from './handlers.ts';
export type { SubscriberHandler } from './handlers.ts';
export type { AnnouncedObject } from './custom-object.ts';
