import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { createLocalSource } from '../local-source.ts';
import { tempDirs } from '../../store/temp-dirs.fixture.ts';
import { guardDutyHandler } from './guardduty.ts';

const tempDir = tempDirs('awsmon-guardduty-');

test('GuardDuty discovery checks the bucket and <path> once, and finds the export and Firehose scopes', async () => {
  const root = await tempDir();
  const files = [
    'AWSLogs/111122223333/GuardDuty/us-east-1/2024/03/05/f1.jsonl.gz',
    'AWSLogs/111122223333/GuardDuty/eu-west-1/2024/03/05/f2.jsonl.gz',
    '2024/03/05/10/firehose-1',
  ];
  for (const f of files) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await writeFile(join(root, f), '');
  }
  const local = createLocalSource(root, { bucket: 'gd' });
  const calls: string[] = [];
  const source: ObjectSource = {
    ...local,
    bucket: local.bucket,
    check: () => { calls.push('check'); return local.check(); },
    listPrefixes: (prefix) => { calls.push(`prefixes ${prefix}`); return local.listPrefixes(prefix); },
    listObjects: (prefix, startAfter) => local.listObjects(prefix, startAfter),
    getObject: (key) => local.getObject(key),
    deleteObject: (key) => local.deleteObject(key),
  };
  const bucket: BucketConfig = { kind: 'bucket', type: 'guardduty', name: 'gd', awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false };
  const scopes = await guardDutyHandler.layout!.discover(source, bucket, guardDutyHandler);
  assert.deepEqual(scopes.map((s) => s.prefix).sort(), [
    '', 'AWSLogs/111122223333/GuardDuty/eu-west-1/', 'AWSLogs/111122223333/GuardDuty/us-east-1/',
  ]);
  assert.equal(calls.filter((c) => c === 'check').length, 1, calls.join(', '));
  assert.equal(calls.filter((c) => c === 'prefixes ').length, 1, calls.join(', '));
});
