import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datedDayOfKey, datedMarker, datedScope, folderNames } from './dated-layout.ts';
import { umbrellaKind } from './cisco-umbrella.ts';
import { PADDED_DAYS } from './date-layout.ts';

test('markers sort before every key of their day and after every key of the day before, in both styles', () => {
  const firehose = datedScope('b', 'fh/', 'slash');
  assert.equal(datedMarker(firehose, '2024-03-05'), 'fh/2024/03/05');
  const key = 'fh/2024/03/05/00/s-1-2024-03-05-00-00-00-x';
  assert.ok(key > datedMarker(firehose, '2024-03-05') && key < datedMarker(firehose, '2024-03-06'));
  assert.ok('fh/2024/03/04/23/s' < datedMarker(firehose, '2024-03-05'));
  assert.equal(datedDayOfKey(firehose, key), '2024-03-05');
  assert.equal(datedDayOfKey(firehose, 'fh/notes.txt'), undefined);
  assert.equal(datedDayOfKey(firehose, 'other/2024/03/05/00/x'), undefined);

  const simple = datedScope('b', 'access/', 'dash');
  const log = 'access/2024-03-05-10-00-00-A1B2C3D4E5F60718';
  assert.equal(datedMarker(simple, '2024-03-05'), 'access/2024-03-05');
  assert.ok(log > datedMarker(simple, '2024-03-05') && log < datedMarker(simple, '2024-03-06'));
  assert.equal(datedDayOfKey(simple, log), '2024-03-05');
  assert.equal(datedDayOfKey(simple, 'access/111122223333/us-east-1/b/2024/03/05/x'), undefined);
});

test('scopes name their state after the bucket and prefix, with the account and region of the key', () => {
  assert.deepEqual(datedScope('logs', 'p/111122223333/us-east-1/media/', 'slash', '111122223333', 'us-east-1'), {
    accountId: '111122223333', region: 'us-east-1', prefix: 'p/111122223333/us-east-1/media/', style: 'slash', dates: PADDED_DAYS,
    state: { bucketPath: 'logs/p/111122223333/us-east-1/media/', accountId: '111122223333', region: 'us-east-1' },
  });
  assert.deepEqual(folderNames('a/', ['a/x/', 'a/y z/']), ['x', 'y z']);
});

test('Umbrella kinds come from the folder right above the date folder', () => {
  assert.equal(umbrellaKind('dir/dnslogs/2024-03-05/2024-03-05-10-20-ab.csv.gz'), 'dnslogs');
  assert.equal(umbrellaKind('proxylogs/2024-03-05/x.csv.gz'), 'proxylogs');
  assert.equal(umbrellaKind('dir/auditlogs/2024-03-05/x.csv.gz'), undefined);
  assert.equal(umbrellaKind('dir/dnslogs/readme.txt'), undefined);
});
