import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from '../../src/sources/index.ts';
import { motoAuth } from './moto-s3.ts';

/** A queue name no other test uses (SQS names allow letters, digits, `-` and `_`). */
export function uniqueQueue(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** An SQS client for moto. */
export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient(awsClientConfig(motoAuth(endpoint), { service: 'sqs' }));
}

/** Creates `name`, with a dead-letter queue `<name>-dlq` after `maxReceiveCount` receives when given; returns both URLs. */
export async function createQueue(endpoint: string, name: string, maxReceiveCount?: number): Promise<{ url: string; dlqUrl?: string }> {
  const client = sqsClient(endpoint);
  try {
    if (maxReceiveCount === undefined) return { url: (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl! };
    const dlqUrl = (await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const arn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    const url = (await client.send(new CreateQueueCommand({
      QueueName: name, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount }) },
    }))).QueueUrl!;
    return { url, dlqUrl };
  } finally {
    client.destroy();
  }
}

/** Sends each body as one message. */
export async function sendMessages(endpoint: string, url: string, bodies: string[]): Promise<void> {
  const client = sqsClient(endpoint);
  try {
    for (const body of bodies) await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  } finally {
    client.destroy();
  }
}

/** Messages in the queue, visible or hidden (ApproximateNumberOfMessages + NotVisible; exact in moto). */
export async function queueDepth(endpoint: string, url: string): Promise<number> {
  const client = sqsClient(endpoint);
  try {
    const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
    return Number(a['ApproximateNumberOfMessages']) + Number(a['ApproximateNumberOfMessagesNotVisible']);
  } finally {
    client.destroy();
  }
}

/** The bodies of the visible messages (received with a zero visibility timeout, so they stay). */
export async function peekBodies(endpoint: string, url: string): Promise<string[]> {
  const client = sqsClient(endpoint);
  try {
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 0 }));
    return (r.Messages ?? []).map((m) => m.Body ?? '');
  } finally {
    client.destroy();
  }
}

/** An S3 event notification (as S3 sends it to SQS or SNS) for objects of one bucket; keys are given URL-encoded, as S3 encodes them. */
export function s3Notification(bucket: string, objects: { encodedKey: string; eTag?: string; size?: number }[], eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: objects.map((o, i) => ({
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2026-11-22T10:00:00.000Z', eventName,
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' }, requestParameters: { sourceIPAddress: '203.0.113.9' },
      responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'H' },
      s3: {
        s3SchemaVersion: '1.0', configurationId: 'awsmon', bucket: { name: bucket, ownerIdentity: { principalId: 'A1' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: o.encodedKey, size: o.size ?? 10, eTag: o.eTag ?? `etag-${i}`, sequencer: `00${i}` },
      },
    })),
  });
}

/** The notification inside an SNS envelope, as SNS delivers it to SQS without raw message delivery. */
export function snsWrapped(message: string): string {
  return JSON.stringify({
    Type: 'Notification', MessageId: randomUUID(), TopicArn: 'arn:aws:sns:us-east-1:111122223333:s3-events', Subject: 'Amazon S3 Notification',
    Message: message, Timestamp: '2026-11-22T10:00:01.000Z', SignatureVersion: '1', Signature: 'c2ln', SigningCertURL: 'https://sns.example/cert.pem',
    UnsubscribeURL: 'https://sns.example/unsubscribe',
  });
}

/** An EventBridge "Object Created" event for one object (the key not encoded, as EventBridge sends it). */
export function eventBridgeObjectCreated(bucket: string, key: string, etag = 'etag-eb'): string {
  return JSON.stringify({
    version: '0', id: randomUUID(), 'detail-type': 'Object Created', source: 'aws.s3', account: '111122223333', time: '2026-11-22T10:00:00Z', region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key, size: 10, etag, sequencer: '00A' }, 'request-id': 'R', requester: '111122223333', reason: 'PutObject' },
  });
}
