/**
 * Stored bodies back to messages (`detail` is the body read from the event's segment file, see
 * messages.ts). Kinds 0 and 1 give back the exact JSON string stored; kind 2 bodies hold the
 * record's original line, which the events module turns back into the message
 * (`createRawMessageBuilder(kind, fields, context)` in src/events) from the pieces `flowLine` gives.
 */
import { DetailKind } from './schema.ts';
import type { FlowContext } from './message-layout.ts';

/** An event's detail kind and its body (read from its segment). */
export interface StoredDetail {
  detail_kind: number;
  detail: string;
}

/** The `objects` columns a message is rebuilt from. */
export interface StoredObject {
  bucket: string;
  log_key: string;
  account_alias: string | null;
  message_prefix: string | null;
  flow_fields: string | null;
  /** The JSON column, as text or already parsed. */
  context: unknown;
}

/** Where a kind-2 line came from, shaped like the events module's EventContext. */
export interface FlowLineContext extends FlowContext {
  bucket: string;
  key: string;
  accountAlias: string;
}

/** A kind-2 row's pieces: rebuild with `createRawMessageBuilder(kind, fields, context)`. */
export interface FlowLine {
  kind: 'vpcflow' | 'cloudtrail';
  fields: string[];
  line: string;
  context: FlowLineContext;
}

/** The exact JSON message of a kind-0 or kind-1 row; throws for kind 2 (use `flowLine`). */
export function rebuildMessage(row: StoredDetail, object: Pick<StoredObject, 'message_prefix'>): string {
  const kind = Number(row.detail_kind);
  if (kind === DetailKind.json) return row.detail;
  if (kind === DetailKind.suffix) {
    if (object.message_prefix === null) throw new Error('a kind-1 event whose object has no message prefix');
    return object.message_prefix + row.detail;
  }
  throw new Error(`detail kind ${kind} is not JSON; rebuild it with flowLine() and the events module`);
}

/** The pieces of a kind-2 row (a record kept as its original line). */
export function flowLine(row: StoredDetail, object: StoredObject): FlowLine {
  if (Number(row.detail_kind) !== DetailKind.line || object.flow_fields === null) throw new Error(`detail kind ${row.detail_kind} is not a kept line`);
  const stored = (typeof object.context === 'string' ? JSON.parse(object.context) : object.context ?? {}) as FlowContext;
  const context: FlowLineContext = { bucket: object.bucket, key: object.log_key, accountAlias: object.account_alias ?? '' };
  if (stored.accountId !== undefined) context.accountId = stored.accountId;
  if (stored.flowLogId !== undefined) context.flowLogId = stored.flowLogId;
  if (stored.flowLogResource !== undefined) context.flowLogResource = stored.flowLogResource;
  return { kind: stored.kind ?? 'vpcflow', fields: object.flow_fields === '' ? [] : object.flow_fields.split(' '), line: row.detail, context };
}
