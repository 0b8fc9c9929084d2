/**
 * The DuckDB schema, created idempotently and migrated by version (`meta.schema_version`).
 *
 * - `objects`: one row per committed unit: a whole object, or one chunk of a large object
 *   (see writer.ts). `object_id` is assigned by the store (MAX+1 at open, then counting; aborted
 *   units leave gaps). What every event of the unit shares lives here once: where it came from,
 *   `message_prefix` (the JSON every message of the object starts with:
 *   `{"integration":"aws","aws":{"log_info":{...},`), for units whose records are kept as their
 *   original lines `flow_fields` (the header's fields, space-joined) and `context`, and where the
 *   unit's message bodies are: body segment file `segment` (bodies/segment-NNNNNN.dat) from byte
 *   `body_base`. Never pruned: events reference it.
 * - `events`: one row per event, short typed columns only. `id` is assigned by the store. `ts` is
 *   the event's own time (UTC); `account_id`/`region` are the event's own. The message body is at
 *   `objects.body_base + body_off`, `body_len` bytes, in the unit's segment, by `detail_kind`:
 *   0 the whole compact JSON, 1 the JSON minus `message_prefix`, 2 the record's original line
 *   (rebuild.ts). Long strings are kept out of DuckDB: they made loads and commits slow.
 * - `events_v`: events joined with their object (bucket, log_key, account_alias); messages are
 *   read with `EventStore.readMessages`.
 * - `processed_objects`: Wazuh's per-object read-state, one row per scope and key. No primary
 *   key (nor on `objects.object_id`): the writer inserts each key once (a reparse deletes the old
 *   row in the same transaction), and an index check per row made small-object commits slow.
 * - `object_progress`: events of an object already committed by chunks of an unfinished attempt,
 *   so the next attempt resumes after them; deleted when the object's last chunk commits.
 * - `object_errors`: why an object failed, for the run summary and the API.
 * - `output_commits`: insert-only log of committed sizes of the files written beside the store
 *   (output `archives`, and `segment-NNNNNN` per body segment), in the same transaction as the
 *   rows they belong to; on open the files are cut back to them.
 * - `alerts` (schema 3): one row per alert, linked to its event by `event_id`; `seq` is assigned
 *   by the store (the Wazuh `alert_id` restarts its counter with the process); `ts` is the alert's
 *   processing time, `event_ts` the event's own; `body` the alert JSON as written to alerts.json;
 *   `mitre_tactics` (schema 4, the last column) the tactic names of `rule.mitre.tactic`.
 *   Alerts are rare next to events, so their bodies stay in DuckDB.
 * - `service_positions` (schema 3): where each service stands, one row per service, account,
 *   region and name (CloudWatch Logs: log group and stream; Inspector: '' per region), its
 *   `position` JSON written in the same transaction as the events read up to it.
 * - `meta`: key/value; `schema_version`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The schema version this code writes. */
export const SCHEMA_VERSION = 4;

/** `detail_kind` values: how an event's body holds the message. */
export const DetailKind = { json: 0, suffix: 1, line: 2 } as const;

const META = `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`;

const V2 = [
  `CREATE TABLE objects (
    object_id INTEGER NOT NULL, bucket VARCHAR NOT NULL, log_key VARCHAR NOT NULL, bucket_path VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, account_alias VARCHAR, message_prefix VARCHAR,
    flow_fields VARCHAR, context JSON, ingested_at TIMESTAMP NOT NULL, segment INTEGER, body_base BIGINT)`,
  `CREATE TABLE events (
    id BIGINT NOT NULL, ts TIMESTAMP, object_id INTEGER NOT NULL, source VARCHAR NOT NULL, account_id VARCHAR,
    region VARCHAR, src_ip VARCHAR, dst_ip VARCHAR, src_port INTEGER, dst_port INTEGER, protocol INTEGER,
    action VARCHAR, event_name VARCHAR, user_name VARCHAR, bytes BIGINT, packets BIGINT,
    detail_kind UTINYINT NOT NULL, body_off BIGINT NOT NULL, body_len INTEGER NOT NULL)`,
  `CREATE OR REPLACE VIEW events_v AS SELECT e.id, e.ts, e.object_id, e.source, e.account_id, e.region, o.bucket, o.log_key,
    o.account_alias, e.src_ip, e.dst_ip, e.src_port, e.dst_port, e.protocol, e.action, e.event_name, e.user_name, e.bytes,
    e.packets, e.detail_kind
    FROM events e JOIN objects o ON o.object_id = e.object_id`,
  `CREATE TABLE processed_objects (
    bucket_path VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, log_key VARCHAR NOT NULL,
    flow_log_id VARCHAR, created_date DATE, processed_at TIMESTAMP NOT NULL, events BIGINT NOT NULL)`,
  // No key: a row is deleted and inserted again in one group transaction.
  `CREATE TABLE object_progress (
    bucket_path VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, log_key VARCHAR NOT NULL,
    events_committed BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE object_errors (
    bucket_path VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, log_key VARCHAR NOT NULL,
    code VARCHAR NOT NULL, message VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE output_commits (
    output VARCHAR NOT NULL, seq BIGINT NOT NULL, size BIGINT NOT NULL, committed_at TIMESTAMP NOT NULL)`,
];

/** What schema 3 adds to schema 2: alerts, and the services' read positions. */
const V3 = [
  `CREATE TABLE IF NOT EXISTS alerts (
    seq BIGINT NOT NULL, alert_id VARCHAR NOT NULL, event_id BIGINT NOT NULL, ts TIMESTAMP NOT NULL, event_ts TIMESTAMP,
    rule_id VARCHAR NOT NULL, level INTEGER NOT NULL, description VARCHAR, groups VARCHAR[], mitre_ids VARCHAR[], body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS service_positions (
    service VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL, name VARCHAR NOT NULL,
    position JSON NOT NULL, updated_at TIMESTAMP NOT NULL)`,
];

/**
 * What schema 4 adds: the alerts' MITRE ATT&CK tactics (names, as `rule.mitre.tactic` holds them),
 * filled from the stored alert bodies for alerts of schema 3.
 */
const V4 = [
  `ALTER TABLE alerts ADD COLUMN IF NOT EXISTS mitre_tactics VARCHAR[]`,
  `UPDATE alerts SET mitre_tactics = COALESCE(json_extract_string(body, '$.rule.mitre.tactic[*]'), []::VARCHAR[])`,
];

/** Creates the schema in an empty database, migrates schemas 2 and 3 to 4, refuses any other version. */
export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(META);
  const reader = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`);
  const found = reader.getRowObjectsJS()[0]?.value;
  const version = found === undefined ? 0 : Number(found);
  if (version === SCHEMA_VERSION) return;
  if (version === 1) {
    // Schema 1 held message bodies in DuckDB; it only ever existed in development builds.
    throw new Error('the database has schema 1 of a development build (message bodies inside DuckDB), which this awsmon does not migrate; move the file away to start afresh');
  }
  if (version !== 0 && version !== 2 && version !== 3) {
    throw new Error(`schema version ${JSON.stringify(found)} is newer than this awsmon supports (${SCHEMA_VERSION}); upgrade awsmon`);
  }
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const sql of version === 0 ? [...V2, ...V3, ...V4] : version === 2 ? [...V3, ...V4] : V4) await conn.run(sql);
    await conn.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
