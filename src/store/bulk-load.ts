/**
 * Bulk loading of event rows into DuckDB. Rows hold short typed columns only (message bodies go to
 * segment files), encoded once into a byte buffer as unit-separator (0x1F) delimited,
 * newline-terminated text; the writer concatenates the rows of every unit of a group into one temp
 * file loaded by one `INSERT ... SELECT FROM read_csv(...)`, which DuckDB parses on its own
 * threads (per-value Appender calls cost more JS→native crossings than the row is worth). A value
 * holding a control character (an attacker can put one in a user name) sends its row to a
 * parameter-bound INSERT instead, so every value is stored exactly. NULL is written as 0x02.
 *
 * The per-unit constants (object id, and source, account, region when they repeat) are one cached
 * piece, and `ts` is written as milliseconds after the unit's first event time, a small integer
 * (cheap to print) that the load adds back from the group's list of unit time bases.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { EventColumns } from '../core/index.ts';
import { ByteBuffer } from './byte-buffer.ts';

const SEP = '\x1f';
const NULL = '\x02';
const KIND = [`${SEP}0${SEP}`, `${SEP}1${SEP}`, `${SEP}2${SEP}`];
/** The greatest time, in epoch ms, a JS Date holds; others (and NaN) are stored as NULL. */
const MAX_TIME = 8.64e15;

const CSV_COLUMNS = `{'id':'BIGINT','object_id':'INTEGER','ts':'BIGINT','source':'VARCHAR','account_id':'VARCHAR','region':'VARCHAR',
  'src_ip':'VARCHAR','dst_ip':'VARCHAR','src_port':'INTEGER','dst_port':'INTEGER','protocol':'INTEGER','action':'VARCHAR',
  'event_name':'VARCHAR','user_name':'VARCHAR','bytes':'BIGINT','packets':'BIGINT','detail_kind':'UTINYINT','body_off':'BIGINT',
  'body_len':'INTEGER'}`;

const INSERT_ROW_SQL = `INSERT INTO events VALUES ($1, make_timestamp($2::BIGINT), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
  $15, $16, $17, $18, $19)`;

/** One unit's encoded rows. */
export interface EncodedRows {
  /** Fast-path rows (read_csv text). */
  rows: Buffer;
  /** Rows for the parameter-bound path. */
  slow: DuckDBValue[][];
  /** Epoch ms the fast rows' `ts` values are relative to. */
  timeBase: number;
}

/** Encodes a unit's rows; `take` hands them over and the next unit starts with `start`. */
export class RowEncoder {
  readonly #out = new ByteBuffer();
  #objectId = 0;
  #slow: DuckDBValue[][] = [];
  #base: number | undefined;
  #lastTime = NaN;
  #lastTs = NULL;
  #source: string | undefined;
  #account: string | undefined;
  #region: string | undefined;
  /** `<SEP>source<SEP>account<SEP>region<SEP>` of the last row, '' when one of them is not clean. */
  #mid: string | undefined;
  #rows = 0;

  /** Starts the rows of a unit stored under `objectId`. */
  start(objectId: number): void {
    this.#objectId = objectId;
    this.#base = undefined;
    this.#lastTime = NaN;
    this.#lastTs = NULL;
    this.#mid = undefined;
  }
  /** Encoded bytes waiting (fast path). */
  get bytes(): number {
    return this.#out.length;
  }
  /** Rows waiting (both paths). */
  get rows(): number {
    return this.#rows;
  }

  /** Adds one event whose body is `bodyLen` bytes at `bodyOff` of the unit's bodies. */
  add(id: number, c: EventColumns, kind: number, bodyOff: number, bodyLen: number): void {
    this.#rows++;
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
    if (this.#mid === '' || !clean(srcIp) || !clean(dstIp) || !clean(action) || !clean(eventName) || !clean(user)) {
      this.#addSlow(id, c, kind, bodyOff, bodyLen);
      return;
    }
    this.#out.write(id + SEP + this.#objectId + SEP + ts + this.#mid + str(srcIp) + SEP + str(dstIp) + SEP + int32(c.srcPort) + SEP +
      int32(c.dstPort) + SEP + int32(c.protocol) + SEP + str(action) + SEP + str(eventName) + SEP + str(user) + SEP + int64(c.bytes) +
      SEP + int64(c.packets) + KIND[kind]! + bodyOff + SEP + bodyLen + '\n');
  }

  /** Hands over the unit's rows. */
  take(): EncodedRows {
    const out = { rows: this.#out.take(), slow: this.#slow, timeBase: this.#base ?? 0 };
    this.#slow = [];
    this.#rows = 0;
    return out;
  }

  /** Drops everything waiting (the transaction ended). */
  clear(): void {
    this.#out.clear();
    this.#slow = [];
    this.#rows = 0;
  }

  #addSlow(id: number, c: EventColumns, kind: number, bodyOff: number, bodyLen: number): void {
    const t = Math.abs(c.time) <= MAX_TIME ? BigInt(Math.round(c.time * 1000)) : null;
    this.#slow.push([
      id, t, this.#objectId, c.source, c.account ?? null, c.region ?? null, c.srcIp ?? null, c.dstIp ?? null, nullable(int32(c.srcPort)),
      nullable(int32(c.dstPort)), nullable(int32(c.protocol)), c.action ?? null, c.eventName ?? null, c.user ?? null,
      nullable(int64(c.bytes)), nullable(int64(c.packets)), kind, BigInt(bodyOff), bodyLen,
    ]);
  }
}

/** Loads an encoded file of several units' rows into `events`; `bases` maps each unit's object id to its time base. */
export async function loadFile(conn: DuckDBConnection, file: string, bases: readonly (readonly [number, number])[]): Promise<void> {
  // The bases are integers made here, not input: safe to put in the statement text.
  const values = bases.map(([o, b]) => `(${o | 0}, ${Math.trunc(b)})`).join(', ');
  await conn.run(`INSERT INTO events SELECT r.id, make_timestamp((b.base + r.ts) * 1000), r.object_id, r.source, r.account_id, r.region,
    r.src_ip, r.dst_ip, r.src_port, r.dst_port, r.protocol, r.action, r.event_name, r.user_name, r.bytes, r.packets, r.detail_kind,
    r.body_off, r.body_len
    FROM read_csv($1, delim='\x1f', quote='', escape='', nullstr='\x02', header=false, auto_detect=false, buffer_size=4194304, max_line_size=1048576, columns=${CSV_COLUMNS}) r
    JOIN (VALUES ${values}) b(o, base) ON b.o = r.object_id`, [file]);
}

/** Inserts slow-path rows one by one with bound parameters. */
export async function insertRows(conn: DuckDBConnection, rows: readonly DuckDBValue[][]): Promise<void> {
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
