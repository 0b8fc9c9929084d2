import type { WazuhMessage } from '../../core/index.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parquetOf } from '../../../test/fixtures/parquet.ts';
import { all, streamOf } from '../../formats/test-helpers.ts';
import { vpcFlowHandler } from './vpcflow.ts';

const ctx = { bucket: 'flows', key: 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/111122223333_vpcflowlogs_us-east-1_fl-1_20261122T1000Z_ab.log.parquet', accountAlias: '', accountId: '111122223333', flowLogId: 'fl-1' };

test('a Parquet flow log keeps its column order and writes nulls as -', async () => {
  const file = await parquetOf(`SELECT 'ACCEPT' AS action, 22::INT AS dstport, NULL::VARCHAR AS vpc_id, 1763805600::BIGINT AS start`);
  const [batch] = await all(vpcFlowHandler.parse(streamOf(file), ctx));
  assert.equal(batch!.length, 1);
  assert.equal(batch![0]!.raw, 'ACCEPT 22 - 1763805600');
  assert.deepEqual((batch![0]!.message as WazuhMessage).aws, {
    log_info: { aws_account_alias: '', log_file: ctx.key, s3bucket: 'flows' }, action: 'ACCEPT', dstport: '22', vpc_id: '-', start: '2025-11-22T10:00:00Z',
    source: 'vpc', aws_account_id: '111122223333', flow_log_id: 'fl-1',
  });
});

test('columns that are not flow log fields, and values holding spaces, are errors naming the object', async () => {
  await assert.rejects(all(vpcFlowHandler.parse(streamOf(await parquetOf(`SELECT 1 AS version, 2 AS colour`)), ctx)), {
    code: 'FORMAT_FLOW_COLUMNS', message: `bucket 'flows', key '${ctx.key}': the Parquet object has column(s) that are not flow log fields: 'colour'`,
  });
  await assert.rejects(all(vpcFlowHandler.parse(streamOf(await parquetOf(`SELECT 'A B' AS action, 1 AS version`)), ctx)), {
    code: 'FORMAT_FLOW_COLUMNS', message: `bucket 'flows', key '${ctx.key}', record 1: a value holds a space, so the row does not read as 2 flow log fields`,
  });
});
