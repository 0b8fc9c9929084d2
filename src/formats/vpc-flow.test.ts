import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLOW_FIELDS, parseVpcFlow } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'flows', key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/123456789012_vpcflowlogs_us-east-1_fl-0abc_20240102T0000Z_hash.log.gz' };
const V2_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

test('v2 default header: field names in snake_case, values as strings, header not a row', async () => {
  const text = `${V2_HEADER}\n2 123456789012 eni-0a1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1704153600 1704153660 ACCEPT OK\n2 123456789012 eni-0a1 - - - - - - - 1704153600 1704153660 - NODATA\n`;
  const batches = await all(parseVpcFlow(streamOf(text, 10), ctx));
  assert.deepEqual(batches, [
    {
      fields: DEFAULT_FLOW_FIELDS,
      rows: [
        ['2', '123456789012', 'eni-0a1', '10.0.0.1', '10.0.0.2', '443', '49152', '6', '10', '840', '1704153600', '1704153660', 'ACCEPT', 'OK'],
        ['2', '123456789012', 'eni-0a1', '-', '-', '-', '-', '-', '-', '-', '1704153600', '1704153660', '-', 'NODATA'],
      ],
      lines: text.split('\n').slice(1, 3),
      firstLine: 2,
    },
  ]);
  assert.deepEqual(DEFAULT_FLOW_FIELDS, ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status']);
});

test('v5 custom field order', async () => {
  const text = 'flow-direction traffic-path pkt-src-aws-service srcaddr dstaddr action tcp-flags\negress 1 S3 10.0.0.1 52.216.0.1 ACCEPT 19\n';
  const [batch] = await all(parseVpcFlow(streamOf(text), ctx));
  assert.deepEqual(batch, {
    fields: ['flow_direction', 'traffic_path', 'pkt_src_aws_service', 'srcaddr', 'dstaddr', 'action', 'tcp_flags'],
    rows: [['egress', '1', 'S3', '10.0.0.1', '52.216.0.1', 'ACCEPT', '19']],
    lines: ['egress 1 S3 10.0.0.1 52.216.0.1 ACCEPT 19'],
    firstLine: 2,
  });
});

test('v7 ECS and v8 fields, blank trailing lines', async () => {
  const text = 'version srcaddr ecs-cluster-arn ecs-task-id reject-reason region az-id\n8 10.0.0.1 arn:aws:ecs:us-east-1:1:cluster/c 0123 BPA us-east-1 use1-az1\n\n\n';
  const [batch] = await all(parseVpcFlow(streamOf(text, 3), ctx));
  assert.deepEqual(batch, {
    fields: ['version', 'srcaddr', 'ecs_cluster_arn', 'ecs_task_id', 'reject_reason', 'region', 'az_id'],
    rows: [['8', '10.0.0.1', 'arn:aws:ecs:us-east-1:1:cluster/c', '0123', 'BPA', 'us-east-1', 'use1-az1']],
    lines: ['8 10.0.0.1 arn:aws:ecs:us-east-1:1:cluster/c 0123 BPA us-east-1 use1-az1'],
    firstLine: 2,
  });
});

test('rows come in batches of about 2000, sharing the fields array', async () => {
  const row = '2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK';
  const text = [V2_HEADER, ...Array.from({ length: 4100 }, () => row)].join('\n');
  const batches = await all(parseVpcFlow(streamOf(text, 4096), ctx));
  assert.deepEqual(batches.map((b) => [b.firstLine, b.rows.length]), [[2, 1999], [2001, 2000], [4001, 101]]);
  assert.equal(batches[0]!.fields, batches[2]!.fields);
});

test('a header-only file yields nothing; an empty file yields nothing', async () => {
  assert.deepEqual(await all(parseVpcFlow(streamOf(`${V2_HEADER}\n`), ctx)), []);
  assert.deepEqual(await all(parseVpcFlow(streamOf(''), ctx)), []);
});

test('a file without a header fails with FORMAT_FLOW_NO_HEADER', async () => {
  await rejectsWith(
    () => all(parseVpcFlow(streamOf('2 123456789012 eni-0a1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1704153600 1704153660 ACCEPT OK\n'), ctx)),
    'FORMAT_FLOW_NO_HEADER',
    `bucket 'flows', key '${ctx.key}', line 1: the first line is not a header naming the flow log fields: '2 123456789012 eni-0a1 10.0.0.1 10.0.0.2 443 49152 6 10 840 ...'`,
  );
  await rejectsWith(() => all(parseVpcFlow(streamOf('hello world\n'), ctx)), 'FORMAT_FLOW_NO_HEADER', /line 1: the first line is not a header/);
});

test('an unknown field in the header fails with FORMAT_FLOW_COLUMNS', async () => {
  await rejectsWith(() => all(parseVpcFlow(streamOf('version srcaddr bogus-field\n'), ctx)), 'FORMAT_FLOW_COLUMNS', /line 1: the header names unknown field\(s\) 'bogus_field'$/);
  await rejectsWith(() => all(parseVpcFlow(streamOf('version srcaddr srcaddr\n'), ctx)), 'FORMAT_FLOW_COLUMNS', /the header names field 'srcaddr' twice$/);
});

test('a line with a different column count fails with FORMAT_FLOW_COLUMNS naming key and line', async () => {
  const text = `${V2_HEADER}\n2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT\n`;
  await rejectsWith(
    () => all(parseVpcFlow(streamOf(text), ctx)),
    'FORMAT_FLOW_COLUMNS',
    `bucket 'flows', key '${ctx.key}', line 3: the line has 13 columns but the header names 14 fields`,
  );
});
