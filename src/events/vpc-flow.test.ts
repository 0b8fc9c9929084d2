import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVpcFlowEventBuilder, vpcFlowEvent } from './index.ts';
import type { EventContext } from './index.ts';

const ctx: EventContext = {
  bucket: 'flows',
  key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/x.log.gz',
  accountAlias: '',
  accountId: '123456789012',
  region: 'us-east-1',
};
const LOG_INFO = '"log_info":{"aws_account_alias":"","log_file":"AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/x.log.gz","s3bucket":"flows"}';
const V2 = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'];

test('v2 row: Wazuh message with string values and ISO start/end', () => {
  const row = ['2', '210987654321', 'eni-0a1', '10.0.0.1', '10.0.0.2', '443', '49152', '6', '10', '840', '1704153600', '1704153660', 'REJECT', 'OK'];
  const { message, columns } = vpcFlowEvent(V2, row, ctx);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{${LOG_INFO},"version":"2","account_id":"210987654321","interface_id":"eni-0a1","srcaddr":"10.0.0.1","dstaddr":"10.0.0.2","srcport":"443","dstport":"49152","protocol":"6","packets":"10","bytes":"840","start":"2024-01-02T00:00:00Z","end":"2024-01-02T00:01:00Z","action":"REJECT","log_status":"OK","source":"vpc","aws_account_id":"123456789012"}}`,
  );
  assert.deepEqual(columns, {
    time: 1704153600000,
    source: 'vpc',
    account: '210987654321',
    region: 'us-east-1',
    bucket: 'flows',
    key: ctx.key,
    srcIp: '10.0.0.1',
    dstIp: '10.0.0.2',
    srcPort: 443,
    dstPort: 49152,
    protocol: 6,
    action: 'REJECT',
    eventName: undefined,
    user: undefined,
    bytes: 840,
    packets: 10,
  });
});

test("'-' values are kept in the message and absent from the columns", () => {
  const row = ['2', '123456789012', 'eni-0a1', '-', '-', '-', '-', '-', '-', '-', '1704153600', '1704153660', '-', 'NODATA'];
  const { message, columns } = vpcFlowEvent(V2, row, ctx);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{${LOG_INFO},"version":"2","account_id":"123456789012","interface_id":"eni-0a1","srcaddr":"-","dstaddr":"-","srcport":"-","dstport":"-","protocol":"-","packets":"-","bytes":"-","start":"2024-01-02T00:00:00Z","end":"2024-01-02T00:01:00Z","action":"-","log_status":"NODATA","source":"vpc","aws_account_id":"123456789012"}}`,
  );
  assert.deepEqual([columns.srcIp, columns.srcPort, columns.protocol, columns.action, columns.bytes], [undefined, undefined, undefined, undefined, undefined]);
});

test('custom v5 order with region; enrichment appended after Wazuh fields, never replacing them', () => {
  const fields = ['flow_direction', 'region', 'srcaddr', 'start', 'resource_id'];
  const build = createVpcFlowEventBuilder(fields, { ...ctx, flowLogId: 'fl-0abc', flowLogResource: { resource_id: 'vpc-1', traffic_type: 'ALL' } });
  const { message, columns } = build(['egress', 'eu-west-3', '10.0.0.9', '-', 'eni-9']);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{${LOG_INFO},"flow_direction":"egress","region":"eu-west-3","srcaddr":"10.0.0.9","start":"-","resource_id":"eni-9","source":"vpc","aws_account_id":"123456789012","flow_log_id":"fl-0abc","traffic_type":"ALL"}}`,
  );
  assert.equal(columns.region, 'eu-west-3');
  assert.equal(columns.account, '123456789012');
  assert.ok(Math.abs(columns.time - Date.now()) < 60_000);
});

test('vpcFlowEvent reuses its builder per fields array and context', () => {
  const a = vpcFlowEvent(V2, V2.map(() => '1'), ctx);
  const b = vpcFlowEvent(V2, V2.map(() => '2'), ctx);
  assert.equal(a.message.aws.log_info, b.message.aws.log_info);
  assert.equal(b.message.aws['start'], '1970-01-01T00:00:02Z');
});
