/**
 * Key layout of the `AWSLogs/` buckets AWS services write to, e.g. for CloudTrail
 * `<path>AWSLogs/<suffix>[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>`.
 * See https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 * and https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
import type { BucketConfig } from '../../config/index.ts';
import { dayMarker, PADDED_DAYS } from './date-layout.ts';

export { dayMarker };

const DAY_MS = 86_400_000;

/** `<path>AWSLogs/<suffix>[<org>/]`: where the 12-digit account folders live. */
export function accountsBase(bucket: Pick<BucketConfig, 'path' | 'pathSuffix' | 'awsOrganizationId'>): string {
  const org = bucket.awsOrganizationId ? `${bucket.awsOrganizationId}/` : '';
  return `${bucket.path}AWSLogs/${bucket.pathSuffix}${org}`;
}

/** The prefix of one (account, region) scope, ending with `/`: the date folders follow. */
export function scopePrefix(base: string, accountId: string, serviceFolder: string, region: string): string {
  return `${base}${accountId}/${serviceFolder}/${region}/`;
}

/** `YYYY-MM-DD` of a UTC date. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The `YYYY-MM-DD` of the `YYYY/MM/DD/` folder that follows `prefix` in `key`, if any. */
export function dayOfKey(prefix: string, key: string): string | undefined {
  return PADDED_DAYS.dayOf(prefix, key);
}

const ACCOUNT_FOLDER = /^\d{12}$/;

/** Keeps the 12-digit account folders of a prefix listing (others, like `o-xxxx/`, are not accounts). */
export function accountFolders(base: string, prefixes: readonly string[]): string[] {
  return prefixes.map((p) => p.slice(base.length, -1)).filter((name) => ACCOUNT_FOLDER.test(name));
}

/** The region folders of a prefix listing: the last path segment of each prefix. */
export function regionFolders(prefixes: readonly string[]): string[] {
  return prefixes.map((p) => p.slice(0, -1).split('/').pop() ?? '').filter((name) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(name));
}
