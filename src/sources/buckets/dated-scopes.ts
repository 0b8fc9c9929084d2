/**
 * Scope discovery shared by the bucket types on dated layouts: the path check, the Firehose
 * prefix, and the `AWSLogs/<acct>/<service>/<region>/` folders some of them also use.
 */
import { SourceError } from '../../core/index.ts';
import type { ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { accountFolders, accountsBase, regionFolders } from './layout.ts';
import { datedScope, hasYearFolders } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';

/** Checks the bucket and returns the folders directly under `<path>`; fails when there are none and `objectsToo` is false. */
export async function checkPath(source: ObjectSource, bucket: BucketConfig, objectsToo = false): Promise<string[]> {
  await source.check();
  const top = await source.listPrefixes(bucket.path);
  if (top.length === 0 && !objectsToo) {
    throw new SourceError('SOURCE_EMPTY', { bucket: bucket.name }, `no files were found under '${bucket.path || '/'}' (check <path>; it must not start with '/')`);
  }
  return top;
}

/** Fails with SOURCE_NO_LOGS when no scope was found. */
export function requireScopes(bucket: BucketConfig, scopes: DatedScope[], expected: string): DatedScope[] {
  if (scopes.length === 0) {
    throw new SourceError('SOURCE_NO_LOGS', { bucket: bucket.name }, `no logs found under '${bucket.path || '/'}': expected ${expected} (check <path>)`);
  }
  return scopes;
}

/** The Firehose scope `<path>YYYY/MM/DD/HH/`, when `<path>` holds year folders; `top` is what checkPath listed under `<path>`. */
export function firehoseScopes(bucket: BucketConfig, top: readonly string[]): DatedScope[] {
  return hasYearFolders(bucket.path, top) ? [datedScope(bucket.name, bucket.path, 'slash')] : [];
}

/** Whether `<path>AWSLogs/` exists, given the folders under `<path>`. */
export function hasAwsLogs(bucket: BucketConfig, top: readonly string[]): boolean {
  return top.includes(`${bucket.path}AWSLogs/`);
}

/** The accounts to read under `<path>AWSLogs/<suffix>[<org>/]`: the configured ones, else the 12-digit folders. */
export async function awsLogsAccounts(source: ObjectSource, bucket: BucketConfig): Promise<{ base: string; accounts: string[] }> {
  const base = accountsBase(bucket);
  const accounts = bucket.awsAccountIds?.length ? [...bucket.awsAccountIds] : accountFolders(base, await source.listPrefixes(base));
  return { base, accounts };
}

/** The regions to read under `<folder>`: the configured ones, else its region folders (plus `extra` names such as WAF's `cloudfront`). */
export async function regionsUnder(source: ObjectSource, bucket: BucketConfig, folder: string, extra: readonly string[] = []): Promise<string[]> {
  if (bucket.regions?.length) return [...bucket.regions];
  const prefixes = await source.listPrefixes(folder);
  const names = prefixes.map((p) => p.slice(folder.length, -1));
  return [...regionFolders(prefixes), ...names.filter((n) => extra.includes(n))].sort();
}
