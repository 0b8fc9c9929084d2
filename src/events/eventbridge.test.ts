import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventBridgeEvents, eventBridgeRecord } from './index.ts';
import type { EventContext } from './index.ts';

const ctx: EventContext = { bucket: 'fh', key: '2024/03/05/10/s-1-2024-03-05-10-00-00-x', accountAlias: 'prod' };
const LOG_INFO = '"log_info":{"aws_account_alias":"prod","log_file":"2024/03/05/10/s-1-2024-03-05-10-00-00-x","s3bucket":"fh"}';

test('message: the detail with source = event source without "aws."; columns from the envelope and the detail', () => {
  const event = {
    version: '0', id: 'e1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.kms', account: '111122223333', time: '2024-03-05T10:00:00Z', region: 'eu-west-1',
    detail: { eventName: 'DisableKey', userIdentity: { type: 'IAMUser', userName: 'bob' }, sourceIPAddress: '198.51.100.7', errorCode: 'AccessDenied', resources: [{ ARN: 'k' }], gone: null },
  };
  const record = eventBridgeRecord(event)!;
  const [e] = eventBridgeEvents(event, record, ctx, false);
  assert.equal(
    JSON.stringify(e!.message),
    `{"integration":"aws","aws":{${LOG_INFO},"eventName":"DisableKey","userIdentity":{"type":"IAMUser","userName":"bob"},"sourceIPAddress":"198.51.100.7","errorCode":"AccessDenied","resources":{"ARN":"k"},"source":"kms","source_ip_address":"198.51.100.7"}}`,
  );
  assert.deepEqual(e!.columns, {
    time: Date.parse('2024-03-05T10:00:00Z'), source: 'kms', account: '111122223333', region: 'eu-west-1', bucket: 'fh', key: ctx.key,
    srcIp: '198.51.100.7', dstIp: undefined, srcPort: undefined, dstPort: undefined, protocol: undefined, action: 'AccessDenied',
    eventName: 'DisableKey', user: 'bob', bytes: undefined, packets: undefined,
  });
});

test('GuardDuty findings: port probes split only for the guardduty type; account and region from the envelope when the finding lacks them', () => {
  const detail = { type: 'Recon:EC2/PortProbeUnprotectedPort', service: { action: { actionType: 'PORT_PROBE', portProbeAction: { portProbeDetails: [{ localPortDetails: { port: 22 } }, { localPortDetails: { port: 23 } }] } } } };
  const event = { source: 'aws.guardduty', account: '1', region: 'us-west-2', time: '2024-03-05T10:00:00Z', detail };
  const record = eventBridgeRecord(event)!;
  assert.equal(eventBridgeEvents(event, record, ctx, true).length, 2);
  const custom = eventBridgeEvents(event, record, ctx, false);
  assert.equal(custom.length, 1);
  assert.deepEqual([custom[0]!.columns.account, custom[0]!.columns.region, custom[0]!.columns.source], ['1', 'us-west-2', 'guardduty']);
});

test('only a dict detail makes a record; "aws." is removed wherever it appears, as Python\'s replace', () => {
  assert.equal(eventBridgeRecord({ source: 'aws.x', detail: 'text' }), undefined);
  assert.deepEqual(eventBridgeRecord({ source: 'aws.partner/aws.thing', detail: { source: 'inner', a: 1 } }), { source: 'partner/thing', a: 1 });
});
