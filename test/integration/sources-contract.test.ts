import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { objectSourceContract } from '../../src/sources/object-source.contract.ts';
import { createLocalSource, createS3Source } from '../../src/sources/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';

objectSourceContract('S3 (moto)', async (t, objects) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return undefined;
  const bucket = uniqueBucket('contract');
  await seedBucket(endpoint, bucket, objects);
  return createS3Source({ bucket, auth: motoAuth(endpoint), maxAttempts: 2 });
}, (t) => {
  const endpoint = motoEndpoint(t);
  return Promise.resolve(endpoint ? createS3Source({ bucket: uniqueBucket('missing'), auth: motoAuth(endpoint), maxAttempts: 2 }) : undefined);
});

objectSourceContract('local folder', async (t, objects) => {
  const root = await mkdtemp(join(tmpdir(), 'awsmon-contract-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  for (const o of objects) {
    const path = join(root, ...o.key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, o.body);
  }
  return createLocalSource(root, { bucket: 'local-copy' });
}, async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'awsmon-contract-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  return createLocalSource(join(parent, 'no-such-folder'));
});
