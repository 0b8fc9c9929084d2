import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ciscoUmbrellaHandler } from './cisco-umbrella.ts';

test('an object outside a dnslogs/, proxylogs/ or iplogs/ folder is refused by the listing and by the parser', async () => {
  const key = 'cisco/auditlogs/2024-03-05/2024-03-05-10-20-ab.csv.gz';
  assert.equal(ciscoUmbrellaHandler.accepts(key), false);
  const parse = async () => {
    for await (const batch of ciscoUmbrellaHandler.parse(Readable.from(['"a","b"\n']), { bucket: 'u', key, accountAlias: '' })) void batch;
  };
  await assert.rejects(parse, { code: 'FORMAT_BAD_RECORD', message: `bucket 'u', key '${key}': not under a 'dnslogs/', 'proxylogs/' or 'iplogs/' folder, so its columns are unknown` });
});
