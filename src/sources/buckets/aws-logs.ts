/**
 * Listing of `AWSLogs/` buckets (CloudTrail, VPC flow logs, Config, load balancers): discovers the
 * (account, region) scopes, then lists each scope from the first day to read, skipping objects
 * already read. Objects that arrive late (CloudTrail uploads some files minutes or hours after
 * newer ones) are still found: every run lists from LATE_WINDOW_DAYS days before the newest
 * day read, and the state of that window is kept to know what was read.
 */
import { SourceError } from '../../core/index.ts';
import type { ObjectInfo, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import type { EventStore, StateScope } from '../../store/index.ts';
import { accountFolders, accountsBase, addDays, isoDay, regionFolders, scopePrefix } from './layout.ts';
import { dayMarker, HIVE_DAYS, PADDED_DAYS } from './date-layout.ts';
import type { DateLayout } from './date-layout.ts';
import { dayFolders } from './day-folders.ts';
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
  /** How the date folders under `prefix` are written. */
  dates: DateLayout;
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

const HIVE_ACCOUNT = /^aws-account-id=(\d{12})\/$/;
const HIVE_REGION = /^aws-region=([a-z]{2}(-[a-z]+)+-\d+)\/$/;

/** The accounts of `aws-account-id=<12 digits>/` folders in a prefix listing of `base`. */
export function hiveAccountFolders(base: string, prefixes: readonly string[]): string[] {
  return prefixes.map((p) => HIVE_ACCOUNT.exec(p.slice(base.length))?.[1]).filter((a): a is string => a !== undefined);
}

/** The regions of `aws-region=<region>/` folders in a prefix listing of `base`. */
export function hiveRegionFolders(base: string, prefixes: readonly string[]): string[] {
  return prefixes.map((p) => HIVE_REGION.exec(p.slice(base.length))?.[1]).filter((r): r is string => r !== undefined);
}

/**
 * Finds the scopes to read: the configured accounts or the 12-digit folders, and per account
 * the configured regions or the region folders found under that account (not the first
 * account's, as the Wazuh module does). For a type that can deliver with Hive-compatible
 * prefixes, `aws-account-id=<acct>/` folders are scopes too, each with its own state.
 */
export async function discoverScopes(source: ObjectSource, bucket: BucketConfig, handler: AwsLogsTypeHandler): Promise<AwsLogsScope[]> {
  await source.check();
  const top = await source.listPrefixes(bucket.path);
  if (top.length === 0) {
    throw new SourceError('SOURCE_EMPTY', { bucket: bucket.name }, `no files were found under '${bucket.path || '/'}' (check <path>; it must not start with '/')`);
  }
  return awsLogsScopes(source, bucket, handler);
}

/** The scopes of `<path>AWSLogs/`, once the bucket and `<path>` are known to exist (discoverScopes without its checks). */
export async function awsLogsScopes(source: ObjectSource, bucket: BucketConfig, handler: AwsLogsTypeHandler): Promise<AwsLogsScope[]> {
  const base = accountsBase(handler.ignoresOrganization ? { ...bucket, awsOrganizationId: undefined } : bucket);
  const configured = bucket.awsAccountIds?.length ? [...bucket.awsAccountIds] : undefined;
  const basePrefixes = configured === undefined || handler.hiveService !== undefined ? await source.listPrefixes(base) : [];
  const hive = handler.hiveService === undefined ? [] : hiveAccountFolders(base, basePrefixes).filter((a) => configured === undefined || configured.includes(a));
  const found = accountFolders(base, basePrefixes);
  // A configured account is listed in the plain layout unless only its Hive folder exists.
  const plain = configured === undefined ? found : configured.filter((a) => found.includes(a) || !hive.includes(a));
  if (plain.length === 0 && hive.length === 0) {
    throw new SourceError('SOURCE_NO_LOGS', { bucket: bucket.name }, `no account folders were found under '${base}' (check <path>, <path_suffix> and <aws_organization_id>)`);
  }
  const scopes: AwsLogsScope[] = [];
  const dates = handler.dateLayout ?? PADDED_DAYS;
  const add = (accountId: string, region: string, prefix: string, layout: DateLayout): void => {
    scopes.push({ accountId, region, prefix, dates: layout, state: { bucketPath: stateBucketPath(bucket.name, prefix), accountId, region } });
  };
  for (const accountId of plain) {
    const regions = bucket.regions?.length
      ? [...bucket.regions]
      : regionFolders(await source.listPrefixes(`${base}${accountId}/${handler.serviceFolder}/`));
    for (const region of regions) add(accountId, region, scopePrefix(base, accountId, handler.serviceFolder, region), dates);
  }
  for (const accountId of hive) {
    const serviceBase = `${base}aws-account-id=${accountId}/aws-service=${handler.hiveService}/`;
    const regions = bucket.regions?.length ? [...bucket.regions] : hiveRegionFolders(serviceBase, await source.listPrefixes(serviceBase));
    for (const region of regions) add(accountId, region, `${serviceBase}aws-region=${region}/`, HIVE_DAYS);
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

/**
 * The newest day the scope's state has read. Keys of sorted layouts sort by date, so the
 * greatest key names it; in `YYYY/M/D/` keys `2024/9/30` sorts after `2024/10/1`, so every
 * kept key is looked at (the state holds only the late window, a few days of objects).
 */
export async function newestDay(store: EventStore, scope: AwsLogsScope): Promise<string | undefined> {
  if (scope.dates.sorted) {
    const last = await store.lastKey(scope.state);
    return last === undefined ? undefined : scope.dates.dayOf(scope.prefix, last);
  }
  let newest: string | undefined;
  for (const key of await store.processedKeys(scope.state, scope.prefix)) {
    const day = scope.dates.dayOf(scope.prefix, key);
    if (day !== undefined && (newest === undefined || day > newest)) newest = day;
  }
  return newest;
}

/** The first day a scope's listing covers, from `only_logs_after`, the state and the late window. */
export async function firstDayToList(store: EventStore, scope: AwsLogsScope, bucket: BucketConfig, options: ListOptions): Promise<string> {
  return firstDayAfter(options.reparse ? undefined : await newestDay(store, scope), bucket, options);
}

/**
 * The first day to list when `lastDay` is the newest day read (undefined: none, or a reparse):
 * the late window behind it (or behind today, for a day in the future), never before
 * `only_logs_after`; with nothing read, `only_logs_after` or today.
 */
export function firstDayAfter(lastDay: string | undefined, bucket: BucketConfig, options: ListOptions): string {
  if (lastDay === undefined || options.reparse) return bucket.onlyLogsAfter ?? options.today;
  const from = addDays(lastDay < options.today ? lastDay : options.today, -LATE_WINDOW_DAYS);
  // With only_logs_after set the user never wants older objects; without it, the state rules.
  return bucket.onlyLogsAfter !== undefined && bucket.onlyLogsAfter > from ? bucket.onlyLogsAfter : from;
}

/** The day before which a scope's read-state is pruned, `lastDay` being the newest day read. */
export function pruneBefore(lastDay: string, today: string): string {
  return addDays(lastDay < today ? lastDay : today, -(LATE_WINDOW_DAYS + STATE_RETENTION_EXTRA_DAYS));
}

/**
 * Lists one scope lazily and yields the objects not read yet. Sorted layouts are listed once
 * from a StartAfter marker; `YYYY/M/D/` layouts day folder by day folder, from the first day
 * to read on, so a run never re-lists the whole year (as the Wazuh module does, #31304).
 */
export async function* listScope(
  source: ObjectSource, store: EventStore, scope: AwsLogsScope, bucket: BucketConfig, handler: AwsLogsTypeHandler, options: ListOptions,
): AsyncGenerator<ObjectWork> {
  const firstDay = await firstDayToList(store, scope, bucket, options);
  const work = (object: ObjectInfo): ObjectWork => ({ scope, object, day: scope.dates.dayOf(scope.prefix, object.key), subScope: handler.subScope?.(object.key) });
  const wanted = (done: Set<string>, object: ObjectInfo): boolean => !object.key.endsWith('/') && !done.has(object.key) && handler.accepts(object.key);
  if (scope.dates.sorted) {
    const startAfter = dayMarker(scope.prefix, firstDay, scope.dates);
    const done = options.reparse ? new Set<string>() : await store.processedKeys(scope.state, startAfter);
    for await (const object of source.listObjects(scope.prefix, startAfter)) if (wanted(done, object)) yield work(object);
    return;
  }
  const done = options.reparse ? new Set<string>() : await store.processedKeys(scope.state, scope.prefix);
  for (const folder of await dayFolders(source, scope.prefix, scope.dates, firstDay, options.today)) {
    for await (const object of source.listObjects(folder)) if (wanted(done, object)) yield work(object);
  }
}

/** Deletes state older than the late window (plus a margin) behind the scope's newest day. */
export async function pruneScope(store: EventStore, scope: AwsLogsScope, today: string): Promise<void> {
  const lastDay = await newestDay(store, scope);
  if (lastDay !== undefined) await store.pruneState(scope.state, pruneBefore(lastDay, today));
}

/** Today as the listing sees it. */
export function utcToday(now: Date = new Date()): string {
  return isoDay(now);
}

/** The `AWSLogs/<acct>/<service>/<region>/YYYY/MM/DD/` layout, the default of every handler. */
export const AWS_LOGS_LAYOUT: BucketLayout = { discover: discoverScopes, list: listScope, prune: pruneScope };
