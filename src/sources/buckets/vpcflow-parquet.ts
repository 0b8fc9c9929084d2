import { FormatError } from '../../core/index.ts';
import { KNOWN_FLOW_FIELDS, toSnakeCase } from '../../formats/index.ts';

/**
 * The flow fields named by a Parquet flow log's columns. AWS names the columns after the fields
 * in snake_case (`account_id`, `pkt_srcaddr`; the Athena tables for Parquet flow logs use the same
 * names), so an unknown column means the object is not a flow log.
 */
export function parquetFlowFields(columns: readonly string[], where: { bucket: string; key: string }): readonly string[] {
  const fields = columns.map(toSnakeCase);
  const unknown = fields.filter((f) => !KNOWN_FLOW_FIELDS.has(f));
  if (unknown.length > 0) {
    throw new FormatError('FORMAT_FLOW_COLUMNS', where, `the Parquet object has column(s) that are not flow log fields: ${unknown.map((u) => `'${u}'`).join(', ')}`);
  }
  return Object.freeze(fields);
}
