import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configEvent, normaliseConfiguration } from './index.ts';
import type { EventContext } from './index.ts';
import { configItem } from '../../test/fixtures/config.ts';

const ctx: EventContext = { bucket: 'cfg', key: 'AWSLogs/111122223333/Config/us-east-1/2024/3/5/ConfigHistory/f.json.gz', accountAlias: '', accountId: '111122223333', region: 'us-east-1' };
const INFO = `"log_info":{"aws_account_alias":"","log_file":"${ctx.key}","s3bucket":"cfg"}`;

test('configuration item: nulls dropped, one-element lists unwrapped, source and account, configuration reshaped', () => {
  const item = configItem();
  const { message, columns } = configEvent(item, ctx);
  assert.equal(JSON.stringify(message), `{"integration":"aws","aws":{${INFO},"relatedEvents":[],`
    + '"relationships":{"resourceId":"sg-0a1b2c3d","resourceType":"AWS::EC2::SecurityGroup","name":"Is associated with SecurityGroup"},'
    + '"configuration":{"instanceId":"i-0a1b2c3d4e5f60010","imageId":"ami-0abc","state":{"name":"running"},'
    + '"securityGroups":{"groupId":["sg-0a1b2c3d","sg-0e1f2a3b"],"groupName":["web","ssh"]},'
    + '"iamInstanceProfile":{"name":"arn:aws:iam::111122223333:instance-profile/web"},"createdTime":1709280000,"policy":{"Content":["Version","Statement"]}},'
    + '"supplementaryConfiguration":{},"tags":{"Name":"web-1"},"configurationItemVersion":"1.3","configurationItemCaptureTime":"2024-03-05T10:00:00.000Z",'
    + '"configurationStateId":1709632800000,"awsAccountId":"111122223333","configurationItemStatus":"OK","resourceType":"AWS::EC2::Instance",'
    + '"resourceId":"i-0a1b2c3d4e5f60010","ARN":"arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60010","awsRegion":"us-east-1",'
    + '"availabilityZone":"us-east-1a","configurationStateMd5Hash":"","resourceCreationTime":"2024-03-01T08:00:00.000Z","source":"config","aws_account_id":"111122223333"}}');
  assert.deepEqual(columns, {
    time: Date.UTC(2024, 2, 5, 10), source: 'config', account: '111122223333', region: 'us-east-1', bucket: 'cfg', key: ctx.key,
    srcIp: undefined, dstIp: undefined, srcPort: undefined, dstPort: undefined, protocol: undefined, action: 'OK', eventName: 'AWS::EC2::Instance', user: undefined, bytes: undefined, packets: undefined,
  });
  // The item is not modified.
  assert.equal((item['configuration'] as Record<string, unknown>)['state'], 'running');
});

test('securityGroups and availabilityZones in every shape AWS uses', () => {
  // A one-element list is unwrapped first (as Wazuh's reformat runs first), then each value listed.
  assert.deepEqual(configEvent(configItem({ configuration: { securityGroups: [{ groupId: 'sg-1', groupName: 'a' }] } }), ctx).message.aws['configuration'], { securityGroups: { groupId: ['sg-1'], groupName: ['a'] } });
  assert.deepEqual(normaliseConfiguration({ securityGroups: 'sg-1', availabilityZones: 'us-east-1a' }), { securityGroups: { groupId: ['sg-1'] }, availabilityZones: { zoneName: ['us-east-1a'] } });
  assert.deepEqual(normaliseConfiguration({ availabilityZones: [{ subnetId: 's-1', zoneName: 'a' }, { zoneName: 'b' }] }), { availabilityZones: { subnetId: ['s-1'], zoneName: ['a', 'b'] } });
  assert.deepEqual(normaliseConfiguration({ securityGroups: [], availabilityZones: 7 }), { securityGroups: {}, availabilityZones: 7 });
});

test('state, createdTime and iamInstanceProfile', () => {
  assert.deepEqual(normaliseConfiguration({ state: { code: 16, name: 'running' }, createdTime: 1.5, iamInstanceProfile: { arn: 'x' } }), { state: { code: 16, name: 'running' }, createdTime: 1.5, iamInstanceProfile: { arn: 'x' } });
  assert.deepEqual(normaliseConfiguration({ createdTime: '2024-03-01T08:00:00Z' }), { createdTime: 1709280000 });
  assert.deepEqual(normaliseConfiguration({ createdTime: 'yesterday' }), { createdTime: 'yesterday' });
  assert.deepEqual(normaliseConfiguration({ other: { Content: 'text' } }), { other: { Content: 'text' } });
});

test('a configuration that is not an object is left alone; items without a capture time use the folder account and now', () => {
  const before = Date.now();
  const { message, columns } = configEvent({ configuration: '{"raw":1}' }, { ...ctx, accountId: undefined });
  assert.deepEqual(message.aws, { log_info: message.aws.log_info, configuration: '{"raw":1}', source: 'config' });
  assert.ok(columns.time >= before);
  assert.equal(columns.account, undefined);
});
