import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudTrailEvent, cloudTrailMessageFromText, cloudTrailUser, errorMessage } from './index.ts';
import type { EventContext } from './index.ts';

const ctx: EventContext = {
  bucket: 'trail-bucket',
  key: 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/f.json.gz',
  accountAlias: 'prod',
  accountId: '123456789012',
  region: 'us-east-1',
};
const LOG_INFO = '"log_info":{"aws_account_alias":"prod","log_file":"AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/f.json.gz","s3bucket":"trail-bucket"}';

test('CloudTrail message: Wazuh key order, source, account, source_ip_address last', () => {
  const record = {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
    eventTime: '2024-01-02T03:04:05Z',
    eventName: 'ConsoleLogin',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    recipientAccountId: '210987654321',
  };
  const { message, columns } = cloudTrailEvent(record, ctx);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{${LOG_INFO},"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::123456789012:user/alice"},"eventTime":"2024-01-02T03:04:05Z","eventName":"ConsoleLogin","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7","recipientAccountId":"210987654321","source":"cloudtrail","aws_account_id":"123456789012","source_ip_address":"203.0.113.7"}}`,
  );
  assert.deepEqual(columns, {
    time: Date.UTC(2024, 0, 2, 3, 4, 5),
    source: 'cloudtrail',
    account: '210987654321',
    region: 'eu-west-1',
    bucket: 'trail-bucket',
    key: ctx.key,
    srcIp: '203.0.113.7',
    dstIp: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    action: undefined,
    eventName: 'ConsoleLogin',
    user: 'alice',
    bytes: undefined,
    packets: undefined,
  });
});

test('the action column: the errorCode, else a ConsoleLogin outcome (a failed sign-in has no errorCode)', () => {
  const login = (outcome: string, extra: object = {}): string | undefined =>
    cloudTrailEvent({ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: outcome }, ...extra }, ctx).columns.action;
  assert.deepEqual([login('Failure', { errorMessage: 'Failed authentication' }), login('Success'), login('Failure', { errorCode: 'InvalidSession' })], ['Failure', 'Success', 'InvalidSession']);
  assert.equal(cloudTrailEvent({ eventName: 'GetObject', responseElements: { ConsoleLogin: 'Success' } }, ctx).columns.action, undefined);
});

test('nulls dropped in dicts, one-element lists unwrapped, only through dicts (as Wazuh)', () => {
  const record = {
    eventName: 'RunInstances',
    errorCode: 'AccessDenied',
    gone: null,
    nested: { gone: null, one: ['x'], two: ['a', 'b'], deeper: { l: [{ keepsNull: null, inner: [1] }] } },
    listOfDicts: [{ n: null }, { m: [5] }],
    sourceIPAddress: 'ec2.amazonaws.com',
    responseElements: null,
    requestParameters: { instancesSet: { items: [{ imageId: 'ami-1' }] }, disableApiTermination: false },
  };
  const { message, columns } = cloudTrailEvent(record, ctx);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{${LOG_INFO},"eventName":"RunInstances","errorCode":"AccessDenied","nested":{"one":"x","two":["a","b"],"deeper":{"l":{"keepsNull":null,"inner":[1]}}},"listOfDicts":[{"n":null},{"m":[5]}],"sourceIPAddress":"ec2.amazonaws.com","requestParameters":{"instancesSet":{"items":{"imageId":"ami-1"}},"disableApiTermination":{"value":false}},"source":"cloudtrail","aws_account_id":"123456789012"}}`,
  );
  assert.equal(columns.action, 'AccessDenied');
  // The raw record is not modified.
  assert.equal(record.requestParameters.disableApiTermination, false);
  assert.deepEqual(record.nested.one, ['x']);
});

test('non-dict additionalEventData, responseElements, requestParameters become {"string": str(v)}', () => {
  const record = {
    additionalEventData: 'plain',
    responseElements: true,
    requestParameters: [1.5, 'it\'s', { k: null }],
    tags: ['only'],
  };
  assert.equal(
    JSON.stringify(cloudTrailEvent(record, { ...ctx, accountId: undefined }).message),
    `{"integration":"aws","aws":{${LOG_INFO},"additionalEventData":{"string":"plain"},"responseElements":{"string":"True"},"requestParameters":{"string":"[1.5, \\"it's\\", {'k': None}]"},"tags":{"value":"only"},"source":"cloudtrail"}}`,
  );
  const single = cloudTrailEvent({ responseElements: ['x'], requestParameters: [{ disableApiTermination: true }] }, ctx).message;
  assert.deepEqual(single.aws['responseElements'], { string: 'x' });
  assert.deepEqual(single.aws['requestParameters'], { disableApiTermination: { value: true } });
});

test('source_ip_address uses Wazuh\'s regex: unescaped dots, anchored at the start only', () => {
  const ip = (v: unknown): unknown => cloudTrailEvent({ sourceIPAddress: v }, ctx).message.aws['source_ip_address'];
  assert.equal(ip('10.1.2.3'), '10.1.2.3');
  assert.equal(ip('10.1x2y3'), '10.1x2y3');
  assert.equal(ip('1.2.3.4.example.com'), '1.2.3.4.example.com');
  assert.equal(ip('AWS Internal'), undefined);
  assert.equal(ip('2001:db8::1'), undefined);
});

test('user: userName, else the ARN\'s last part, else the session issuer, else the principal id', () => {
  assert.equal(cloudTrailUser({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/Admin/bob@example.com' }), 'bob@example.com');
  assert.equal(cloudTrailUser({ type: 'Root', arn: 'arn:aws:iam::123456789012:root' }), 'root');
  assert.equal(cloudTrailUser({ type: 'AssumedRole', principalId: 'AROA:x', sessionContext: { sessionIssuer: { userName: 'Admin' } } }), 'Admin');
  assert.equal(cloudTrailUser({ type: 'AWSService', principalId: 'AIDA123' }), 'AIDA123');
  assert.equal(cloudTrailUser(undefined), undefined);
});

test('columns fall back to the folder account and region, and to now without eventTime', () => {
  const before = Date.now();
  const { columns } = cloudTrailEvent({ eventName: 'X' }, ctx);
  assert.equal(columns.account, '123456789012');
  assert.equal(columns.region, 'us-east-1');
  assert.ok(columns.time >= before && columns.time <= Date.now());
});

test('error message for a bad object under skip_on_error', () => {
  assert.equal(
    JSON.stringify(errorMessage(ctx, 'Failed to decompress file x.gz: BadGzipFile()')),
    `{"integration":"aws","aws":{${LOG_INFO},"aws_account_id":"123456789012"},"error_msg":"Failed to decompress file x.gz: BadGzipFile()"}`,
  );
  assert.equal(
    JSON.stringify(errorMessage({ ...ctx, accountId: undefined, accountAlias: '' }, 'e')),
    '{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/f.json.gz","s3bucket":"trail-bucket"}},"error_msg":"e"}',
  );
});

test('a "__proto__" key of a record stays a field of the message, whether the record is copied or not (Python keeps it as any key)', () => {
  const ctx = { bucket: 'b', key: 'k', accountAlias: '' };
  for (const text of ['{"eventName":"A","__proto__":{"x":1}}', '{"eventName":"A","n":null,"__proto__":{"x":1}}', '{"eventName":"A","requestParameters":{"n":null,"__proto__":{"y":2}}}']) {
    const message = cloudTrailMessageFromText(text, ctx);
    assert.equal(Object.getPrototypeOf(message.aws), Object.prototype);
    const kept = JSON.parse(text) as Record<string, unknown>;
    delete kept['n'];
    if (typeof kept['requestParameters'] === 'object') delete (kept['requestParameters'] as Record<string, unknown>)['n'];
    assert.equal(JSON.stringify(message.aws).replace(/^\{"log_info":\{[^}]*\},/, '{').replace(/,"source":"cloudtrail"\}$/, '}'), JSON.stringify(kept));
  }
});
