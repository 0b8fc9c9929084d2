/**
 * One object's transaction on its own DuckDB connection: events are encoded and loaded in
 * buffers of FLUSH_BYTES while the next ones are encoded (at most one load in flight), the
 * archive lines are staged, and commit publishes the archive lines and commits the events, the
 * read-state and the archive size together.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../core/index.ts';
import type { EventBatch } from '../core/index.ts';
import type { JsonLinesFile, StagedLines } from '../outputs/index.ts';
import { FLUSH_BYTES, RowEncoder, insertRows, loadFile } from './bulk-load.ts';
import type { Mutex } from './mutex.ts';
import type { ObjectRef, ObjectTransaction, StateScope } from './types.ts';

/** What a transaction needs from its store. */
export interface TransactionContext {
  conn: DuckDBConnection;
  tmpDir: string;
  nextId(count: number): number;
  commitLock: Mutex;
  archives: { file: JsonLinesFile; commit(conn: DuckDBConnection, size: number): Promise<void> } | undefined;
  /** Returns the connection to the pool and forgets the transaction. */
  release(tx: DuckDbObjectTransaction, reusable: boolean): void;
}

let fileSeq = 0;

/** An ObjectTransaction on one DuckDB connection. */
export class DuckDbObjectTransaction implements ObjectTransaction {
  readonly #ctx: TransactionContext;
  readonly #scope: StateScope;
  readonly #object: ObjectRef;
  readonly #bucket: string;
  readonly #csv: string;
  readonly #staged: StagedLines | undefined;
  #encoder = new RowEncoder();
  #loading: Promise<void> = Promise.resolve();
  #error: unknown;
  #count = 0;
  #state: 'open' | 'committing' | 'done' = 'open';

  constructor(ctx: TransactionContext, scope: StateScope, object: ObjectRef) {
    this.#ctx = ctx;
    this.#scope = scope;
    this.#object = object;
    this.#bucket = scope.bucketPath.split('/')[0] ?? scope.bucketPath;
    this.#csv = join(ctx.tmpDir, `load-${process.pid}-${++fileSeq}.csv`);
    this.#staged = ctx.archives?.file.stage();
  }

  /** Starts the DuckDB transaction; with `replace`, deletes the object's stored events in it. */
  async begin(replace: boolean): Promise<void> {
    await this.#ctx.conn.run('BEGIN TRANSACTION');
    if (replace) await this.#ctx.conn.run('DELETE FROM events WHERE bucket = $1 AND log_key = $2', [this.#bucket, this.#object.key]);
  }

  async write(batch: EventBatch): Promise<void> {
    if (this.#state !== 'open') throw this.#fail(new Error('the transaction is already committed or aborted'));
    if (this.#error !== undefined) throw this.#fail(this.#error);
    try {
      const first = this.#ctx.nextId(batch.length);
      const enc = this.#encoder;
      // Archive lines are the message bytes already encoded for DuckDB: remember where they are
      // and copy them out before the encoder's buffer is handed over on flush.
      const spans: (number | string)[] = [];
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i]!;
        const json = JSON.stringify(event.message);
        const at = enc.add(first + i, event, json, this.#bucket, this.#object.key);
        if (this.#staged) {
          if (at >= 0) spans.push(at, enc.bytes);
          else spans.push(json + '\n');
        }
      }
      this.#count += batch.length;
      if (this.#staged && spans.length > 0) await this.#staged.write(collect(enc.buffer, spans));
      if (enc.bytes >= FLUSH_BYTES) await this.#flush();
    } catch (err) {
      this.#error ??= err;
      throw this.#fail(err);
    }
  }

  async commit(): Promise<number> {
    if (this.#state !== 'open') throw this.#fail(new Error('the transaction is already committed or aborted'));
    this.#state = 'committing';
    const conn = this.#ctx.conn;
    try {
      await this.#flush();
      await this.#loading;
      if (this.#error !== undefined) throw this.#fail(this.#error);
      await conn.run(
        `INSERT OR REPLACE INTO processed_objects VALUES ($1, $2, $3, $4, $5, $6::DATE, now()::TIMESTAMP, $7)`,
        [this.#scope.bucketPath, this.#scope.accountId, this.#scope.region, this.#object.key,
          this.#object.flowLogId ?? null, this.#object.createdDate ?? null, BigInt(this.#count)],
      );
      const archives = this.#ctx.archives;
      if (archives && this.#staged) {
        const staged = this.#staged;
        await this.#ctx.commitLock.run(async () => {
          const { before, after } = await archives.file.publish(staged);
          try {
            await archives.commit(conn, after);
            await conn.run('COMMIT');
          } catch (err) {
            await archives.file.truncate(before);
            throw err;
          }
        });
      } else {
        await conn.run('COMMIT');
      }
    } catch (err) {
      await this.#rollback();
      throw this.#fail(err);
    }
    await this.#finish(true);
    return this.#count;
  }

  async abort(): Promise<void> {
    if (this.#state === 'done') return;
    this.#state = 'committing';
    await this.#loading;
    await this.#rollback();
  }

  /** Hands the encoded rows to DuckDB, after the previous load finished. */
  async #flush(): Promise<void> {
    await this.#loading;
    if (this.#error !== undefined) throw this.#fail(this.#error);
    if (this.#encoder.rows === 0) return;
    const { bytes, rows, slow } = this.#encoder.take();
    const conn = this.#ctx.conn;
    const file = this.#csv;
    this.#loading = (async () => {
      const now = Date.now();
      if (rows > 0) {
        await writeFile(file, bytes);
        await loadFile(conn, file, now);
      }
      await insertRows(conn, slow, now);
    })().catch((err: unknown) => {
      this.#error ??= err;
    });
  }

  async #rollback(): Promise<void> {
    let reusable = true;
    await this.#ctx.conn.run('ROLLBACK').catch(() => {
      reusable = false;
    });
    await this.#finish(reusable);
  }

  async #finish(reusable: boolean): Promise<void> {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#encoder = new RowEncoder(0);
    await this.#staged?.discard().catch(() => undefined);
    await rm(this.#csv, { force: true }).catch(() => undefined);
    this.#ctx.release(this, reusable);
  }

  #fail(err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new StoreError('STORE_WRITE_FAILED', `bucket '${this.#bucket}', key '${this.#object.key}': cannot store events: ${reason}`, { cause: err });
  }
}

/** Copies the archive lines out of the encoder's buffer: (start, end) pairs or whole strings. */
function collect(buf: Buffer, spans: (number | string)[]): Buffer {
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (typeof s === 'string') total += Buffer.byteLength(s);
    else total += (spans[++i] as number) - s;
  }
  const out = Buffer.allocUnsafe(total);
  let off = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (typeof s === 'string') off += out.write(s, off, 'utf8');
    else off += buf.copy(out, off, s, spans[++i] as number);
  }
  return out;
}
