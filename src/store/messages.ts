/**
 * Reading stored messages back: an event's row says where its body is (its unit's segment and
 * base plus `body_off`, `body_len` bytes) and how to turn it into the message (`detail_kind`).
 */
import { cloudTrailMessageFromText, vpcFlowMessageFromLine } from '../events/index.ts';
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
    const rows = await query(`SELECT e.id, e.detail_kind, e.body_off, e.body_len, o.segment, o.body_base, o.bucket, o.log_key, o.account_alias,
      o.message_prefix, o.flow_fields, o.context FROM events e JOIN objects o ON o.object_id = e.object_id WHERE e.id IN (${list})`);
    rows.sort((a, b) => Number(a.segment) - Number(b.segment) || Number(a.body_base) + Number(a.body_off) - Number(b.body_base) - Number(b.body_off));
    for (const row of rows) {
      const body = await segments.read(Number(row.segment), Number(row.body_base) + Number(row.body_off), Number(row.body_len));
      found.set(Number(row.id), message(Number(row.detail_kind), body.toString('utf8'), row as unknown as StoredObject));
    }
  }
  return ids.map((id) => found.get(id));
}

function message(kind: number, detail: string, object: StoredObject): string {
  if (kind !== DetailKind.line) return rebuildMessage({ detail_kind: kind, detail }, object);
  const kept = flowLine({ detail_kind: kind, detail }, object);
  if (kept.kind === 'cloudtrail') return JSON.stringify(cloudTrailMessageFromText(kept.line, kept.context));
  return JSON.stringify(vpcFlowMessageFromLine(kept.fields, kept.line, kept.context));
}
