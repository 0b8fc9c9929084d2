/**
 * The store's single writer: one DuckDB connection that commits queued units (a whole object, or
 * one chunk of a large object) in group transactions. Each group is ONE transaction: every unit's
 * rows loaded from one temp file, its `objects` row, its alerts, the read-state of final units,
 * progress rows of chunked objects, and the new committed sizes of the body segment, archives.json
 * and alerts.json, whose
 * bytes are appended and fsynced (in parallel with the loads) before COMMIT. A failed group
 * rejects each of its units and cuts the files back. A commit costs tens of milliseconds; objects
 * that queue meanwhile share the next one, so the per-object cost is small.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Logger } from '../core/index.ts';
import type { JsonLinesFile } from '../outputs/index.ts';
import { insertRows, loadFile } from './bulk-load.ts';
import type { BodySegments } from './body-segments.ts';
import { segmentOutput } from './body-segments.ts';
import { commitUnitRows } from './unit.ts';
import type { Unit } from './unit.ts';

/** What the writer needs besides its connection. */
export interface WriterOptions {
  tmpDir: string;
  segments: BodySegments;
  archives: JsonLinesFile | undefined;
  /** alerts.json (undefined: alerts go to the `alerts` table only). */
  alerts?: JsonLinesFile | undefined;
  /** The last `output_commits.seq` used. */
  seq: number;
  logger?: Logger | undefined;
  /** Bytes of units committed together at most (default 64 MB). */
  groupBytes?: number | undefined;
  /** Queued bytes over which `room()` waits (default 128 MB). */
  queueBytes?: number | undefined;
  /** After this long with nothing queued, committed data is checkpointed (default 5 s; 0 = never). */
  idleCheckpointMs?: number | undefined;
  /** Called after each group commit (tests, benchmarks). */
  onGroupCommit?: ((group: { units: number; rows: number; bytes: number }) => void) | undefined;
}

interface Queued {
  unit: Unit;
  bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

/** Group-commits units on one DuckDB connection; also runs the store's other writes between groups. */
export class Writer {
  readonly #conn: DuckDBConnection;
  readonly #opts: WriterOptions;
  readonly #queue: Queued[] = [];
  readonly #tasks: (() => Promise<void>)[] = [];
  #roomWaiters: (() => void)[] = [];
  #queuedBytes = 0;
  #running: Promise<void> | undefined;
  #seq: number;
  #loadSeq = 0;
  #dirty = false;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Group transactions committed (a test hook). */
  commits = 0;

  constructor(conn: DuckDBConnection, opts: WriterOptions) {
    this.#conn = conn;
    this.#opts = opts;
    this.#seq = opts.seq;
  }

  /** Queues a unit; resolves when the group transaction holding it committed, rejects when it failed. */
  submit(unit: Unit): Promise<void> {
    const bytes = unit.rows.rows.length + unit.bodies.length + (unit.archive?.length ?? 0) + (unit.alertLines?.length ?? 0) + 256;
    this.#queuedBytes += bytes;
    const done = new Promise<void>((resolve, reject) => {
      this.#queue.push({ unit, bytes, resolve, reject });
    });
    this.#kick();
    return done;
  }

  /** Waits while the queue holds more than its bound (backpressure on encoding transactions). */
  async room(): Promise<void> {
    while (this.#queuedBytes > (this.#opts.queueBytes ?? 128 * 1024 * 1024)) {
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
  }

  /** Runs `fn` on the write connection between two group commits. */
  exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#tasks.push(async () => {
        try {
          resolve(await fn(this.#conn));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      this.#kick();
    });
  }

  /** Commits everything queued, checkpoints and closes the connection. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    await this.#running;
    try {
      await this.#conn.run('CHECKPOINT');
    } catch (err) {
      this.#opts.logger?.warn({ err }, 'store closing: checkpoint failed; DuckDB replays its log at next open');
    }
    this.#conn.closeSync();
  }

  #kick(): void {
    clearTimeout(this.#idleTimer);
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0 || this.#tasks.length > 0) this.#kick();
      else this.#scheduleCheckpoint();
    });
  }

  async #loop(): Promise<void> {
    for (;;) {
      const task = this.#tasks.shift();
      if (task !== undefined) {
        await task();
        continue;
      }
      if (this.#queue.length === 0) return;
      const limit = this.#opts.groupBytes ?? 64 * 1024 * 1024;
      const group: Queued[] = [this.#queue.shift()!];
      let bytes = group[0]!.bytes;
      while (this.#queue.length > 0 && bytes + this.#queue[0]!.bytes <= limit) {
        const next = this.#queue.shift()!;
        bytes += next.bytes;
        group.push(next);
      }
      try {
        await this.#commitGroup(group.map((q) => q.unit));
        this.commits += 1;
        this.#dirty = true;
        for (const q of group) q.resolve();
        this.#opts.onGroupCommit?.({ units: group.length, rows: group.reduce((n, q) => n + q.unit.count, 0), bytes });
      } catch (err) {
        for (const q of group) q.reject(err);
      }
      this.#queuedBytes -= bytes;
      const waiters = this.#roomWaiters;
      this.#roomWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  async #commitGroup(units: Unit[]): Promise<void> {
    const conn = this.#conn;
    const { segments, archives, alerts } = this.#opts;
    const bodies = units.map((u) => u.bodies);
    const lines = archives === undefined ? [] : units.flatMap((u) => (u.archive !== undefined && u.archive.length > 0 ? [u.archive] : []));
    const alertLines = alerts === undefined ? [] : units.flatMap((u) => (u.alertLines !== undefined ? [u.alertLines] : []));
    let placed: { segment: number; base: number; after: number } | undefined;
    let archived: { before: number; after: number } | undefined;
    let alerted: { before: number; after: number } | undefined;
    // The files are written and fsynced while DuckDB loads the rows.
    const files = Promise.all([
      segments.append(bodies).then((p) => (placed = p)),
      lines.length === 0 ? undefined : archives?.append(lines).then((p) => (archived = p)),
      alertLines.length === 0 ? undefined : alerts?.append(alertLines).then((p) => (alerted = p)),
    ]);
    files.catch(() => undefined);
    let loadPath: string | undefined;
    try {
      await conn.run('BEGIN TRANSACTION');
      const loaded = units.filter((u) => u.rows.rows.length > 0);
      if (loaded.length > 0) {
        loadPath = join(this.#opts.tmpDir, `load-${process.pid}-${++this.#loadSeq}.csv`);
        const fh = await open(loadPath, 'w');
        try {
          await fh.writev(loaded.map((u) => u.rows.rows));
        } finally {
          await fh.close();
        }
        await loadFile(conn, loadPath, loaded.map((u) => [u.objectId, u.rows.timeBase] as const));
      }
      const slow = units.flatMap((u) => u.rows.slow);
      if (slow.length > 0) await insertRows(conn, slow);
      await files;
      const at = placed!;
      await commitUnitRows(conn, units, at.segment, at.base);
      const commits: DuckDBValue[] = [segmentOutput(at.segment), BigInt(++this.#seq), BigInt(at.after)];
      if (archived !== undefined) commits.push('archives', BigInt(++this.#seq), BigInt(archived.after));
      if (alerted !== undefined) commits.push('alerts', BigInt(++this.#seq), BigInt(alerted.after));
      const values = Array.from({ length: commits.length / 3 }, (_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3}, now()::TIMESTAMP)`).join(', ');
      await conn.run(`INSERT INTO output_commits VALUES ${values}`, commits);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      await files.catch(() => undefined);
      const p = placed as { segment: number; base: number } | undefined;
      const a = archived as { before: number } | undefined;
      const l = alerted as { before: number } | undefined;
      if (p !== undefined) await segments.undo(p.segment, p.base).catch(() => undefined);
      if (a !== undefined) await archives?.truncate(a.before).catch(() => undefined);
      if (l !== undefined) await alerts?.truncate(l.before).catch(() => undefined);
      throw err;
    } finally {
      if (loadPath !== undefined) await rm(loadPath, { force: true }).catch(() => undefined);
    }
  }

  /** Checkpoints once nothing was queued for `idleCheckpointMs`, so the ingest itself never waits for one. */
  #scheduleCheckpoint(): void {
    const delay = this.#opts.idleCheckpointMs ?? 5_000;
    if (delay <= 0 || !this.#dirty) return;
    this.#idleTimer = setTimeout(() => {
      this.#dirty = false;
      this.exclusive((conn) => conn.run('CHECKPOINT')).catch((err: unknown) => {
        this.#opts.logger?.warn({ err }, 'store: idle checkpoint failed; retried at close');
      });
    }, delay);
    this.#idleTimer.unref();
  }
}
