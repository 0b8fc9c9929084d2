import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '../core/index.ts';
import { createLocalSource } from './local-source.ts';

async function folder(t: TestContext): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'awsmon-local-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  const root = join(parent, 'acme-trail');
  await mkdir(join(root, 'AWSLogs', 'empty', 'deeper'), { recursive: true });
  await mkdir(join(root, 'AWSLogs', '111122223333'), { recursive: true });
  await writeFile(join(root, 'AWSLogs', '111122223333', 'x.json'), '{}');
  await writeFile(join(parent, 'secret.txt'), 'outside');
  return root;
}

test('the bucket name is the folder name unless given', async (t) => {
  const root = await folder(t);
  assert.equal(createLocalSource(root).bucket, 'acme-trail');
  assert.equal(createLocalSource(`${root}/`).bucket, 'acme-trail');
  assert.equal(createLocalSource(root, { bucket: 'copy' }).bucket, 'copy');
});

test('folders holding no file are not common prefixes, as S3 has no empty folders', async (t) => {
  const root = await folder(t);
  const source = createLocalSource(root);
  assert.deepEqual(await source.listPrefixes('AWSLogs/'), ['AWSLogs/111122223333/']);
  assert.deepEqual(await source.listPrefixes(''), ['AWSLogs/']);
});

test('keys cannot reach outside the folder', async (t) => {
  const root = await folder(t);
  const source = createLocalSource(root);
  for (const key of ['../secret.txt', 'AWSLogs/../../secret.txt', '/etc/passwd', 'AWSLogs//x.json', './AWSLogs/111122223333/x.json']) {
    await assert.rejects(source.getObject(key), (err: unknown) => errorCode(err) === 'SOURCE_OBJECT_NOT_FOUND', key);
    await assert.rejects(source.deleteObject(key), (err: unknown) => errorCode(err) === 'SOURCE_OBJECT_NOT_FOUND', key);
  }
  assert.equal(await readFile(join(root, '..', 'secret.txt'), 'utf8'), 'outside');
  await assert.rejects(source.getObject('AWSLogs/empty'), (err: unknown) => errorCode(err) === 'SOURCE_OBJECT_NOT_FOUND');
});

test('a file given as the folder is SOURCE_BUCKET_NOT_FOUND', async (t) => {
  const root = await folder(t);
  const source = createLocalSource(join(root, 'AWSLogs', '111122223333', 'x.json'));
  await assert.rejects(source.check(), (err: unknown) => {
    assert.equal(errorCode(err), 'SOURCE_BUCKET_NOT_FOUND');
    assert.match((err as Error).message, /^bucket 'x\.json': '.*x\.json' is not a folder$/);
    return true;
  });
});
