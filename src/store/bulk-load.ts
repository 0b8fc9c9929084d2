/**
 * Bulk loading of events into DuckDB. DuckDB's per-value Appender calls cost more JS→native
 * crossings than the row is worth (~90k rows/s measured); instead rows are encoded once into a
 * byte buffer as unit-separator (0x1F) delimited, newline-terminated text, streamed to a temp file
 * and loaded by one `INSERT ... SELECT FROM read_csv(...)` inside the object's transaction, which
 * DuckDB parses off the JS thread. `detail` needs no quoting when it is JSON (JSON.stringify
 * escapes every control character) and is checked when it is a kept line. A short column holding a
 * control character (an attacker can put one in a user name) sends its row to a parameter-bound
 * INSERT instead, so every value is stored exactly, as does a detail too long for read_csv's 2 MB
 * line limit. NULL is written as 0x02.
 *
 * Per row the encoder builds one short string of the columns and writes it and the detail with two
 * `Buffer.write` calls; the per-object constants (source, account, region when they repeat) are
 * one cached piece, and `ts` is written as milliseconds after the object's first event time, which
 * stays a small integer (cheap to print) and is added back in SQL.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { EventColumns } from '../core/index.ts';

const SEP = '\x1f';
const NULL = '\x02';
/** `<SEP><kind><SEP>` for each detail kind. */
const KIND = [`${SEP}0${SEP}`, `${SEP}1${SEP}`, `${SEP}2${SEP}`];
/** Details longer than this take the slow path: read_csv's default max_line_size is 2 MB. */
const MAX_FAST_DETAIL = 600_000;
const KEPT_LINE = 2;
/** The greatest time, in epoch ms, a JS Date holds; others (and NaN) are stored as NULL. */
const MAX_TIME = 8.64e15;

/** Encoded bytes at which a transaction appends them to its current load file. */
export const PIECE_BYTES = 1024 * 1024;
/** Load-file size at which a transaction hands the file to DuckDB. */
export const FLUSH_BYTES = 16 * 1024 * 1024;

const CSV_COLUMNS = `{'id':'BIGINT','ts':'BIGINT','source':'VARCHAR','account_id':'VARCHAR','region':'VARCHAR','src_ip':'VARCHAR',
  'dst_ip':'VARCHAR','src_port':'INTEGER','dst_port':'INTEGER','protocol':'INTEGER','action':'VARCHAR','event_name':'VARCHAR',
  'user_name':'VARCHAR','bytes':'BIGINT','packets':'BIGINT','detail_kind':'UTINYINT','detail':'VARCHAR'}`;

/** $1 = file, $2 = the object's time base (epoch ms), $3 = object id. */
const LOAD_SQL = `INSERT INTO events SELECT id, make_timestamp(($2::BIGINT + ts) * 1000), $3::INTEGER, source, account_id, region,
  src_ip, dst_ip, src_port, dst_port, protocol, action, event_name, user_name, bytes, packets, detail_kind, detail
  FROM read_csv($1, delim='\x1f', quote='', escape='', nullstr='\x02', header=false, auto_detect=false, columns=${CSV_COLUMNS})`;

/** $2 = ts in epoch microseconds. */
const INSERT_ROW_SQL = `INSERT INTO events VALUES ($1, make_timestamp($2::BIGINT), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
  $15, $16, $17, $18)`;

/** Encodes one object's rows; `take` hands over the encoded bytes and starts a fresh buffer. */
export class RowEncoder {
  readonly objectId: number;
  #buf: Buffer;
  #len = 0;
  #slow: DuckDBValue[][] = [];
  #base: number | undefined;
  #lastTime = NaN;
  #lastTs = NULL;
  #source: string | undefined;
  #account: string | undefined;
  #region: string | undefined;
  /** `<SEP>source<SEP>account<SEP>region<SEP>` of the last row, '' when one of them is not clean. */
  #mid: string | undefined;

  constructor(objectId: number, capacity = PIECE_BYTES + 256 * 1024) {
    this.objectId = objectId;
    this.#buf = Buffer.allocUnsafe(capacity);
  }
  /** Encoded bytes waiting. */
  get bytes(): number {
    return this.#len;
  }
  /** Rows waiting on the slow path. */
  get slowRows(): number {
    return this.#slow.length;
  }
  /** The encoded buffer, for copying a detail out right after `add` returned its offset. */
  get buffer(): Buffer {
    return this.#buf;
  }
  /** The epoch-ms time `ts` values are relative to (the first event's). */
  get timeBase(): number {
    return this.#base ?? 0;
  }

  /**
   * Adds one event; returns the offset of its detail in `buffer` (the line ends at `bytes` - 1;
   * for a kept line, kind 2, the offset of the row), or -1 for the slow path.
   */
  add(id: number, c: EventColumns, kind: number, detail: string): number {
    const t = c.time;
    let ts = this.#lastTs;
    if (t !== this.#lastTime) {
      if (Math.abs(t) <= MAX_TIME) {
        const ms = Math.round(t);
        this.#base ??= ms;
        ts = '' + (ms - this.#base);
      } else {
        ts = NULL;
      }
      this.#lastTime = t;
      this.#lastTs = ts;
    }
    if (c.source !== this.#source || c.account !== this.#account || c.region !== this.#region || this.#mid === undefined) {
      this.#source = c.source;
      this.#account = c.account;
      this.#region = c.region;
      this.#mid = clean(c.source) && clean(c.account) && clean(c.region) ? SEP + c.source + SEP + str(c.account) + SEP + str(c.region) + SEP : '';
    }
    const { srcIp, dstIp, action, eventName, user } = c;
    if (this.#mid === '' || detail.length > MAX_FAST_DETAIL || !clean(srcIp) || !clean(dstIp) || !clean(action) || !clean(eventName) || !clean(user)) {
      return this.#addSlow(id, c, kind, detail);
    }
    const head = id + SEP + ts + this.#mid + str(srcIp) + SEP + str(dstIp) + SEP + int32(c.srcPort) + SEP + int32(c.dstPort) + SEP +
      int32(c.protocol) + SEP + str(action) + SEP + str(eventName) + SEP + str(user) + SEP + int64(c.bytes) + SEP + int64(c.packets) + KIND[kind]!;
    const need = this.#len + (head.length + detail.length) * 3 + 1;
    if (need > this.#buf.length) this.#grow(need);
    const buf = this.#buf;
    let len = this.#len;
    let start = len;
    if (kind === KEPT_LINE) {
      // A kept line is short: one write of one string beats two native calls.
      len += buf.write(head + detail + '\n', len);
    } else {
      len += buf.write(head, len);
      start = len;
      len += buf.write(detail, len);
      buf[len++] = 10;
    }
    this.#len = len;
    return start;
  }

  /** Hands over the encoded bytes and starts a fresh buffer. */
  take(): Buffer {
    const out = this.#buf.subarray(0, this.#len);
    this.#buf = Buffer.allocUnsafe(Math.max(this.#buf.length, PIECE_BYTES));
    this.#len = 0;
    return out;
  }

  /** Drops everything waiting (the transaction ended). */
  clear(): void {
    this.#buf = Buffer.alloc(0);
    this.#len = 0;
    this.#slow = [];
  }

  /** Hands over the slow-path rows. */
  takeSlow(): DuckDBValue[][] {
    const out = this.#slow;
    this.#slow = [];
    return out;
  }

  #addSlow(id: number, c: EventColumns, kind: number, detail: string): number {
    const t = Math.abs(c.time) <= MAX_TIME ? BigInt(Math.round(c.time * 1000)) : null;
    this.#slow.push([
      id, t, this.objectId, c.source, c.account ?? null, c.region ?? null, c.srcIp ?? null, c.dstIp ?? null, nullable(int32(c.srcPort)),
      nullable(int32(c.dstPort)), nullable(int32(c.protocol)), c.action ?? null, c.eventName ?? null, c.user ?? null,
      nullable(int64(c.bytes)), nullable(int64(c.packets)), kind, detail,
    ]);
    return -1;
  }

  #grow(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
}

/** Loads an encoded file into `events` on the transaction's connection. */
export async function loadFile(conn: DuckDBConnection, file: string, timeBase: number, objectId: number): Promise<void> {
  await conn.run(LOAD_SQL, [file, BigInt(timeBase), objectId]);
}

/** Inserts slow-path rows one by one with bound parameters. */
export async function insertRows(conn: DuckDBConnection, rows: DuckDBValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const stmt = await conn.prepare(INSERT_ROW_SQL);
  try {
    for (const row of rows) {
      stmt.bind(row);
      await stmt.run();
    }
  } finally {
    stmt.destroySync();
  }
}

/** True when the value is absent or holds no character below 0x20 (which could break the framing). */
function clean(s: string | undefined): boolean {
  if (s == null) return true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 32) return false;
  return true;
}

function str(v: string | undefined): string {
  return v ?? NULL;
}

function int32(v: number | undefined): string {
  return v !== undefined && (v | 0) === v ? '' + v : NULL;
}

function int64(v: number | undefined): string {
  return v !== undefined && Number.isSafeInteger(v) ? '' + v : NULL;
}

function nullable(s: string): number | null {
  return s === NULL ? null : Number(s);
}
