import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigItems } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'cfg', key: 'AWSLogs/1/Config/us-east-1/2024/3/5/ConfigSnapshot/s.json.gz' };

test('history and snapshot files yield their configuration items', async () => {
  const items = [{ resourceId: 'a', n: 1 }, { resourceId: 'b', tags: { k: 'v' } }];
  assert.deepEqual((await all(parseConfigItems(streamOf(JSON.stringify({ fileVersion: '1.0', configurationItems: items }), 5), ctx))).flat(), items);
  assert.deepEqual((await all(parseConfigItems(streamOf(JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: items })), ctx))).flat(), items);
});

test('a file without configurationItems, or with a bad item, fails naming the object and the item', async () => {
  await rejectsWith(() => all(parseConfigItems(streamOf('{"Records": []}'), ctx)), 'FORMAT_NO_RECORDS',
    `bucket 'cfg', key '${ctx.key}': the JSON document has no "configurationItems" array (not an AWS Config history or snapshot file)`);
  await rejectsWith(() => all(parseConfigItems(streamOf('{"configurationItems": [{"a": 1}, {"b": nul}]}'), ctx)), 'FORMAT_BAD_JSON', /record 2: invalid JSON in the record/);
});
