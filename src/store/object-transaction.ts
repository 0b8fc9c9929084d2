/**
 * One object's transaction on its own DuckDB connection: events are encoded and streamed to load
 * files that DuckDB loads while the next ones are encoded (load-queue.ts), the archive lines are
 * staged, and commit publishes the archive lines and commits the events, the object row, the
 * read-state and the archive size together.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../core/index.ts';
import type { AwsmonEvent, EventBatch, LogInfo } from '../core/index.ts';
import type { JsonLinesFile, StagedLines } from '../outputs/index.ts';
import { PIECE_BYTES, FLUSH_BYTES, RowEncoder, insertRows, loadFile } from './bulk-load.ts';
import { LoadQueue } from './load-queue.ts';
import { flowTemplate, lineFieldCount, messagePrefix } from './message-layout.ts';
import type { FlowTemplate } from './message-layout.ts';
import type { Mutex } from './mutex.ts';
import { DetailKind } from './schema.ts';
import type { ObjectRef, ObjectTransaction, StateScope } from './types.ts';

/** What a transaction needs from its store. */
export interface TransactionContext {
  conn: DuckDBConnection;
  tmpDir: string;
  nextId(count: number): number;
  objectId: number;
  commitLock: Mutex;
  archives: { file: JsonLinesFile; commit(conn: DuckDBConnection, size: number): Promise<void> } | undefined;
  /** Returns the connection to the pool and forgets the transaction. */
  release(tx: DuckDbObjectTransaction, reusable: boolean): void;
}

/** Slow-path rows held before they are inserted (each can be a long message). */
const MAX_SLOW_ROWS = 256;

/** An ObjectTransaction on one DuckDB connection. */
export class DuckDbObjectTransaction implements ObjectTransaction {
  readonly #ctx: TransactionContext;
  readonly #scope: StateScope;
  readonly #object: ObjectRef;
  readonly #bucket: string;
  readonly #staged: StagedLines | undefined;
  readonly #encoder: RowEncoder;
  readonly #queue: LoadQueue;
  /** The object's message prefix, from the first event with a `log_info`. */
  #prefix: string | undefined;
  #prefixBytes: Buffer | undefined;
  #alias: string | null = null;
  /** undefined: not looked for yet; null: the object's lines cannot be kept. */
  #template: FlowTemplate | null | undefined;
  #lines = 0;
  #error: unknown;
  #count = 0;
  #state: 'open' | 'committing' | 'done' = 'open';

  constructor(ctx: TransactionContext, scope: StateScope, object: ObjectRef) {
    this.#ctx = ctx;
    this.#scope = scope;
    this.#object = object;
    this.#bucket = scope.bucketPath.split('/')[0] ?? scope.bucketPath;
    this.#staged = ctx.archives?.file.stage();
    const encoder = new RowEncoder(ctx.objectId);
    this.#encoder = encoder;
    this.#queue = new LoadQueue(ctx.tmpDir, (path) => loadFile(ctx.conn, path, encoder.timeBase, encoder.objectId));
  }

  /** Starts the DuckDB transaction; with `replace`, deletes the object's stored events (and object rows) in it. */
  async begin(replace: boolean): Promise<void> {
    const conn = this.#ctx.conn;
    await conn.run('BEGIN TRANSACTION');
    if (replace) {
      const params = [this.#bucket, this.#object.key];
      await conn.run('DELETE FROM events WHERE object_id IN (SELECT object_id FROM objects WHERE bucket = $1 AND log_key = $2)', params);
      await conn.run('DELETE FROM objects WHERE bucket = $1 AND log_key = $2', params);
    }
  }

  async write(batch: EventBatch): Promise<void> {
    if (this.#state !== 'open') throw this.#fail(new Error('the transaction is already committed or aborted'));
    const failed = this.#error ?? this.#queue.error;
    if (failed !== undefined) throw this.#fail(failed);
    try {
      const first = this.#ctx.nextId(batch.length);
      const enc = this.#encoder;
      const archive = this.#staged === undefined ? undefined : new ArchiveSpans();
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i]!;
        if (this.#prefix === undefined) this.#setPrefix(event.message.aws.log_info);
        const raw = event.raw;
        let kind: number;
        let detail: string;
        let json: string | undefined;
        if (raw !== undefined && this.#keepsLine(event, raw)) {
          kind = DetailKind.line;
          detail = raw;
          this.#lines++;
        } else {
          json = JSON.stringify(event.message);
          const prefix = this.#prefix;
          if (prefix !== undefined && json.startsWith(prefix)) {
            kind = DetailKind.suffix;
            detail = json.slice(prefix.length);
          } else {
            kind = DetailKind.json;
            detail = json;
          }
        }
        const at = enc.add(first + i, event.columns, kind, detail);
        // Archive lines are the JSON bytes already encoded for DuckDB where there are some.
        if (archive !== undefined) {
          if (at >= 0 && kind !== DetailKind.line) archive.span(kind === DetailKind.suffix, at, enc.bytes);
          else archive.text(json ?? JSON.stringify(event.message));
        }
      }
      this.#count += batch.length;
      if (archive !== undefined && !archive.empty) await this.#staged!.write(archive.collect(enc.buffer, this.#prefixBytes));
      if (enc.bytes >= PIECE_BYTES) this.#queue.append(enc.take());
      if (this.#queue.fileBytes >= FLUSH_BYTES) await this.#queue.flush();
      if (enc.slowRows >= MAX_SLOW_ROWS) await this.#insertSlow();
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
      if (this.#error !== undefined) throw this.#fail(this.#error);
      await this.#insertSlow();
      const tpl = this.#lines > 0 ? this.#template : undefined;
      const { bucketPath, accountId, region } = this.#scope;
      await conn.run(
        `INSERT INTO objects VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::JSON, now()::TIMESTAMP)`,
        [this.#ctx.objectId, this.#bucket, this.#object.key, bucketPath, accountId, region, this.#alias, this.#prefix ?? null,
          tpl ? tpl.fields.join(' ') : null, tpl ? JSON.stringify(tpl.context) : null],
      );
      await conn.run(
        `INSERT OR REPLACE INTO processed_objects VALUES ($1, $2, $3, $4, $5, $6::DATE, now()::TIMESTAMP, $7)`,
        [bucketPath, accountId, region, this.#object.key, this.#object.flowLogId ?? null, this.#object.createdDate ?? null, BigInt(this.#count)],
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
    await this.#queue.dispose();
    await this.#rollback();
  }

  /** Loads everything encoded so far, then inserts the slow-path rows (one statement at a time per connection). */
  async #insertSlow(): Promise<void> {
    this.#queue.append(this.#encoder.take());
    await this.#queue.drain();
    await insertRows(this.#ctx.conn, this.#encoder.takeSlow());
  }

  #setPrefix(info: LogInfo | undefined): void {
    if (info === null || typeof info !== 'object') return;
    this.#prefix = messagePrefix(info);
    this.#prefixBytes = Buffer.from(this.#prefix);
    this.#alias = typeof info.aws_account_alias === 'string' ? info.aws_account_alias : null;
  }

  /** Whether the event can be stored as its line: same builder as the object's template, a line that splits back exactly. */
  #keepsLine(event: AwsmonEvent, raw: string): boolean {
    let tpl = this.#template;
    if (tpl === null) return false;
    if (tpl === undefined) {
      const prefix = this.#prefix;
      tpl = prefix === undefined ? undefined : flowTemplate(event, prefix, this.#bucket, this.#object.key);
      this.#template = tpl ?? null;
      if (tpl === undefined) return false;
    }
    return event.message.aws.log_info === tpl.info && lineFieldCount(raw) === tpl.fields.length;
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
    this.#encoder.clear();
    await this.#queue.dispose();
    await this.#staged?.discard().catch(() => undefined);
    this.#ctx.release(this, reusable);
  }

  #fail(err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new StoreError('STORE_WRITE_FAILED', `bucket '${this.#bucket}', key '${this.#object.key}': cannot store events: ${reason}`, { cause: err });
  }
}

/** A batch's archive lines: spans of the encoder's buffer (prefixed or not) or whole strings. */
class ArchiveSpans {
  readonly #items: (number | string)[] = [];

  get empty(): boolean {
    return this.#items.length === 0;
  }
  /** Bytes [start, end) of the encoder's buffer, a line ending in `\n`; `prefixed` puts the object's prefix first. */
  span(prefixed: boolean, start: number, end: number): void {
    this.#items.push(prefixed ? ~start : start, end);
  }
  /** A whole JSON line (without its `\n`). */
  text(json: string): void {
    this.#items.push(json);
  }
  /** The lines as one buffer, copied out before the encoder's buffer is handed over. */
  collect(buf: Buffer, prefix: Buffer | undefined): Buffer {
    const items = this.#items;
    const plen = prefix?.length ?? 0;
    let total = 0;
    for (let i = 0; i < items.length; i++) {
      const s = items[i]!;
      if (typeof s === 'string') total += Buffer.byteLength(s) + 1;
      else total += (items[++i] as number) - (s < 0 ? ~s - plen : s);
    }
    const out = Buffer.allocUnsafe(total);
    let off = 0;
    for (let i = 0; i < items.length; i++) {
      const s = items[i]!;
      if (typeof s === 'string') {
        off += out.write(s, off);
        out[off++] = 10;
      } else if (s < 0) {
        off += prefix!.copy(out, off);
        off += buf.copy(out, off, ~s, items[++i] as number);
      } else {
        off += buf.copy(out, off, s, items[++i] as number);
      }
    }
    return out;
  }
}
