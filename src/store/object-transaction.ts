/**
 * One object's logical transaction. It only encodes: rows (short typed columns) into the row
 * encoder, message bodies into a body buffer, archive lines into a third buffer, and the alerts the
 * detection stage attached to events into alerts.json lines and `alerts` rows. `commit` hands
 * the object's unit to the writer (writer.ts) and resolves when the group transaction holding it
 * committed. An object whose buffers outgrow the chunk limits is handed over in chunks: a
 * non-final unit commits its events with a progress row, so memory stays bounded and a later
 * attempt resumes after the committed chunks (`resumeAfter`). One chunk is committing while the
 * next is encoded.
 */
import { errorMessage, StoreError } from '../core/index.ts';
import type { AwsmonEvent, EventBatch, EventMessage, LogInfo, RawFormat, WazuhAlert } from '../core/index.ts';
import type { DuckDBValue } from '@duckdb/node-api';
import { RowEncoder } from './bulk-load.ts';
import { ByteBuffer } from './byte-buffer.ts';
import { lineFieldCount, messagePrefix } from './message-layout.ts';
import { DetailKind } from './schema.ts';
import type { ObjectRef, ObjectTransaction, StateScope } from './types.ts';
import type { Unit } from './unit.ts';
import type { Writer } from './writer.ts';

/** What a transaction needs from its store. */
export interface TransactionContext {
  writer: Writer;
  nextId(count: number): number;
  nextObjectId(): number;
  /** The next `alerts.seq`. */
  nextAlertSeq(): number;
  archives: boolean;
  /** Bodies + archive bytes at which a chunk is handed over. */
  chunkBytes: number;
  /** Rows at which a chunk is handed over. */
  chunkRows: number;
  /** Records the object's committed progress (undefined: finished) and, at the end, forgets the transaction. */
  progress(tx: DuckDbObjectTransaction, committed: number | undefined): void;
  release(tx: DuckDbObjectTransaction): void;
}

/** An ObjectTransaction encoding into memory and committing through the store's writer. */
export class DuckDbObjectTransaction implements ObjectTransaction {
  readonly resumeAfter: number;
  readonly scope: StateScope;
  readonly object: ObjectRef;
  readonly #ctx: TransactionContext;
  readonly #bucket: string;
  readonly #encoder = new RowEncoder();
  readonly #bodies = new ByteBuffer();
  readonly #archive: ByteBuffer | undefined;
  readonly #alertLines = new ByteBuffer();
  #alertRows: DuckDBValue[][] = [];
  #replace: boolean;
  #hasProgress: boolean;
  #objectId: number;
  /** The object's message prefix, from the first event with a `log_info`. */
  #prefix: string | undefined;
  #prefixBytes: Buffer | undefined;
  #alias: string | null = null;
  /** undefined: not looked for yet; null: the object's lines cannot be kept. */
  #template: RawFormat | null | undefined;
  /** Kept lines in the current unit. */
  #lines = 0;
  /** Events written by this attempt. */
  #written = 0;
  /** `committedAfter` of the previous unit. */
  #unitStart: number;
  /** The chunk being committed, settled (never rejecting) when it is. */
  #pending: Promise<void> | undefined;
  #error: unknown;
  #state: 'open' | 'committing' | 'done' = 'open';

  constructor(ctx: TransactionContext, scope: StateScope, object: ObjectRef, resumeAfter: number, replace: boolean) {
    this.#ctx = ctx;
    this.scope = scope;
    this.object = object;
    this.resumeAfter = resumeAfter;
    this.#unitStart = resumeAfter;
    this.#replace = replace;
    this.#hasProgress = replace || resumeAfter > 0;
    this.#bucket = object.bucket ?? scope.bucketPath.split('/')[0] ?? scope.bucketPath;
    this.#archive = ctx.archives ? new ByteBuffer() : undefined;
    this.#objectId = ctx.nextObjectId();
    this.#encoder.start(this.#objectId);
  }

  async write(batch: EventBatch): Promise<void> {
    if (this.#state !== 'open') throw this.#fail(new Error('the transaction is already committed or aborted'));
    if (this.#error !== undefined) throw this.#fail(this.#error);
    try {
      const first = this.#ctx.nextId(batch.length);
      const enc = this.#encoder;
      const bodies = this.#bodies;
      const archive = this.#archive;
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i]!;
        if (this.#prefix === undefined) this.#setPrefix(event.rawFormat?.info ?? (typeof event.message === 'string' ? undefined : logInfoOf(event.message)));
        const raw = event.raw;
        const off = bodies.length;
        let kind: number;
        if (raw !== undefined && this.#keepsLine(event, raw)) {
          kind = DetailKind.line;
          bodies.write(raw);
          this.#lines++;
        } else {
          const json = JSON.stringify(event.message);
          const prefix = this.#prefix;
          if (prefix !== undefined && json.startsWith(prefix)) {
            kind = DetailKind.suffix;
            bodies.write(json.slice(prefix.length));
          } else {
            kind = DetailKind.json;
            bodies.write(json);
          }
        }
        const len = bodies.length - off;
        enc.add(first + i, event.columns, kind, off, len);
        // Archive lines reuse the body bytes where they are JSON.
        if (archive !== undefined) {
          if (kind === DetailKind.line) archive.write(JSON.stringify(event.message));
          else {
            if (kind === DetailKind.suffix) archive.copy(this.#prefixBytes!);
            archive.copy(bodies.buffer, off, off + len);
          }
          archive.byte(10);
        }
        const alerts = event.alerts;
        if (alerts !== undefined && alerts.length > 0) this.#addAlerts(first + i, event, alerts);
      }
      this.#written += batch.length;
      const bytes = bodies.length + (archive?.length ?? 0) + this.#alertLines.length;
      if (bytes >= this.#ctx.chunkBytes || enc.rows >= this.#ctx.chunkRows) await this.#handOff(false);
      await this.#ctx.writer.room();
    } catch (err) {
      this.#error ??= err;
      throw this.#fail(err);
    }
  }

  async commit(): Promise<number> {
    if (this.#state !== 'open') throw this.#fail(new Error('the transaction is already committed or aborted'));
    this.#state = 'committing';
    try {
      if (this.#error !== undefined) throw this.#fail(this.#error);
      await this.#handOff(true);
    } catch (err) {
      this.#finish();
      throw this.#fail(err);
    }
    this.#ctx.progress(this, undefined);
    this.#finish();
    return this.resumeAfter + this.#written;
  }

  async abort(): Promise<void> {
    if (this.#state === 'done') return;
    this.#state = 'committing';
    // A chunk already handed over commits (or not) on its own; the next attempt resumes after it.
    await this.#pending;
    this.#finish();
  }

  /** Hands the encoded events over as a unit; a final unit is awaited, a chunk commits while the next one is encoded. */
  async #handOff(final: boolean): Promise<void> {
    await this.#pending;
    if (this.#error !== undefined) throw this.#fail(this.#error);
    const unit = this.#takeUnit(final);
    const done = this.#ctx.writer.submit(unit);
    if (final) {
      await done;
      return;
    }
    this.#hasProgress = true;
    this.#pending = done.then(() => this.#ctx.progress(this, unit.committedAfter), (err: unknown) => {
      this.#error ??= err;
    });
  }

  /** Encodes an event's alerts: alerts.json lines and `alerts` rows (see unit.ts ALERT_TUPLE). */
  #addAlerts(eventId: number, event: { readonly columns: AwsmonEvent['columns'] }, alerts: readonly WazuhAlert[]): void {
    const t = event.columns.time;
    const eventTs = Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? BigInt(Math.round(t)) * 1000n : null;
    for (const alert of alerts) {
      const json = JSON.stringify(alert);
      this.#alertLines.write(json);
      this.#alertLines.byte(10);
      const rule = alert.rule;
      const at = Date.parse(alert.timestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      this.#alertRows.push([
        BigInt(this.#ctx.nextAlertSeq()), alert.id, BigInt(eventId), BigInt(Number.isFinite(at) ? at : Date.now()) * 1000n, eventTs,
        rule.id, rule.level ?? 0, rule.description ?? null, (rule.groups ?? []).join(','), (rule.mitre?.id ?? []).join(','), json,
        tacticsOf(rule.mitre).join(','),
      ]);
    }
  }

  #takeUnit(final: boolean): Unit {
    const tpl = this.#lines > 0 ? this.#template : undefined;
    const unit: Unit = {
      objectId: this.#objectId, scope: this.scope, bucket: this.#bucket, key: this.object.key, createdDate: this.object.createdDate,
      flowLogId: this.object.flowLogId, position: this.object.position, rows: this.#encoder.take(), count: 0, bodies: this.#bodies.take(), archive: this.#archive?.take(),
      alertLines: this.#alertLines.length > 0 ? this.#alertLines.take() : undefined, alerts: this.#alertRows,
      alias: this.#alias, prefix: this.#prefix ?? null, flowFields: tpl ? tpl.fields.join(' ') : null,
      context: tpl ? JSON.stringify({ kind: tpl.kind, ...tpl.context }) : null, final, committedAfter: this.resumeAfter + this.#written, replace: this.#replace,
      progress: this.#hasProgress,
    };
    this.#alertRows = [];
    unit.count = unit.committedAfter - this.#unitStart;
    this.#unitStart = unit.committedAfter;
    this.#replace = false;
    this.#lines = 0;
    if (!final) {
      this.#objectId = this.#ctx.nextObjectId();
      this.#encoder.start(this.#objectId);
    }
    return unit;
  }

  #setPrefix(info: unknown): void {
    if (info === null || typeof info !== 'object') return;
    this.#prefix = messagePrefix(info as LogInfo);
    this.#prefixBytes = Buffer.from(this.#prefix);
    this.#alias = typeof (info as LogInfo).aws_account_alias === 'string' ? (info as LogInfo).aws_account_alias : null;
  }

  /**
   * Whether the event can be stored as its line: it carries a line and the format of the
   * object's first such event (one builder, one field list), and the line splits back exactly.
   */
  #keepsLine(event: EventBatch[number], raw: string): boolean {
    const format = event.rawFormat;
    if (format === undefined || this.#template === null) return false;
    if (this.#template === undefined) {
      const info = format.info;
      // The object's prefix must be the one this format's messages start with.
      this.#template = this.#prefix === messagePrefix(info) && info.log_file === this.object.key ? format : null;
    }
    if (format !== this.#template) return false;
    // A flow line must split back into its fields; a JSON record's text is kept as it is.
    return format.kind === 'cloudtrail' || lineFieldCount(raw) === format.fields.length;
  }

  #finish(): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#encoder.clear();
    this.#bodies.clear();
    this.#archive?.clear();
    this.#alertLines.clear();
    this.#alertRows = [];
    this.#ctx.release(this);
  }

  #fail(err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    const reason = errorMessage(err);
    return new StoreError('STORE_WRITE_FAILED', `bucket '${this.#bucket}', key '${this.object.key}': cannot store events: ${reason}`, { cause: err });
  }
}

/** `aws.log_info` of a wrapped message; undefined for plain records (no prefix is shared then). */
function logInfoOf(message: EventMessage): unknown {
  const aws = message['aws'];
  return typeof aws === 'object' && aws !== null ? (aws as Record<string, unknown>)['log_info'] : undefined;
}

/** The tactic names of an alert's `rule.mitre` (names hold no commas: the row joins them with one). */
function tacticsOf(mitre: WazuhAlert['rule']['mitre']): string[] {
  const tactics = mitre?.['tactic'];
  return Array.isArray(tactics) ? tactics.filter((t): t is string => typeof t === 'string' && t !== '' && !t.includes(',')) : [];
}
