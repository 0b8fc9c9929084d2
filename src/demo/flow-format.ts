/**
 * VPC flow-log text files as AWS writes them to S3: a header line naming the fields, then one
 * space-separated record per line, `-` where a field does not apply.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 */

/** The default format: every version-2 field, in AWS's order. */
export const V2_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
] as const;

/**
 * The demo's custom format. Its highest-version fields (`flow-direction`, `traffic-path`) are
 * version 5, so AWS writes `5` in the `version` column.
 */
export const V5_FIELDS = [
  'version', 'vpc-id', 'subnet-id', 'instance-id', 'interface-id', 'account-id', 'type',
  'srcaddr', 'dstaddr', 'srcport', 'dstport', 'pkt-srcaddr', 'pkt-dstaddr', 'protocol',
  'bytes', 'packets', 'start', 'end', 'action', 'tcp-flags', 'log-status', 'region',
  'flow-direction', 'traffic-path',
] as const;

/** A field value as written: numbers in decimal, absent values as `-`. */
export type FlowValue = string | number;
/** A record keyed by field name, or its values already in field order. */
export type FlowRow = Readonly<Record<string, FlowValue | undefined>> | readonly FlowValue[];

/** One record line (no newline) for a row in the given field order. */
export function flowLine(fields: readonly string[], row: FlowRow): string {
  if (Array.isArray(row)) return (row as readonly FlowValue[]).map(String).join(' ');
  const named = row as Readonly<Record<string, FlowValue | undefined>>;
  return fields.map((field) => String(named[field] ?? '-')).join(' ');
}

/** A whole file's text: the header line and one line per row, each ending with a newline. */
export function flowLogText(fields: readonly string[], rows: readonly FlowRow[]): string {
  let text = `${fields.join(' ')}\n`;
  for (const row of rows) text += `${flowLine(fields, row)}\n`;
  return text;
}
