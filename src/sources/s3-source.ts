import { Readable } from 'node:stream';
import {
  DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client,
} from '@aws-sdk/client-s3';
import type { AuthOptions } from '../config/types.ts';
import { SourceError } from '../core/index.ts';
import type { Location, Logger, ObjectInfo, ObjectSource } from '../core/index.ts';
import { awsClientConfig } from './aws-client.ts';
import { guardStream } from './guard-stream.ts';
import { toSourceError } from './source-error.ts';

/** Options of `createS3Source`. */
export interface S3SourceOptions {
  bucket: string;
  auth: AuthOptions;
  region?: string | undefined;
  /** The bucket's configured regions: a GovCloud or China one selects the client's partition. */
  regions?: readonly string[] | undefined;
  logger?: Logger | undefined;
  maxAttempts?: number | undefined;
}

class S3Source implements ObjectSource {
  readonly bucket: string;
  readonly client: S3Client;

  constructor(options: S3SourceOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client(awsClientConfig(options.auth, {
      service: 's3', region: options.region, regions: options.regions, maxAttempts: options.maxAttempts, logger: options.logger,
    }));
  }

  async #send<T>(location: Location, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw toSourceError(err, location);
    }
  }

  async check(): Promise<void> {
    // Not HeadBucket: a HEAD answer has no body, so denied, bad keys and clock skew would all be a bare 403.
    await this.#send({ bucket: this.bucket }, () => this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: 1 })));
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#send({ bucket: this.bucket }, () => this.client.send(new ListObjectsV2Command({
        Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token,
      })));
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) prefixes.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return prefixes;
  }

  async *listObjects(prefix: string, startAfter?: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    let first = true;
    while (first || token) {
      // S3 ignores StartAfter once a continuation token is given; send it only on the first page.
      const input = first
        ? { Bucket: this.bucket, Prefix: prefix, StartAfter: startAfter }
        : { Bucket: this.bucket, Prefix: prefix, ContinuationToken: token };
      first = false;
      const page = await this.#send({ bucket: this.bucket }, () => this.client.send(new ListObjectsV2Command(input)));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
    }
  }

  async getObject(key: string): Promise<Readable> {
    const location = { bucket: this.bucket, key };
    const res = await this.#send(location, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    if (!(res.Body instanceof Readable)) {
      throw new SourceError('SOURCE_REQUEST_FAILED', location, 'the response carried no readable body');
    }
    return guardStream(res.Body, location, toSourceError);
  }

  async deleteObject(key: string): Promise<void> {
    await this.#send({ bucket: this.bucket, key }, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }
}

/** An ObjectSource reading one S3 bucket through the SDK, with awsmon's credentials and retries. */
export function createS3Source(options: S3SourceOptions): ObjectSource & { readonly client: S3Client } {
  return new S3Source(options);
}
