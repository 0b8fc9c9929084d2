/**
 * CloudTrail log files (one per account, region and 5-minute window that has records) and a
 * digest file, as CloudTrail delivers them.
 */
import { createHash } from 'node:crypto';
import type { CloudTrailRecord } from './cloudtrail-records.ts';
import { cloudTrailDigestKey, cloudTrailKey, HOUR, isoSeconds, keyStamp } from './layout.ts';
import { backgroundRecords } from './noise.ts';
import { createRng } from './prng.ts';

/** A CloudTrail log file: key, JSON text and the time span of its records. */
export interface TrailFile {
  key: string;
  text: string;
  records: number;
  oldest: string;
  newest: string;
}

/** `{"Records":[...]}`, compact, as CloudTrail writes it. */
export function trailText(records: readonly CloudTrailRecord[]): string {
  return JSON.stringify({ Records: records });
}

/**
 * The log file of an account and region for the 5-minute window starting at `window`, with the
 * scenario records that fall in it; undefined when the window has no records (CloudTrail
 * delivers no empty files).
 */
export function trailFile(seed: number, account: string, region: string, window: number, length: number, extra: readonly CloudTrailRecord[]): TrailFile | undefined {
  const rng = createRng(seed, 'trail', account, region, window);
  const suffix = rng.alnum(16);
  const records = [...backgroundRecords(rng, account, region, window, length), ...extra];
  if (records.length === 0) return undefined;
  records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  return {
    key: cloudTrailKey(account, region, window, suffix),
    text: trailText(records),
    records: records.length,
    oldest: records[0]?.eventTime ?? '',
    newest: records[records.length - 1]?.eventTime ?? '',
  };
}

/**
 * The first digest file of a trail: the hour after `start` (+31 s, as CloudTrail staggers them),
 * listing the log files whose key time falls in that hour with SHA-256 of their content.
 */
export function digestFile(seed: number, opts: { account: string; region: string; trail: string; bucket: string; start: number; files: readonly TrailFile[] }): { key: string; text: string } {
  const rng = createRng(seed, 'digest', opts.account, opts.region, opts.start);
  const begin = opts.start + 31_000;
  const end = begin + HOUR;
  const key = cloudTrailDigestKey(opts.account, opts.region, opts.trail, end);
  const [from, to] = [keyStamp(opts.start), keyStamp(opts.start + HOUR)];
  const logFiles = opts.files
    .filter((f) => { const stamp = /_(\d{8}T\d{4}Z)_/.exec(f.key)?.[1] ?? ''; return stamp >= from && stamp < to; })
    .map((f) => ({ s3Bucket: opts.bucket, s3Object: f.key, hashValue: createHash('sha256').update(f.text).digest('hex'), hashAlgorithm: 'SHA-256', newestEventTime: f.newest, oldestEventTime: f.oldest }));
  const digest = {
    awsAccountId: opts.account,
    digestStartTime: isoSeconds(begin),
    digestEndTime: isoSeconds(end),
    digestS3Bucket: opts.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: rng.hex(32),
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: logFiles.reduce((m, f) => (f.newestEventTime > m ? f.newestEventTime : m), ''),
    oldestEventTime: logFiles.reduce((m, f) => (m === '' || f.oldestEventTime < m ? f.oldestEventTime : m), ''),
    previousDigestS3Bucket: null,
    previousDigestS3Object: null,
    previousDigestHashValue: null,
    previousDigestHashAlgorithm: null,
    previousDigestSignature: null,
    logFiles,
  };
  return { key, text: JSON.stringify(digest) };
}
