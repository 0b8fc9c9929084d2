import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeS3Key, parseMessageBody } from './notifications.ts';

const where = { queue: 'q', messageId: 'm-1' };

function s3Notification(key: string, eventName = 'ObjectCreated:Put'): Record<string, unknown> {
  return {
    Records: [{
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'eu-west-1', eventTime: '2026-11-22T10:00:00.000Z', eventName,
      s3: { s3SchemaVersion: '1.0', bucket: { name: 'logs', arn: 'arn:aws:s3:::logs' }, object: { key, size: 12, eTag: 'abc', sequencer: '0A1' } },
    }],
  };
}

test('S3 keys are URL-decoded: + is a space, %2B a plus', () => {
  assert.equal(decodeS3Key('dir/my+file%2B1%3D2.log'), 'dir/my file+1=2.log');
  assert.equal(decodeS3Key('caf%C3%A9.json'), 'café.json');
});

test('an S3 notification announces its created objects, decoded', () => {
  assert.deepEqual(parseMessageBody(JSON.stringify(s3Notification('a+b%2Bc.json')), where), {
    kind: 'objects', ignored: 0, objects: [{ bucket: 'logs', key: 'a b+c.json', version: 'abc', region: 'eu-west-1', size: 12 }],
  });
});

test('every record of a notification counts; removals are ignored', () => {
  const body = s3Notification('one.log');
  (body['Records'] as unknown[]).push(...(s3Notification('two.log')['Records'] as unknown[]), ...(s3Notification('gone.log', 'ObjectRemoved:Delete')['Records'] as unknown[]));
  const content = parseMessageBody(JSON.stringify(body), where);
  assert.equal(content.kind, 'objects');
  assert.deepEqual(content.kind === 'objects' ? [content.objects.map((o) => o.key), content.ignored] : [], [['one.log', 'two.log'], 1]);
});

test('an SNS envelope is opened', () => {
  const sns = { Type: 'Notification', MessageId: 'x', TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Message: JSON.stringify(s3Notification('k%20x.log')) };
  const content = parseMessageBody(JSON.stringify(sns), where);
  assert.deepEqual(content.kind === 'objects' ? content.objects.map((o) => o.key) : [], ['k x.log']);
});

test('an EventBridge Object Created event names its object as is', () => {
  const ev = {
    version: '0', id: 'e1', 'detail-type': 'Object Created', source: 'aws.s3', account: '111122223333', time: '2026-11-22T10:00:00Z', region: 'us-east-2',
    resources: ['arn:aws:s3:::lake'], detail: { version: '0', bucket: { name: 'lake' }, object: { key: 'a+b.parquet', size: 5, etag: 'e', sequencer: 's' }, reason: 'PutObject' },
  };
  assert.deepEqual(parseMessageBody(JSON.stringify(ev), where), { kind: 'objects', ignored: 0, objects: [{ bucket: 'lake', key: 'a+b.parquet', version: 'e', region: 'us-east-2', size: 5 }] });
});

test('test events, Security Hub events and bad bodies', () => {
  assert.deepEqual(parseMessageBody(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'logs' }), where), { kind: 'test' });
  const hub = { 'detail-type': 'Security Hub Findings - Imported', source: 'aws.securityhub', detail: { findings: [] } };
  assert.deepEqual(parseMessageBody(JSON.stringify(hub), where), { kind: 'events', events: [hub] });
  const bad = (body: string, message: string) => assert.throws(() => parseMessageBody(body, where), { code: 'FORMAT_BAD_MESSAGE', message });
  bad('not json', "queue 'q', message 'm-1': the body is not JSON (Unexpected token 'o', \"not json\" is not valid JSON)");
  bad('{"hello":1}', "queue 'q', message 'm-1': the body is neither an S3 event notification (with \"Records\"), an SNS notification of one, nor an EventBridge event");
  bad('{"Records":[{"eventName":"ObjectCreated:Put","s3":{}}]}', "queue 'q', message 'm-1': record 1 has no \"s3.bucket.name\" or \"s3.object.key\"");
  bad(JSON.stringify(s3Notification('bad%E0%A4')), "queue 'q', message 'm-1': record 1: the key 'bad%E0%A4' is not validly URL-encoded");
});
