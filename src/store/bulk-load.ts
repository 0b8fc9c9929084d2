/**
 * Bulk loading of events into DuckDB. DuckDB's per-value Appender calls cost more JS→native
 * crossings than the row is worth (~90k rows/s measured); instead rows are encoded once into a
 * byte buffer as unit-separator (0x1F) delimited, newline-terminated text, written to a temp file
 * and loaded by one `INSERT ... SELECT FROM read_csv(...)` inside the object's transaction, which
 * DuckDB parses off the JS thread. The message column needs no quoting: JSON.stringify escapes
 * every control character, so its output never holds 0x1F or a newline. A short column holding a
 * control character (an attacker can put one in a user name) sends its row to a parameter-bound
 * INSERT instead, so every value is stored exactly, as does a message too long for read_csv's
 * 2 MB line limit. NULL is written as 0x02.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AwsmonEvent } from '../core/index.ts';

const SEP = '\x1f';
const NULL = '\x02';
const CONTROL = /[\x00-\x1f]/;
const INT32_MAX = 2 ** 31 - 1;
/** Messages longer than this take the slow path: read_csv's default max_line_size is 2 MB. */
const MAX_FAST_MESSAGE = 600_000;

/** Buffer size at which a transaction hands its rows to DuckDB. */
export const FLUSH_BYTES = 16 * 1024 * 1024;

const CSV_COLUMNS = `{'id':'BIGINT','ts':'BIGINT','source':'VARCHAR','account_id':'VARCHAR','region':'VARCHAR','bucket':'VARCHAR',
  'log_key':'VARCHAR','src_ip':'VARCHAR','dst_ip':'VARCHAR','src_port':'INTEGER','dst_port':'INTEGER','protocol':'INTEGER',
  'action':'VARCHAR','event_name':'VARCHAR','user_name':'VARCHAR','bytes':'BIGINT','packets':'BIGINT','message':'VARCHAR'}`;

/** $1 = file, $2 = ingested_at in epoch microseconds. */
const LOAD_SQL = `INSERT INTO events SELECT id, make_timestamp(ts), make_timestamp($2::BIGINT), source, account_id, region,
  bucket, log_key, src_ip, dst_ip, src_port, dst_port, protocol, action, event_name, user_name, bytes, packets, message
  FROM read_csv($1, delim='\x1f', quote='', escape='', nullstr='\x02', header=false, auto_detect=false,
    columns=${CSV_COLUMNS})`;

const INSERT_ROW_SQL = `INSERT INTO events VALUES ($1, make_timestamp($2::BIGINT), make_timestamp($3::BIGINT), $4, $5, $6, $7,
  $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`;

/** Encodes rows; `take` hands over the encoded bytes and starts a fresh buffer. */
export class RowEncoder {
  #buf: Buffer;
  #len = 0;
  #rows = 0;
  #slow: DuckDBValue[][] = [];

  constructor(capacity = 256 * 1024) {
    this.#buf = Buffer.allocUnsafe(capacity);
  }
  /** Encoded bytes waiting. */
  get bytes(): number {
    return this.#len;
  }
  /** Rows waiting (fast and slow path). */
  get rows(): number {
    return this.#rows + this.#slow.length;
  }
  /** The encoded buffer, for copying a message out right after `add` returned its offset. */
  get buffer(): Buffer {
    return this.#buf;
  }

  /**
   * Adds one event with its message JSON; `bucket`/`logKey` fill columns the event lacks. Returns
   * the offset of the message in `buffer` (its line ends at `bytes`), or -1 when the row took the
   * slow path.
   */
  add(id: number, event: AwsmonEvent, json: string, bucket: string, logKey: string): number {
    const c = event.columns;
    if (json.length > MAX_FAST_MESSAGE) return this.#addSlow(id, event, json, bucket, logKey);
    const fields = [c.source, c.account, c.region, c.bucket ?? bucket, c.key ?? logKey, c.srcIp, c.dstIp];
    const tail = [c.action, c.eventName, c.user];
    let prefix = `${id}${SEP}${micros(c.time)}`;
    for (const f of fields) {
      if (f !== undefined && f !== null && CONTROL.test(f)) return this.#addSlow(id, event, json, bucket, logKey);
      prefix += SEP + (f ?? NULL);
    }
    prefix += SEP + int32(c.srcPort) + SEP + int32(c.dstPort) + SEP + int32(c.protocol);
    for (const f of tail) {
      if (f !== undefined && f !== null && CONTROL.test(f)) return this.#addSlow(id, event, json, bucket, logKey);
      prefix += SEP + (f ?? NULL);
    }
    prefix += SEP + int64(c.bytes) + SEP + int64(c.packets) + SEP;
    const need = this.#len + (prefix.length + json.length) * 3 + 1;
    if (need > this.#buf.length) this.#grow(need);
    this.#len += this.#buf.write(prefix, this.#len, 'utf8');
    const start = this.#len;
    this.#len += this.#buf.write(json, this.#len, 'utf8');
    this.#buf[this.#len++] = 10;
    this.#rows++;
    return start;
  }

  /** Hands over the encoded bytes and the slow-path rows, and resets. */
  take(): { bytes: Buffer; rows: number; slow: DuckDBValue[][] } {
    const out = { bytes: this.#buf.subarray(0, this.#len), rows: this.#rows, slow: this.#slow };
    this.#buf = Buffer.allocUnsafe(this.#buf.length);
    this.#len = 0;
    this.#rows = 0;
    this.#slow = [];
    return out;
  }

  #addSlow(id: number, event: AwsmonEvent, json: string, bucket: string, logKey: string): number {
    const c = event.columns;
    const t = micros(c.time);
    this.#slow.push([
      id, t === NULL ? null : BigInt(t), null, c.source, c.account ?? null, c.region ?? null, c.bucket ?? bucket,
      c.key ?? logKey, c.srcIp ?? null, c.dstIp ?? null, nullable(int32(c.srcPort)), nullable(int32(c.dstPort)),
      nullable(int32(c.protocol)), c.action ?? null, c.eventName ?? null, c.user ?? null,
      nullable(int64(c.bytes)), nullable(int64(c.packets)), json,
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
export async function loadFile(conn: DuckDBConnection, file: string, ingestedAtMs: number): Promise<void> {
  await conn.run(LOAD_SQL, [file, BigInt(ingestedAtMs) * 1000n]);
}

/** Inserts slow-path rows one by one with bound parameters. */
export async function insertRows(conn: DuckDBConnection, rows: DuckDBValue[][], ingestedAtMs: number): Promise<void> {
  if (rows.length === 0) return;
  const stmt = await conn.prepare(INSERT_ROW_SQL);
  const ingested = BigInt(ingestedAtMs) * 1000n;
  for (const row of rows) {
    row[2] = ingested;
    stmt.bind(row);
    await stmt.run();
  }
}

function micros(ms: number): string {
  return Number.isFinite(ms) ? String(Math.round(ms * 1000)) : NULL;
}

function int32(v: number | undefined): string {
  return v !== undefined && Number.isInteger(v) && Math.abs(v) <= INT32_MAX ? String(v) : NULL;
}

function int64(v: number | undefined): string {
  return v !== undefined && Number.isSafeInteger(v) ? String(v) : NULL;
}

function nullable(s: string): number | null {
  return s === NULL ? null : Number(s);
}
