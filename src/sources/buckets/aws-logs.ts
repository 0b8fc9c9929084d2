/**
 * Listing of `AWSLogs/` buckets (CloudTrail, VPC flow logs): discovers the (account, region)
 * scopes, then lists each scope from a marker derived from the stored state, skipping objects
 * already read. Objects that arrive late (CloudTrail uploads some files minutes or hours after
 * newer ones) are still found: every run lists from LATE_WINDOW_DAYS days before the newest
 * key read, and the state of that window is kept to know what was read.
 */
import { SourceError } from '../../core/index.ts';
import type { ObjectInfo, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import type { EventStore, StateScope } from '../../store/index.ts';
import { accountFolders, accountsBase, addDays, dayMarker, dayOfKey, isoDay, regionFolders, scopePrefix } from './layout.ts';
import type { AwsLogsTypeHandler, BucketLayout } from './handler.ts';

/** How far behind the newest key read a run looks again for late objects. */
export const LATE_WINDOW_DAYS = 2;
/** State rows older than the window by this many more days are pruned. */
export const STATE_RETENTION_EXTRA_DAYS = 1;

/** One (account, region) folder of the bucket. */
export interface AwsLogsScope {
  accountId: string;
  region: string;
  prefix: string;
  state: StateScope;
}

/** One object to read, with where it belongs. */
export interface ObjectWork {
  scope: AwsLogsScope;
  object: ObjectInfo;
  day: string | undefined;
  subScope: string | undefined;
}

/**
 * The state's name for a scope: `<bucket>/<scope prefix>`. Unlike Wazuh's `bucket_path` it
 * includes the service folder, so CloudTrail and flow logs in one bucket never share state.
 */
export function stateBucketPath(bucketName: string, prefix: string): string {
  return `${bucketName}/${prefix}`;
}

/**
 * Finds the scopes to read: the configured accounts or the 12-digit folders, and per account
 * the configured regions or the region folders found under that account (not the first
 * account's, as the Wazuh module does).
 */
export async function discoverScopes(source: ObjectSource, bucket: BucketConfig, handler: AwsLogsTypeHandler): Promise<AwsLogsScope[]> {
  await source.check();
  const top = await source.listPrefixes(bucket.path);
  if (top.length === 0) {
    throw new SourceError('SOURCE_EMPTY', { bucket: bucket.name }, `no files were found under '${bucket.path || '/'}' (check <path>; it must not start with '/')`);
  }
  const base = accountsBase(bucket);
  const accounts = bucket.awsAccountIds?.length ? [...bucket.awsAccountIds] : accountFolders(base, await source.listPrefixes(base));
  if (accounts.length === 0) {
    throw new SourceError('SOURCE_NO_LOGS', { bucket: bucket.name }, `no account folders were found under '${base}' (check <path>, <path_suffix> and <aws_organization_id>)`);
  }
  const scopes: AwsLogsScope[] = [];
  for (const accountId of accounts) {
    const regions = bucket.regions?.length
      ? [...bucket.regions]
      : regionFolders(await source.listPrefixes(`${base}${accountId}/${handler.serviceFolder}/`));
    for (const region of regions) {
      const prefix = scopePrefix(base, accountId, handler.serviceFolder, region);
      scopes.push({ accountId, region, prefix, state: { bucketPath: stateBucketPath(bucket.name, prefix), accountId, region } });
    }
  }
  return scopes;
}

/** Options of one listing pass. */
export interface ListOptions {
  /** Today, UTC, as `YYYY-MM-DD` (injectable for tests). */
  today: string;
  /** `--reparse`: read again from `only_logs_after` (or today), whatever the state says. */
  reparse: boolean;
}

/** The first day a scope's listing covers, from `only_logs_after`, the state and the late window. */
export async function firstDayToList(store: EventStore, scope: AwsLogsScope, bucket: BucketConfig, options: ListOptions): Promise<string> {
  const floor = bucket.onlyLogsAfter ?? options.today;
  if (options.reparse) return floor;
  const last = await store.lastKey(scope.state);
  const lastDay = last === undefined ? undefined : dayOfKey(scope.prefix, last);
  if (lastDay === undefined) return floor;
  const from = addDays(lastDay < options.today ? lastDay : options.today, -LATE_WINDOW_DAYS);
  // With only_logs_after set the user never wants older objects; without it, the state rules.
  return bucket.onlyLogsAfter !== undefined && bucket.onlyLogsAfter > from ? bucket.onlyLogsAfter : from;
}

/**
 * Lists one scope lazily and yields the objects not read yet. The state of the scope is pruned
 * to the late window afterwards, so it stays bounded however long awsmon runs.
 */
export async function* listScope(
  source: ObjectSource, store: EventStore, scope: AwsLogsScope, bucket: BucketConfig, handler: AwsLogsTypeHandler, options: ListOptions,
): AsyncGenerator<ObjectWork> {
  const firstDay = await firstDayToList(store, scope, bucket, options);
  const startAfter = dayMarker(scope.prefix, firstDay);
  const done = options.reparse ? new Set<string>() : await store.processedKeys(scope.state, startAfter);
  for await (const object of source.listObjects(scope.prefix, startAfter)) {
    if (object.key.endsWith('/') || done.has(object.key) || !handler.accepts(object.key)) continue;
    yield { scope, object, day: dayOfKey(scope.prefix, object.key), subScope: handler.subScope?.(object.key) };
  }
}

/** Deletes state older than the late window (plus a margin) behind the scope's newest key. */
export async function pruneScope(store: EventStore, scope: AwsLogsScope, today: string): Promise<void> {
  const last = await store.lastKey(scope.state);
  const lastDay = last === undefined ? undefined : dayOfKey(scope.prefix, last);
  if (lastDay === undefined) return;
  const newest = lastDay < today ? lastDay : today;
  await store.pruneState(scope.state, addDays(newest, -(LATE_WINDOW_DAYS + STATE_RETENTION_EXTRA_DAYS)));
}

/** Today as the listing sees it. */
export function utcToday(now: Date = new Date()): string {
  return isoDay(now);
}

/** The `AWSLogs/<acct>/<service>/<region>/YYYY/MM/DD/` layout, the default of every handler. */
export const AWS_LOGS_LAYOUT: BucketLayout = { discover: discoverScopes, list: listScope, prune: pruneScope };
