/**
 * The embedded event store on DuckDB. One connection per open object transaction (DuckDB runs
 * concurrent appending transactions; commits of appends to one table do not conflict), plus pooled
 * connections for state look-ups and queries. A COMMIT fsyncs DuckDB's write-ahead log before it
 * returns (checked with strace on 1.5.6), so a committed object survives SIGKILL and power loss.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, StatementType } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../core/index.ts';
import type { Logger } from '../core/index.ts';
import { createJsonLinesFile } from '../outputs/index.ts';
import { Mutex } from './mutex.ts';
import { DuckDbObjectTransaction } from './object-transaction.ts';
import type { TransactionContext } from './object-transaction.ts';
import { plainRows, toParam } from './rows.ts';
import { ensureSchema } from './schema.ts';
import type { EventStore, ObjectRef, ObjectTransaction, StateScope } from './types.ts';

/** Options of `openDuckDbStore`. */
export interface DuckDbStoreOptions {
  /** The database file, or ':memory:' for tests. */
  path: string;
  /** When set, every committed event's message is also appended to this JSON-lines file. */
  archivesFile?: string | undefined;
  logger?: Logger | undefined;
  /** How long `close` waits for open transactions before aborting them (default 30 s). */
  closeTimeoutMs?: number;
  /** DuckDB worker threads (default: DuckDB's, one per core). */
  threads?: number | undefined;
  /** After this long without an open transaction, committed data is checkpointed in the background (default 5 s; 0 = never). */
  idleCheckpointMs?: number | undefined;
}

/**
 * DuckDB settings for bulk ingest, measured with bench/store.ts. Without insertion order DuckDB
 * parses a load file on all its threads. The write-ahead log is checkpointed (folded into the
 * database file, compressing the new rows) when it reaches 256 MB or when the store is idle,
 * instead of every 16 MB in the middle of the ingest.
 */
const DUCKDB_CONFIG: Record<string, string> = {
  preserve_insertion_order: 'false',
  checkpoint_threshold: '256MB',
};

const SCOPE = 'bucket_path = $1 AND account_id = $2 AND region = $3';
const READ_ONLY = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

class DuckDbStore implements EventStore {
  readonly #instance: DuckDBInstance;
  readonly #idle: DuckDBConnection[] = [];
  /** Open transactions, each with a promise settled when it commits or aborts. */
  readonly #open = new Map<DuckDbObjectTransaction, Promise<void>>();
  readonly #ctx: Omit<TransactionContext, 'conn' | 'release' | 'objectId'>;
  readonly #options: DuckDbStoreOptions;
  readonly #ownTmp: boolean;
  #nextId = 1;
  #nextObjectId = 1;
  #closing = false;
  #dirty = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #checkpointing: Promise<void> | undefined;

  constructor(instance: DuckDBInstance, options: DuckDbStoreOptions, tmp: string, ownTmp: boolean, archives: TransactionContext['archives']) {
    this.#instance = instance;
    this.#options = options;
    this.#ownTmp = ownTmp;
    this.#ctx = {
      tmpDir: tmp,
      nextId: (count) => {
        const first = this.#nextId;
        this.#nextId += count;
        return first;
      },
      commitLock: new Mutex(),
      archives,
    };
  }

  /** Continues event and object ids after the greatest stored ones. */
  async init(): Promise<void> {
    const [row] = await this.query('SELECT (SELECT COALESCE(MAX(id), 0) FROM events) AS id, (SELECT COALESCE(MAX(object_id), 0) FROM objects) AS o');
    this.#nextId = Number(row?.id ?? 0) + 1;
    this.#nextObjectId = Number(row?.o ?? 0) + 1;
  }

  async beginObject(scope: StateScope, object: ObjectRef, options?: { replace?: boolean }): Promise<ObjectTransaction> {
    if (this.#closing) throw new StoreError('STORE_WRITE_FAILED', `key '${object.key}': the store is closing`);
    this.#cancelIdleCheckpoint();
    await this.#checkpointing;
    const conn = await this.#acquire();
    let settle!: () => void;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const release = (finished: DuckDbObjectTransaction, reusable: boolean): void => {
      if (reusable) this.#idle.push(conn);
      else conn.closeSync();
      this.#open.delete(finished);
      this.#dirty = true;
      settle();
      this.#scheduleIdleCheckpoint();
    };
    const tx = new DuckDbObjectTransaction({ ...this.#ctx, conn, release, objectId: this.#nextObjectId++ }, scope, object);
    this.#open.set(tx, done);
    try {
      await tx.begin(options?.replace === true);
    } catch (err) {
      await tx.abort();
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError('STORE_WRITE_FAILED', `key '${object.key}': cannot begin a transaction: ${reason}`, { cause: err });
    }
    return tx;
  }

  async processedKeys(scope: StateScope, afterKey: string): Promise<Set<string>> {
    const rows = await this.query(`SELECT log_key FROM processed_objects WHERE ${SCOPE} AND log_key > $4`, [...scopeParams(scope), afterKey]);
    return new Set(rows.map((r) => r.log_key as string));
  }

  async lastKey(scope: StateScope): Promise<string | undefined> {
    const [row] = await this.query(`SELECT max(log_key) AS k FROM processed_objects WHERE ${SCOPE}`, scopeParams(scope));
    return (row?.k as string | null | undefined) ?? undefined;
  }

  async pruneState(scope: StateScope, beforeDate: string): Promise<number> {
    return this.#write(async (conn) => {
      const result = await conn.run(
        `DELETE FROM processed_objects WHERE ${SCOPE} AND COALESCE(created_date, CAST(processed_at AS DATE)) < $4::DATE
          AND log_key <> (SELECT max(log_key) FROM processed_objects WHERE ${SCOPE})`,
        [...scopeParams(scope), beforeDate],
      );
      await conn.run(`DELETE FROM object_errors WHERE ${SCOPE} AND CAST(failed_at AS DATE) < $4::DATE`, [...scopeParams(scope), beforeDate]);
      return result.rowsChanged;
    });
  }

  async recordObjectError(scope: StateScope, key: string, code: string, message: string): Promise<void> {
    await this.#write((conn) => conn.run(`INSERT INTO object_errors VALUES ($1, $2, $3, $4, $5, $6, now()::TIMESTAMP)`, [...scopeParams(scope), key, code, message]));
  }

  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const conn = await this.#acquire();
    try {
      const stmt = await conn.prepare(sql);
      try {
        if (!READ_ONLY.has(stmt.statementType)) throw new Error('only read-only statements (SELECT) are accepted');
        if (stmt.parameterCount !== params.length) throw new Error(`the statement has ${stmt.parameterCount} parameters, ${params.length} given`);
        if (params.length > 0) stmt.bind(params.map(toParam));
        return plainRows(await stmt.runAndReadAll());
      } finally {
        stmt.destroySync();
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError('STORE_QUERY_FAILED', `query refused or failed: ${reason}`, { cause: err });
    } finally {
      this.#idle.push(conn);
    }
  }

  async countEvents(): Promise<number> {
    const [row] = await this.query('SELECT count(*) AS n FROM events');
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#cancelIdleCheckpoint();
    await this.#checkpointing;
    const timeout = this.#options.closeTimeoutMs ?? 30_000;
    if (this.#open.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeout);
      });
      const finished = Promise.all([...this.#open.values()]).then(() => false);
      const late = await Promise.race([finished, expired]);
      clearTimeout(timer);
      if (late) {
        this.#options.logger?.warn({ open: this.#open.size }, 'store closing: aborting object transactions still open');
        await Promise.all([...this.#open.keys()].map((tx) => tx.abort().catch(() => undefined)));
      }
    }
    try {
      const conn = await this.#acquire();
      await conn.run('CHECKPOINT');
      this.#idle.push(conn);
    } catch (err) {
      this.#options.logger?.warn({ err }, 'store closing: checkpoint failed; DuckDB replays its log at next open');
    }
    for (const conn of this.#idle.splice(0)) conn.closeSync();
    this.#instance.closeSync();
    if (this.#ownTmp) await rm(this.#ctx.tmpDir, { recursive: true, force: true });
  }

  /** Checkpoints once no transaction was open for `idleCheckpointMs`, so the ingest itself never waits for one. */
  #scheduleIdleCheckpoint(): void {
    const delay = this.#options.idleCheckpointMs ?? 5_000;
    if (delay <= 0 || this.#closing || this.#open.size > 0 || !this.#dirty) return;
    this.#cancelIdleCheckpoint();
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#open.size > 0 || this.#closing) return;
      this.#dirty = false;
      this.#checkpointing = this.#write((conn) => conn.run('CHECKPOINT'))
        .then(() => undefined, (err: unknown) => this.#options.logger?.warn({ err }, 'store: idle checkpoint failed; retried at close'))
        .finally(() => {
          this.#checkpointing = undefined;
        });
    }, delay);
    this.#idleTimer.unref();
  }

  #cancelIdleCheckpoint(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  async #write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.#acquire();
    try {
      return await fn(conn);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError('STORE_WRITE_FAILED', `cannot write state: ${reason}`, { cause: err });
    } finally {
      this.#idle.push(conn);
    }
  }

  async #acquire(): Promise<DuckDBConnection> {
    return this.#idle.pop() ?? (await this.#instance.connect());
  }
}

function scopeParams(scope: StateScope): string[] {
  return [scope.bucketPath, scope.accountId, scope.region];
}

/** Opens (creating or migrating) the DuckDB store, recovering archives.json to its last committed size. */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<EventStore> {
  const memory = options.path === ':memory:';
  let instance: DuckDBInstance | undefined;
  try {
    if (!memory) await mkdir(dirname(options.path), { recursive: true });
    const config = { ...DUCKDB_CONFIG, ...(options.threads === undefined ? {} : { threads: String(options.threads) }) };
    instance = await DuckDBInstance.create(options.path, config);
    const conn = await instance.connect();
    await ensureSchema(conn);
    const tmp = memory ? await mkdtemp(join(tmpdir(), 'awsmon-store-')) : join(dirname(options.path), '.awsmon-tmp');
    await mkdir(tmp, { recursive: true });
    for (const name of await readdir(tmp)) if (name.startsWith('load-')) await rm(join(tmp, name), { force: true });
    const archives = options.archivesFile === undefined ? undefined : await recoverArchives(conn, options.archivesFile, options.logger);
    conn.closeSync();
    const store = new DuckDbStore(instance, options, tmp, memory, archives);
    await store.init();
    return store;
  } catch (err) {
    instance?.closeSync();
    if (err instanceof StoreError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new StoreError('STORE_OPEN_FAILED', `cannot open the store '${options.path}': ${reason}`, { cause: err });
  }
}

/**
 * Cuts archives.json back to the size recorded by the last committed object (lines past it belong
 * to an object whose commit never happened) and returns the hook that records sizes at commit.
 */
async function recoverArchives(conn: DuckDBConnection, file: string, logger: Logger | undefined): Promise<TransactionContext['archives']> {
  const output = createJsonLinesFile(file);
  const reader = await conn.runAndReadAll(`SELECT seq, size FROM output_commits WHERE output = 'archives' ORDER BY seq DESC LIMIT 1`);
  const last = reader.getRowObjectsJS()[0];
  const recordedSize = last === undefined ? undefined : Number(last.size);
  let seq = last === undefined ? 0 : Number(last.seq);
  const { size, truncatedBytes } = await output.recover(recordedSize);
  if (truncatedBytes > 0) logger?.warn({ file, truncatedBytes, size }, 'archives: dropped lines of objects whose commit did not happen');
  if (recordedSize !== undefined && size < recordedSize) logger?.warn({ file, size, recordedSize }, 'archives: file is shorter than recorded (rotated or deleted); continuing from its size');
  if (size !== recordedSize) {
    await conn.run(`INSERT INTO output_commits VALUES ('archives', $1, $2, now()::TIMESTAMP)`, [BigInt(++seq), BigInt(size)]);
  }
  await conn.run(`DELETE FROM output_commits WHERE output = 'archives' AND seq < $1`, [BigInt(seq)]);
  return {
    file: output,
    // Called under the commit lock, inside the object's transaction.
    commit: async (txConn, newSize) => {
      await txConn.run(`INSERT INTO output_commits VALUES ('archives', $1, $2, now()::TIMESTAMP)`, [BigInt(++seq), BigInt(newSize)]);
    },
  };
}
