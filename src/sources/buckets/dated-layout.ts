/**
 * Listing of buckets whose scopes are a prefix followed by date folders or dated names, outside
 * the `AWSLogs/<acct>/<service>/<region>/` layout: Kinesis Data Firehose (`<prefix>YYYY/MM/DD/HH/`),
 * WAF direct delivery (`.../<acl>/YYYY/MM/DD/HH/mm/`), S3 server access logs
 * (`<prefix>YYYY-MM-DD-HH-MM-SS-<id>` or `<prefix><acct>/<region>/<bucket>/YYYY/MM/DD/`), and
 * Cisco Umbrella (`<prefix>dnslogs/YYYY-MM-DD/`). Each scope is listed like the AWSLogs ones:
 * from a day marker a late window behind the newest key read, skipping keys already read, with
 * the state of the window kept, so late objects are found and nothing is read twice.
 */
import { PADDED_DAYS } from './date-layout.ts';
import type { ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import type { EventStore } from '../../store/index.ts';
import { firstDayAfter, pruneBefore, stateBucketPath } from './aws-logs.ts';
import type { AwsLogsScope, ListOptions, ObjectWork } from './aws-logs.ts';
import type { AwsLogsTypeHandler, BucketLayout } from './handler.ts';

/** How the date follows a scope's prefix: `YYYY/MM/DD/` folders, or `YYYY-MM-DD` (folder or name start). */
export type DateStyle = 'slash' | 'dash';

/** A scope of a dated layout. `accountId`/`region` are '' where the layout does not name them. */
export interface DatedScope extends AwsLogsScope {
  style: DateStyle;
}

const DATE_AT = {
  slash: /^(\d{4})\/(\d{2})\/(\d{2})\//,
  dash: /^(\d{4})-(\d{2})-(\d{2})/,
} as const;

/** A scope over `prefix`; its state is named after the bucket and the prefix. */
export function datedScope(bucketName: string, prefix: string, style: DateStyle, accountId = '', region = ''): DatedScope {
  // `dates` describes AWSLogs day folders; this layout reads `style` instead, and keeps the padded form for anything generic.
  return { accountId, region, prefix, style, dates: PADDED_DAYS, state: { bucketPath: stateBucketPath(bucketName, prefix), accountId, region } };
}

/** The StartAfter marker that lists a scope from the first object of `day` on. */
export function datedMarker(scope: DatedScope, day: string): string {
  return `${scope.prefix}${scope.style === 'slash' ? day.replaceAll('-', '/') : day}`;
}

/** The `YYYY-MM-DD` that follows the scope's prefix in `key`, if any. */
export function datedDayOfKey(scope: DatedScope, key: string): string | undefined {
  if (!key.startsWith(scope.prefix)) return undefined;
  const m = DATE_AT[scope.style].exec(key.slice(scope.prefix.length));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function asDated(scope: AwsLogsScope): DatedScope {
  return 'style' in scope ? (scope as DatedScope) : { ...scope, style: 'slash' };
}

/** The first day a scope's listing covers, from `only_logs_after`, the state and the late window. */
export async function firstDatedDay(store: EventStore, scope: DatedScope, bucket: BucketConfig, options: ListOptions): Promise<string> {
  return firstDayAfter(options.reparse ? undefined : await lastDatedDay(store, scope), bucket, options);
}

/** The day of the scope's newest key read, undefined when none is (or its key holds no date). */
async function lastDatedDay(store: EventStore, scope: DatedScope): Promise<string | undefined> {
  const last = await store.lastKey(scope.state);
  return last === undefined ? undefined : datedDayOfKey(scope, last);
}

/**
 * Lists one scope lazily and yields the objects not read yet. Keys without a date right after
 * the prefix are not log objects of the scope (Wazuh: "Skipping file with another prefix"); as
 * digits sort before every letter, the listing stops at the first key whose next character
 * after the prefix sorts after '9' instead of walking the rest of the bucket.
 */
export async function* listDatedScope(
  source: ObjectSource, store: EventStore, anyScope: AwsLogsScope, bucket: BucketConfig, handler: AwsLogsTypeHandler, options: ListOptions,
): AsyncGenerator<ObjectWork> {
  const scope = asDated(anyScope);
  const firstDay = await firstDatedDay(store, scope, bucket, options);
  const startAfter = datedMarker(scope, firstDay);
  const done = options.reparse ? new Set<string>() : await store.processedKeys(scope.state, startAfter);
  for await (const object of source.listObjects(scope.prefix, startAfter)) {
    const key = object.key;
    if (key.charCodeAt(scope.prefix.length) > 57) break;
    if (key.endsWith('/') || done.has(key) || !handler.accepts(key)) continue;
    const day = datedDayOfKey(scope, key);
    if (day === undefined) continue;
    yield { scope, object, day, subScope: handler.subScope?.(key) };
  }
}

/** Deletes state older than the late window (plus a margin) behind the scope's newest key. */
export async function pruneDatedScope(store: EventStore, anyScope: AwsLogsScope, today: string): Promise<void> {
  const scope = asDated(anyScope);
  const lastDay = await lastDatedDay(store, scope);
  if (lastDay !== undefined) await store.pruneState(scope.state, pruneBefore(lastDay, today));
}

/**
 * A layout whose scopes `discover` finds, listed and pruned as dated scopes. The state of each
 * scope is tagged with the bucket type (`<bucket>/<prefix>#<type>`; `#` cannot occur in a
 * <path>), as Wazuh keeps one table per type: a Firehose prefix configured as two types (say
 * `custom` and `guardduty`) is read by both, not skipped by the second as already read.
 */
export function datedLayout(discover: (source: ObjectSource, bucket: BucketConfig) => Promise<DatedScope[]>): BucketLayout {
  return {
    discover: async (source, bucket) => (await discover(source, bucket)).map((s) => ({ ...s, state: { ...s.state, bucketPath: `${s.state.bucketPath}#${bucket.type}` } })),
    list: listDatedScope,
    prune: pruneDatedScope,
  };
}

const YEAR_FOLDER = /\/\d{4}\/$/;

/** Whether the folders `listPrefixes(prefix)` answered hold `YYYY/` ones (a Firehose delivery prefix). */
export function hasYearFolders(prefix: string, folders: readonly string[]): boolean {
  return folders.some((f) => YEAR_FOLDER.test(`/${f.slice(prefix.length)}`));
}

/** The last segment of each folder of a `listPrefixes` answer (without the slash). */
export function folderNames(parent: string, prefixes: readonly string[]): string[] {
  return prefixes.map((p) => p.slice(parent.length, -1)).filter((name) => name !== '');
}
