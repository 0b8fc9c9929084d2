/**
 * Reading stored messages back: an event's row says where its body is (its unit's segment and
 * base plus `body_off`, `body_len` bytes) and how to turn it into the message (`detail_kind`).
 */
import { createRawMessageBuilder } from '../events/index.ts';
import type { BodySegments } from './body-segments.ts';
import { flowLine, rebuildMessage } from './rebuild.ts';
import type { StoredObject } from './rebuild.ts';
import { DetailKind } from './schema.ts';

/** Ids per look-up statement. */
const IDS_PER_QUERY = 5_000;

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** The exact messages of `ids` in order, undefined for ids not stored. */
export async function readMessages(query: Query, segments: BodySegments, ids: readonly number[]): Promise<(string | undefined)[]> {
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new TypeError(`event id ${String(id)} is not an integer`);
  const found = new Map<number, string>();
  const unique = [...new Set(ids)];
  for (let at = 0; at < unique.length; at += IDS_PER_QUERY) {
    // Checked integers: safe in the statement text, and far cheaper to bind than thousands of parameters.
    const list = unique.slice(at, at + IDS_PER_QUERY).join(', ');
    const rows = await query(`SELECT e.id, e.detail_kind, e.body_off, e.body_len, o.object_id, o.segment, o.body_base, o.bucket, o.log_key, o.account_alias,
      o.message_prefix, o.flow_fields, o.context FROM events e JOIN objects o ON o.object_id = e.object_id WHERE e.id IN (${list})`);
    rows.sort((a, b) => Number(a.segment) - Number(b.segment) || Number(a.body_base) + Number(a.body_off) - Number(b.body_base) - Number(b.body_off));
    // Kept lines are rebuilt with one builder per object, as they were built when read.
    const rebuilders = new Map<number, (line: string) => unknown>();
    for (const row of rows) {
      const body = (await segments.read(Number(row.segment), Number(row.body_base) + Number(row.body_off), Number(row.body_len))).toString('utf8');
      const kind = Number(row.detail_kind);
      const object = row as unknown as StoredObject;
      if (kind !== DetailKind.line) {
        found.set(Number(row.id), rebuildMessage({ detail_kind: kind, detail: body }, object));
        continue;
      }
      let rebuild = rebuilders.get(Number(row.object_id));
      if (rebuild === undefined) {
        const kept = flowLine({ detail_kind: kind, detail: body }, object);
        rebuild = createRawMessageBuilder(kept.kind, kept.fields, kept.context);
        rebuilders.set(Number(row.object_id), rebuild);
      }
      found.set(Number(row.id), JSON.stringify(rebuild(body)));
    }
  }
  return ids.map((id) => found.get(id));
}
