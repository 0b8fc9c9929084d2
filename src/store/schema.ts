/**
 * The DuckDB schema, created idempotently and migrated by version (`meta.schema_version`).
 *
 * - `objects`: one row per committed object transaction (inserted in it). `object_id` is assigned
 *   by the store (MAX+1 at open, then counting; aborted objects leave gaps). What every event of an
 *   object shares lives here once: where it came from, `message_prefix` (the JSON every message of
 *   the object starts with: `{"integration":"aws","aws":{"log_info":{...},`), and for objects whose
 *   records are kept as their original lines, `flow_fields` (the header's fields, space-joined) and
 *   `context` (what else rebuilding a message needs). Never pruned: events reference it.
 * - `events`: one row per event. `id` is assigned by the store like `object_id`. `ts` is the
 *   event's own time (UTC); `account_id`/`region` are the event's own (a CloudTrail record's can
 *   differ from its folder's). The message is kept as `detail`, by `detail_kind`: 0 the whole
 *   compact JSON, 1 the JSON minus the object's `message_prefix`, 2 the record's original line
 *   (see rebuild.ts). Per-row long strings are what bulk loads pay for, hence no bucket or key per
 *   row. No secondary indexes: DuckDB's per-row-group min/max (zone maps) serve time-range scans,
 *   and ART indexes would slow bulk appends several times over.
 * - `events_v`: events joined with their object (bucket, log_key, account_alias), with `message`
 *   rebuilt in SQL for kinds 0 and 1 (NULL for kind 2, which needs the events module).
 * - `processed_objects`: Wazuh's per-object read-state (reference 2.3), keyed per scope and key,
 *   with the region always part of the key ('' where none). Prunable, unlike `objects`.
 * - `object_errors`: why an object failed, for the run summary and the API.
 * - `output_commits`: insert-only log of committed output file sizes (archives.json), written in
 *   the same transaction as the object it belongs to. Insert-only because two open DuckDB
 *   transactions updating one shared row (e.g. a `meta` offset) conflict at commit.
 * - `meta`: key/value; `schema_version`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The schema version this code writes. */
export const SCHEMA_VERSION = 1;

/** `detail_kind` values: how `events.detail` holds the message. */
export const DetailKind = { json: 0, suffix: 1, line: 2 } as const;

const V1 = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS objects (
    object_id INTEGER PRIMARY KEY, bucket VARCHAR NOT NULL, log_key VARCHAR NOT NULL, bucket_path VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, account_alias VARCHAR, message_prefix VARCHAR,
    flow_fields VARCHAR, context JSON, ingested_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (
    id BIGINT NOT NULL, ts TIMESTAMP, object_id INTEGER NOT NULL, source VARCHAR NOT NULL, account_id VARCHAR,
    region VARCHAR, src_ip VARCHAR, dst_ip VARCHAR, src_port INTEGER, dst_port INTEGER, protocol INTEGER,
    action VARCHAR, event_name VARCHAR, user_name VARCHAR, bytes BIGINT, packets BIGINT,
    detail_kind UTINYINT NOT NULL, detail VARCHAR NOT NULL)`,
  `CREATE OR REPLACE VIEW events_v AS SELECT e.id, e.ts, e.object_id, e.source, e.account_id, e.region, o.bucket, o.log_key,
    o.account_alias, e.src_ip, e.dst_ip, e.src_port, e.dst_port, e.protocol, e.action, e.event_name, e.user_name, e.bytes,
    e.packets, e.detail_kind, e.detail,
    CASE e.detail_kind WHEN 0 THEN e.detail WHEN 1 THEN o.message_prefix || e.detail END AS message
    FROM events e JOIN objects o ON o.object_id = e.object_id`,
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
