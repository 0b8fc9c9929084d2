/** Puts objects into an existing moto bucket (after a first run, to test what the next run finds). */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../src/sources/index.ts';
import { motoAuth } from './moto-s3.ts';

/** Puts the objects one by one into `bucket`. */
export async function putObjects(endpoint: string, bucket: string, objects: { key: string; body: Buffer | string }[]): Promise<void> {
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  try {
    for (const o of objects) await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }));
  } finally {
    client.destroy();
  }
}
