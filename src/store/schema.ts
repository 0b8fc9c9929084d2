/**
 * The DuckDB schema, created idempotently and migrated by version (`meta.schema_version`).
 *
 * - `events`: one row per event. `id` is assigned by the store (MAX(id)+1 at open, then counting;
 *   aborted objects leave gaps). `ts` is the event's own time (UTC), `ingested_at` when it was
 *   stored. The indexed columns come from `AwsmonEvent.columns`; `message` is the compact JSON of
 *   the Wazuh message. No secondary indexes: DuckDB's per-row-group min/max (zone maps) serve
 *   time-range scans, and ART indexes would slow bulk appends several times over.
 * - `processed_objects`: Wazuh's per-object read-state (reference 2.3), keyed per scope and key,
 *   with the region always part of the key ('' where none).
 * - `object_errors`: why an object failed, for the run summary and the API.
 * - `output_commits`: insert-only log of committed output file sizes (archives.json), written in
 *   the same transaction as the object it belongs to. Insert-only because two open DuckDB
 *   transactions updating one shared row (e.g. a `meta` offset) conflict at commit.
 * - `meta`: key/value; `schema_version`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The schema version this code writes. */
export const SCHEMA_VERSION = 1;

/** The column order of `events`, as the bulk loader writes them. */
export const EVENT_COLUMNS = [
  'id', 'ts', 'ingested_at', 'source', 'account_id', 'region', 'bucket', 'log_key', 'src_ip', 'dst_ip',
  'src_port', 'dst_port', 'protocol', 'action', 'event_name', 'user_name', 'bytes', 'packets', 'message',
] as const;

const V1 = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (
    id BIGINT NOT NULL, ts TIMESTAMP, ingested_at TIMESTAMP NOT NULL, source VARCHAR NOT NULL,
    account_id VARCHAR, region VARCHAR, bucket VARCHAR, log_key VARCHAR, src_ip VARCHAR, dst_ip VARCHAR,
    src_port INTEGER, dst_port INTEGER, protocol INTEGER, action VARCHAR, event_name VARCHAR, user_name VARCHAR,
    bytes BIGINT, packets BIGINT, message VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS processed_objects (
    bucket_path VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, log_key VARCHAR NOT NULL,
    flow_log_id VARCHAR, created_date DATE, processed_at TIMESTAMP NOT NULL, events BIGINT NOT NULL,
    PRIMARY KEY (bucket_path, account_id, region, log_key))`,
  `CREATE TABLE IF NOT EXISTS object_errors (
    bucket_path VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, log_key VARCHAR NOT NULL,
    code VARCHAR NOT NULL, message VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS output_commits (
    output VARCHAR NOT NULL, seq BIGINT NOT NULL, size BIGINT NOT NULL, committed_at TIMESTAMP NOT NULL)`,
];

/** Migrations: MIGRATIONS[v] brings a version-v database to v+1. */
const MIGRATIONS: readonly (readonly string[])[] = [V1];

/** Creates or migrates the schema; refuses a database written by a newer awsmon. */
export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(V1[0]!);
  const reader = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`);
  const found = reader.getRowObjectsJS()[0]?.value;
  let version = found === undefined ? 0 : Number(found);
  if (!Number.isInteger(version) || version > SCHEMA_VERSION) {
    throw new Error(`schema version ${JSON.stringify(found)} is newer than this awsmon supports (${SCHEMA_VERSION}); upgrade awsmon`);
  }
  while (version < SCHEMA_VERSION) {
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const sql of MIGRATIONS[version]!) await conn.run(sql);
      version += 1;
      await conn.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', $1)`, [String(version)]);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
