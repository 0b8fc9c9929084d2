/**
 * A unit: what one object transaction hands the writer at a time, the whole object or one chunk
 * of a large one, and the statements that store its `objects`, read-state and progress rows in
 * the group transaction.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { EncodedRows } from './bulk-load.ts';
import type { ServicePosition, StateScope } from './types.ts';

/** One unit of an object transaction, committed by the writer in a group. */
export interface Unit {
  /** This unit's `objects.object_id` (each unit has its own objects row). */
  objectId: number;
  scope: StateScope;
  bucket: string;
  key: string;
  createdDate: string | undefined;
  flowLogId: string | undefined;
  /** Services: the read position stored with the final unit, instead of a processed_objects row. */
  position: ServicePosition | undefined;
  rows: EncodedRows;
  /** Events in the unit. */
  count: number;
  /** The unit's message bodies; `events.body_off` is relative to their start. */
  bodies: Buffer;
  /** archives.json lines, when archives are on. */
  archive: Buffer | undefined;
  /** alerts.json lines of the unit's alerts (undefined: none). */
  alertLines: Buffer | undefined;
  /** `alerts` rows, in column order minus the JSON casts (see ALERT_TUPLE). */
  alerts: DuckDBValue[][];
  alias: string | null;
  prefix: string | null;
  flowFields: string | null;
  context: string | null;
  /** The object's last unit: marks it processed. */
  final: boolean;
  /** Events of the object committed once this unit is (its resume point, or its total when final). */
  committedAfter: number;
  /** Deletes the object's earlier events, objects rows and progress first (reparse). */
  replace: boolean;
  /** The object may have a progress row already (an earlier chunk, a resumed attempt, replace). */
  progress: boolean;
}

const SCOPE_KEY = 'bucket_path = $1 AND account_id = $2 AND region = $3 AND log_key = $4';
/** Rows per multi-row INSERT statement. */
const ROWS_PER_STATEMENT = 200;

/** Stores the units' objects rows, read-state, progress and (for replace) deletions, inside the open group transaction. */
export async function commitUnitRows(conn: DuckDBConnection, units: readonly Unit[], segment: number, base: number): Promise<void> {
  for (const u of units) {
    if (!u.replace) continue;
    const params = [u.bucket, u.key, u.objectId];
    await conn.run('DELETE FROM alerts WHERE event_id IN (SELECT id FROM events WHERE object_id IN (SELECT object_id FROM objects WHERE bucket = $1 AND log_key = $2 AND object_id < $3))', params);
    await conn.run('DELETE FROM events WHERE object_id IN (SELECT object_id FROM objects WHERE bucket = $1 AND log_key = $2 AND object_id < $3)', params);
    await conn.run('DELETE FROM objects WHERE bucket = $1 AND log_key = $2 AND object_id < $3', params);
    const { bucketPath, accountId, region } = u.scope;
    await conn.run(`DELETE FROM processed_objects WHERE ${SCOPE_KEY}`, [bucketPath, accountId, region, u.key]);
  }
  const objects: DuckDBValue[][] = [];
  let offset = base;
  for (const u of units) {
    const { bucketPath, accountId, region } = u.scope;
    objects.push([u.objectId, u.bucket, u.key, bucketPath, accountId, region, u.alias, u.prefix, u.flowFields, u.context, segment, BigInt(offset)]);
    offset += u.bodies.length;
  }
  await insertMany(conn, 'INSERT INTO objects VALUES', objects, (p) => `(${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, ${p[4]}, ${p[5]}, ${p[6]}, ${p[7]}, ${p[8]}, ${p[9]}::JSON, now()::TIMESTAMP, ${p[10]}, ${p[11]})`);
  await insertMany(conn, 'INSERT INTO alerts VALUES', units.flatMap((u) => u.alerts), ALERT_TUPLE);
  // One row per key: a later unit of the same key in the group wins.
  const processed = new Map<string, DuckDBValue[]>();
  for (const u of units) {
    if (!u.final || u.position !== undefined) continue;
    const { bucketPath, accountId, region } = u.scope;
    processed.set(JSON.stringify([bucketPath, accountId, region, u.key]),
      [bucketPath, accountId, region, u.key, u.flowLogId ?? null, u.createdDate ?? null, BigInt(u.committedAfter)]);
  }
  await insertMany(conn, 'INSERT INTO processed_objects VALUES', [...processed.values()],
    (p) => `(${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, ${p[4]}, ${p[5]}::DATE, now()::TIMESTAMP, ${p[6]})`);
  // In unit order, so a later position of the same stream in the group wins.
  for (const u of units) {
    if (u.final && u.position !== undefined) await storePosition(conn, u.position);
  }
  for (const u of units) {
    if (u.final && !u.progress && !u.replace) continue;
    const { bucketPath, accountId, region } = u.scope;
    const params = [bucketPath, accountId, region, u.key];
    await conn.run(`DELETE FROM object_progress WHERE ${SCOPE_KEY}`, params);
    if (!u.final) await conn.run('INSERT INTO object_progress VALUES ($1, $2, $3, $4, $5, now()::TIMESTAMP)', [...params, BigInt(u.committedAfter)]);
  }
}

/**
 * One `alerts` row from [seq, alert_id, event_id, ts µs, event_ts µs, rule_id, level, description,
 * groups (comma-joined), mitre ids (comma-joined), body, mitre tactics (comma-joined)].
 */
const ALERT_TUPLE = (p: string[]): string =>
  `(${p[0]}, ${p[1]}, ${p[2]}, make_timestamp(${p[3]}::BIGINT), make_timestamp(${p[4]}::BIGINT), ${p[5]}, ${p[6]}, ${p[7]}, ` +
  `${list(p[8]!)}, ${list(p[9]!)}, ${p[10]}, ${list(p[11]!)})`;

/** A comma-joined list parameter as a VARCHAR[] ('' is the empty list). */
const list = (p: string): string => `CASE WHEN ${p} = '' THEN []::VARCHAR[] ELSE string_split(${p}, ',') END`;

const POSITION_KEY = 'service = $1 AND account_id = $2 AND region = $3 AND name = $4';

/** Replaces a service position inside the open transaction. */
export async function storePosition(conn: DuckDBConnection, p: ServicePosition): Promise<void> {
  const params = [p.service, p.accountId, p.region, p.name];
  await conn.run(`DELETE FROM service_positions WHERE ${POSITION_KEY}`, params);
  await conn.run('INSERT INTO service_positions VALUES ($1, $2, $3, $4, $5::JSON, now()::TIMESTAMP)', [...params, JSON.stringify(p.value)]);
}

/** Inserts rows with multi-row VALUES statements of bound parameters; `tuple` gets the parameter names of one row. */
async function insertMany(conn: DuckDBConnection, head: string, rows: readonly DuckDBValue[][], tuple: (p: string[]) => string): Promise<void> {
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    const slice = rows.slice(at, at + ROWS_PER_STATEMENT);
    const params: DuckDBValue[] = [];
    const tuples = slice.map((row) => {
      const names = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return tuple(names);
    });
    await conn.run(`${head} ${tuples.join(', ')}`, params);
  }
}
