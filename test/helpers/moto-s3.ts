import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AuthOptions } from '../../src/config/types.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { MOTO_CREDENTIALS } from './moto.ts';

/** Auth options reaching moto at `endpoint` with its test keys. */
export function motoAuth(endpoint: string): AuthOptions {
  return { accessKey: MOTO_CREDENTIALS.accessKeyId, secretKey: MOTO_CREDENTIALS.secretAccessKey, serviceEndpoint: endpoint };
}

/** A bucket name no other test uses. */
export function uniqueBucket(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** Creates `bucket` in moto and puts the objects, 32 at a time (moto answers each in milliseconds). */
export async function seedBucket(endpoint: string, bucket: string, objects: { key: string; body: Buffer | string }[]): Promise<void> {
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    let next = 0;
    const worker = async () => {
      while (next < objects.length) {
        const o = objects[next++]!;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }));
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  } finally {
    client.destroy();
  }
}
