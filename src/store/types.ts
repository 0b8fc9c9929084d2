/** The store's public interfaces, shared by the DuckDB and (later) OpenSearch back ends. */
import type { EventBatch } from '../core/index.ts';

/** The unit of read-state: one bucket path, account and region (Wazuh's state table key minus the object key). */
export interface StateScope {
  /** `<bucket>/<path><suffix>`, as Wazuh's `bucket_path`. */
  bucketPath: string;
  accountId: string;
  /** `''` where the type has no region. */
  region: string;
}

/**
 * Where a service (CloudWatch Logs, Inspector) stands in what it reads: one row per service,
 * account, region and name (a log group and stream; '' for a region-wide position). `value` is
 * the service's own JSON (last event time, scan window...); the store only keeps it.
 */
export interface ServicePosition {
  service: string;
  accountId: string;
  region: string;
  name: string;
  value: Record<string, unknown>;
}

/** One object whose events are stored in one transaction. */
export interface ObjectRef {
  key: string;
  /** `objects.bucket` when it is not the first segment of the scope's bucket path (services: the log group). */
  bucket?: string | undefined;
  /**
   * Services: the position stored when the unit's last chunk commits, in the same transaction
   * as its events, instead of a processed_objects row.
   */
  position?: ServicePosition | undefined;
  /** `YYYY-MM-DD`, the date in the key; used by `pruneState`. */
  createdDate?: string | undefined;
  flowLogId?: string | undefined;
}

/**
 * The events of one object, stored exactly once together with the object's read-state. A large
 * object is committed in chunks as it is written (bounded memory); an interrupted attempt leaves
 * its committed chunks, and the next attempt resumes after them (`resumeAfter`).
 */
export interface ObjectTransaction {
  /**
   * How many of the object's events (in order) an earlier, interrupted attempt already committed;
   * the caller skips that many before calling `write`. 0 normally, and always with replace.
   */
  readonly resumeAfter: number;
  /** Appends a batch of this object's events; not visible until a chunk or the object commits. */
  write(batch: EventBatch): Promise<void>;
  /** Stores the events not yet committed and marks the object processed; returns the object's event count (resumed ones included). */
  commit(): Promise<number>;
  /** Drops what is not yet committed; the object stays unprocessed (committed chunks stay, to resume after). */
  abort(): Promise<void>;
}

/** Where events and read-state live. */
export interface EventStore {
  /**
   * Opens a transaction for one object. With replace:true (reparse) the object's previously
   * stored events are deleted in the transaction of its first chunk, so re-reading never duplicates.
   */
  beginObject(scope: StateScope, object: ObjectRef, options?: { replace?: boolean }): Promise<ObjectTransaction>;
  /** Keys processed in the scope that sort after `afterKey` (exclusive), for skipping already-read objects in a listing window. */
  processedKeys(scope: StateScope, afterKey: string): Promise<Set<string>>;
  /**
   * Whether the object was processed in the scope: its key, and when `version` is given, with that
   * version (`ObjectRef.flowLogId`, the sub-scope: an SQS subscriber's ETag, so a new upload under
   * the same key is read again).
   */
  isProcessed(scope: StateScope, key: string, version?: string): Promise<boolean>;
  /** The greatest processed key of the scope. */
  lastKey(scope: StateScope): Promise<string | undefined>;
  /** Deletes state rows of the scope with created_date before `beforeDate` ('YYYY-MM-DD'), always keeping the scope's greatest key; returns rows deleted. */
  pruneState(scope: StateScope, beforeDate: string): Promise<number>;
  /** The stored positions of a service in one account and region, by name. */
  positions(service: string, accountId: string, region: string): Promise<Map<string, Record<string, unknown>>>;
  /** Stores a position on its own (no events), replacing the one of the same service, account, region and name. */
  setPosition(position: ServicePosition): Promise<void>;
  /** Deletes the named positions (streams that no longer exist); returns rows deleted. */
  deletePositions(service: string, accountId: string, region: string, names: readonly string[]): Promise<number>;
  /** Records why an object failed (skip_on_error or stop), for the run summary and the API. */
  recordObjectError(scope: StateScope, key: string, code: string, message: string): Promise<void>;
  /** Read-only query with bound parameters ($1, $2...), rows as plain objects (safe BigInt to number, timestamps to ISO strings). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The exact stored JSON messages of events by id, in the order asked (undefined for an unknown id). */
  readMessages(ids: readonly number[]): Promise<(string | undefined)[]>;
  /** The exact stored JSON message of one event, or undefined. */
  getMessage(id: number): Promise<string | undefined>;
  /** The number of stored events. */
  countEvents(): Promise<number>;
  /** Waits for open transactions to finish (or aborts them after a timeout), checkpoints, closes. */
  close(): Promise<void>;
}
