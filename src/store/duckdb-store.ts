/**
 * The embedded event store on DuckDB. Object transactions only encode into memory; one writer
 * (writer.ts) owns the single write connection and group-commits their units. Message bodies live
 * in append-only segment files beside the database (body-segments.ts), exactly once like
 * archives.json. Pooled connections serve look-ups and queries. A COMMIT fsyncs DuckDB's
 * write-ahead log before it returns (checked with strace on 1.5.6), so a committed group survives
 * SIGKILL and power loss.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, StatementType } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { errorMessage, StoreError } from '../core/index.ts';
import type { Logger } from '../core/index.ts';
import { createJsonLinesFile } from '../outputs/index.ts';
import type { JsonLinesFile } from '../outputs/index.ts';
import { BodySegments } from './body-segments.ts';
import { readMessages } from './messages.ts';
import { DuckDbObjectTransaction } from './object-transaction.ts';
import type { TransactionContext } from './object-transaction.ts';
import { plainRows, toParam } from './rows.ts';
import { ensureSchema } from './schema.ts';
import type { EventStore, ObjectRef, ObjectTransaction, ServicePosition, StateScope } from './types.ts';
import { storePosition } from './unit.ts';
import { Writer } from './writer.ts';
import type { WriterOptions } from './writer.ts';

/** Options of `openDuckDbStore`. */
export interface DuckDbStoreOptions {
  /** The database file, or ':memory:' for tests (bodies then go to a temp folder). */
  path: string;
  /** When set, every committed event's message is also appended to this JSON-lines file. */
  archivesFile?: string | undefined;
  /** When set, every committed alert is also appended to this JSON-lines file (alerts.json). */
  alertsFile?: string | undefined;
  logger?: Logger | undefined;
  /** How long `close` waits for open transactions before aborting them (default 30 s). */
  closeTimeoutMs?: number;
  /** DuckDB worker threads (default: DuckDB's, one per core). */
  threads?: number | undefined;
  /** DuckDB's memory limit (default '128MB': DuckDB fills its buffer pool up to it, measured 824 MB peak RSS at 512MB vs 583 MB at 128MB on a 0.25 GiB flow object); it spills to a temp folder beside the database. */
  memoryLimit?: string | undefined;
  /** After this long with nothing to commit, committed data is checkpointed in the background (default 5 s; 0 = never). */
  idleCheckpointMs?: number | undefined;
  /** Bodies + archive bytes of one object at which a chunk is committed (default 32 MiB). */
  chunkBytes?: number | undefined;
  /** Rows of one object at which a chunk is committed (default 200,000). */
  chunkRows?: number | undefined;
  /** Size at which a new body segment file is started (default 1 GiB). */
  segmentBytes?: number | undefined;
  /** Bytes of units committed in one group transaction at most (default 64 MiB). */
  groupBytes?: number | undefined;
  /** Queued bytes over which writers wait (default 128 MiB). */
  queueBytes?: number | undefined;
  /** Called after each group commit (tests, benchmarks). */
  onGroupCommit?: WriterOptions['onGroupCommit'];
}

/**
 * DuckDB settings for bulk ingest. Without insertion order DuckDB parses a load file on all its
 * threads. The write-ahead log is checkpointed (folded into the database file) when it reaches
 * 64 MB (bounding the uncheckpointed data DuckDB holds in memory) or when the store is idle.
 */
const DUCKDB_CONFIG: Record<string, string> = {
  preserve_insertion_order: 'false',
  checkpoint_threshold: '64MB',
};

const SCOPE = 'bucket_path = $1 AND account_id = $2 AND region = $3';
const READ_ONLY = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

class DuckDbStore implements EventStore {
  readonly #instance: DuckDBInstance;
  readonly #idle: DuckDBConnection[] = [];
  readonly #writer: Writer;
  readonly #segments: BodySegments;
  readonly #open = new Set<DuckDbObjectTransaction>();
  readonly #closed: (() => void)[] = [];
  /** Events committed by unfinished attempts, by scope and key (object_progress, kept in memory). */
  readonly #progress: Map<string, number>;
  readonly #ctx: TransactionContext;
  readonly #options: DuckDbStoreOptions;
  readonly #tmp: { dir: string; own: boolean };
  #nextId = 1;
  #nextObjectId = 1;
  #nextAlertSeq = 1;
  #closing = false;

  constructor(instance: DuckDBInstance, options: DuckDbStoreOptions, parts: { writer: Writer; segments: BodySegments; progress: Map<string, number>; tmp: { dir: string; own: boolean }; ids: [number, number, number] }) {
    this.#instance = instance;
    this.#options = options;
    this.#writer = parts.writer;
    this.#segments = parts.segments;
    this.#progress = parts.progress;
    this.#tmp = parts.tmp;
    [this.#nextId, this.#nextObjectId, this.#nextAlertSeq] = parts.ids;
    this.#ctx = {
      writer: this.#writer,
      nextId: (count) => {
        const first = this.#nextId;
        this.#nextId += count;
        return first;
      },
      nextObjectId: () => this.#nextObjectId++,
      nextAlertSeq: () => this.#nextAlertSeq++,
      archives: options.archivesFile !== undefined,
      chunkBytes: options.chunkBytes ?? 4 * 1024 * 1024,
      chunkRows: options.chunkRows ?? 50_000,
      progress: (tx, committed) => {
        const key = progressKey(tx.scope, tx.object.key);
        if (committed === undefined) this.#progress.delete(key);
        else this.#progress.set(key, committed);
      },
      release: (tx) => {
        this.#open.delete(tx);
        if (this.#open.size === 0) for (const wake of this.#closed.splice(0)) wake();
      },
    };
  }

  beginObject(scope: StateScope, object: ObjectRef, options?: { replace?: boolean }): Promise<ObjectTransaction> {
    if (this.#closing) return Promise.reject(new StoreError('STORE_WRITE_FAILED', `key '${object.key}': the store is closing`));
    const replace = options?.replace === true;
    const key = progressKey(scope, object.key);
    const resumeAfter = replace ? 0 : this.#progress.get(key) ?? 0;
    if (replace) this.#progress.delete(key);
    const tx = new DuckDbObjectTransaction(this.#ctx, scope, object, resumeAfter, replace);
    this.#open.add(tx);
    return Promise.resolve(tx);
  }

  async processedKeys(scope: StateScope, afterKey: string): Promise<Set<string>> {
    const rows = await this.query(`SELECT log_key FROM processed_objects WHERE ${SCOPE} AND log_key > $4`, [...scopeParams(scope), afterKey]);
    return new Set(rows.map((r) => r.log_key as string));
  }

  async isProcessed(scope: StateScope, key: string, version?: string): Promise<boolean> {
    const rows = version === undefined
      ? await this.query(`SELECT 1 AS found FROM processed_objects WHERE ${SCOPE} AND log_key = $4 LIMIT 1`, [...scopeParams(scope), key])
      : await this.query(`SELECT 1 AS found FROM processed_objects WHERE ${SCOPE} AND log_key = $4 AND flow_log_id = $5 LIMIT 1`, [...scopeParams(scope), key, version]);
    return rows.length > 0;
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

  async positions(service: string, accountId: string, region: string): Promise<Map<string, Record<string, unknown>>> {
    const rows = await this.query(`SELECT name, CAST(position AS VARCHAR) AS position FROM service_positions WHERE service = $1 AND account_id = $2 AND region = $3`, [service, accountId, region]);
    return new Map(rows.map((r) => [String(r.name), JSON.parse(String(r.position)) as Record<string, unknown>]));
  }

  async setPosition(position: ServicePosition): Promise<void> {
    await this.#write(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        await storePosition(conn, position);
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async deletePositions(service: string, accountId: string, region: string, names: readonly string[]): Promise<number> {
    if (names.length === 0) return 0;
    return this.#write(async (conn) => {
      let deleted = 0;
      for (const name of names) {
        const result = await conn.run('DELETE FROM service_positions WHERE service = $1 AND account_id = $2 AND region = $3 AND name = $4', [service, accountId, region, name]);
        deleted += result.rowsChanged;
      }
      return deleted;
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
      const reason = errorMessage(err);
      throw new StoreError('STORE_QUERY_FAILED', `query refused or failed: ${reason}`, { cause: err });
    } finally {
      this.#idle.push(conn);
    }
  }

  async readMessages(ids: readonly number[]): Promise<(string | undefined)[]> {
    try {
      return await readMessages((sql) => this.query(sql), this.#segments, ids);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      const reason = errorMessage(err);
      throw new StoreError('STORE_QUERY_FAILED', `cannot read messages: ${reason}`, { cause: err });
    }
  }

  async getMessage(id: number): Promise<string | undefined> {
    return (await this.readMessages([id]))[0];
  }

  async countEvents(): Promise<number> {
    const [row] = await this.query('SELECT count(*) AS n FROM events');
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#open.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        new Promise<boolean>((resolve) => this.#closed.push(() => resolve(false))),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), this.#options.closeTimeoutMs ?? 30_000);
        }),
      ]);
      clearTimeout(timer);
      if (late) {
        this.#options.logger?.warn({ open: this.#open.size }, 'store closing: aborting object transactions still open');
        await Promise.all([...this.#open].map((tx) => tx.abort().catch(() => undefined)));
      }
    }
    await this.#writer.close();
    await this.#segments.close();
    for (const conn of this.#idle.splice(0)) conn.closeSync();
    this.#instance.closeSync();
    if (this.#tmp.own) await rm(this.#tmp.dir, { recursive: true, force: true });
  }

  /** Runs a write on the writer's connection between group commits (one writer: no write conflicts). */
  async #write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    try {
      return await this.#writer.exclusive(fn);
    } catch (err) {
      const reason = errorMessage(err);
      throw new StoreError('STORE_WRITE_FAILED', `cannot write state: ${reason}`, { cause: err });
    }
  }

  async #acquire(): Promise<DuckDBConnection> {
    return this.#idle.pop() ?? (await this.#instance.connect());
  }
}

function scopeParams(scope: StateScope): string[] {
  return [scope.bucketPath, scope.accountId, scope.region];
}

function progressKey(scope: StateScope, key: string): string {
  return JSON.stringify([scope.bucketPath, scope.accountId, scope.region, key]);
}

async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return plainRows(await conn.runAndReadAll(sql));
}

/** Opens (creating) the DuckDB store, cutting body segments, archives.json and alerts.json back to their committed sizes. */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<EventStore> {
  const memory = options.path === ':memory:';
  let instance: DuckDBInstance | undefined;
  let segments: BodySegments | undefined;
  try {
    const dir = memory ? await mkdtemp(join(tmpdir(), 'awsmon-store-')) : dirname(options.path);
    const tmp = memory ? dir : join(dir, '.awsmon-tmp');
    await mkdir(join(tmp, 'duckdb'), { recursive: true });
    for (const name of await readdir(tmp)) if (name.startsWith('load-')) await rm(join(tmp, name), { force: true });
    const config = {
      ...DUCKDB_CONFIG, memory_limit: options.memoryLimit ?? '64MB', temp_directory: join(tmp, 'duckdb'),
      ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
    };
    instance = await DuckDBInstance.create(options.path, config);
    const conn = await instance.connect();
    await ensureSchema(conn);
    const commits = await rowsOf(conn, `SELECT output, arg_max(size, seq) AS size, max(seq) AS seq FROM output_commits GROUP BY output`);
    const sizes = new Map(commits.map((r) => [String(r.output), Number(r.size)]));
    let seq = Math.max(0, ...commits.map((r) => Number(r.seq)));
    const bodySizes = new Map([...sizes].filter(([k]) => k.startsWith('segment-')).map(([k, v]) => [Number(k.slice(8)), v]));
    segments = await BodySegments.open(join(dir, 'bodies'), bodySizes, options.segmentBytes ?? 1024 ** 3, options.logger);
    const recoverOutput = async (name: 'archives' | 'alerts', file: string | undefined): Promise<JsonLinesFile | undefined> => {
      if (file === undefined) return undefined;
      const out = createJsonLinesFile(file);
      const recorded = sizes.get(name);
      const { size, truncatedBytes } = await out.recover(recorded);
      if (truncatedBytes > 0) options.logger?.warn({ file, truncatedBytes, size }, `${name}: dropped lines of objects whose commit did not happen`);
      if (recorded !== undefined && size < recorded) options.logger?.warn({ file, size, recorded }, `${name}: file is shorter than recorded (rotated or deleted); continuing from its size`);
      if (size !== recorded) await conn.run(`INSERT INTO output_commits VALUES ($1, $2, $3, now()::TIMESTAMP)`, [name, BigInt(++seq), BigInt(size)]);
      return out;
    };
    const archives = await recoverOutput('archives', options.archivesFile);
    const alerts = await recoverOutput('alerts', options.alertsFile);
    // Only the latest size of each output matters.
    await conn.run(`DELETE FROM output_commits o WHERE seq < (SELECT max(seq) FROM output_commits m WHERE m.output = o.output)`);
    const progress = new Map((await rowsOf(conn, 'SELECT * FROM object_progress')).map((r) => [
      progressKey({ bucketPath: String(r.bucket_path), accountId: String(r.account_id), region: String(r.region) }, String(r.log_key)), Number(r.events_committed),
    ]));
    const [ids] = await rowsOf(conn, `SELECT (SELECT COALESCE(MAX(id), 0) FROM events) AS id, (SELECT COALESCE(MAX(object_id), 0) FROM objects) AS o,
      (SELECT COALESCE(MAX(seq), 0) FROM alerts) AS a`);
    const writer = new Writer(conn, {
      tmpDir: tmp, segments, archives, alerts, seq, logger: options.logger, groupBytes: options.groupBytes, queueBytes: options.queueBytes,
      idleCheckpointMs: options.idleCheckpointMs, onGroupCommit: options.onGroupCommit,
    });
    return new DuckDbStore(instance, options, {
      writer, segments, progress, tmp: { dir, own: memory }, ids: [Number(ids?.id ?? 0) + 1, Number(ids?.o ?? 0) + 1, Number(ids?.a ?? 0) + 1],
    });
  } catch (err) {
    await segments?.close();
    instance?.closeSync();
    if (err instanceof StoreError) throw err;
    const reason = errorMessage(err);
    throw new StoreError('STORE_OPEN_FAILED', `cannot open the store '${options.path}': ${reason}`, { cause: err });
  }
}
