import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parquetOf } from '../../test/fixtures/parquet.ts';
import { decodeObject } from './decode.ts';
import { parquetJsonRows, parquetLines } from './parquet.ts';
import { all, bytesOf, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'lake', key: 'ext/x.gz.parquet' };

async function spoolDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('awsmon-parquet-'));
}

test('rows as JSON: nested values and nulls kept, in file order, in batches of DuckDB vectors', async () => {
  const before = await spoolDirs();
  const file = await parquetOf(`SELECT i AS n, 'r' || i AS name, NULL::VARCHAR AS gone, {'ip': '10.0.0.' || (i % 7), 'port': i}::STRUCT(ip VARCHAR, port INT) AS src, [i, i + 1] AS l FROM range(3000) t(i)`);
  const batches = await all(parquetJsonRows(streamOf(file, 1000), ctx));
  assert.deepEqual(batches.map((b) => [b.firstRow, b.rows.length]), [[1, 2048], [2049, 952]]);
  assert.equal(batches[1]!.rows[951], '{"n":2999,"name":"r2999","gone":null,"src":{"ip":"10.0.0.3","port":2999},"l":[2999,3000]}');
  assert.deepEqual(await spoolDirs(), before, 'the temporary file is removed');
});

test('rows as lines, a null or empty value as -; reading stopped early still removes the temporary file', async () => {
  const before = await spoolDirs();
  const file = await parquetOf(`SELECT 2::INT AS version, '111122223333' AS account_id, 443 AS dstport, NULL::BIGINT AS packets, '' AS "odd ""name""" FROM range(5000)`);
  for await (const batch of parquetLines(streamOf(file), ctx)) {
    assert.deepEqual(batch.columns, ['version', 'account_id', 'dstport', 'packets', 'odd "name"']);
    assert.equal(batch.lines[0], '2 111122223333 443 - -');
    break;
  }
  assert.deepEqual(await spoolDirs(), before);
});

test('a Parquet object passes through decodeObject unchanged', async () => {
  const file = await parquetOf('SELECT 1 AS a');
  assert.deepEqual(await bytesOf(decodeObject(streamOf(file), ctx)), file);
});

test('truncated or foreign content fails with FORMAT_BAD_PARQUET naming the object', async () => {
  const file = await parquetOf('SELECT 1 AS a FROM range(100)');
  await assert.rejects(all(parquetJsonRows(streamOf(file.subarray(0, file.length - 30)), ctx)), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'FORMAT_BAD_PARQUET');
    assert.match(err.message, /^bucket 'lake', key 'ext\/x\.gz\.parquet': cannot read it as Parquet: /);
    assert.doesNotMatch(err.message, /awsmon-parquet-/, 'no temporary path');
    return true;
  });
  await assert.rejects(all(parquetJsonRows(streamOf('PAR1'), ctx)), {
    code: 'FORMAT_BAD_PARQUET', message: "bucket 'lake', key 'ext/x.gz.parquet': the object is 4 bytes, too short to be a Parquet file",
  });
});
