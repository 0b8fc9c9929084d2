/** Formats stage: decompression and record parsers, streamed, never a whole object in memory. */
export type { ParseContext } from './context.ts';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_RATIO, DEFAULT_MAX_RECORD_BYTES } from './context.ts';
export { decodeObject } from './decode.ts';
export { cloudTrailFileKind, parseCloudTrail, parseCloudTrailWithText, RECORDS_PER_BATCH } from './cloudtrail.ts';
export type { CloudTrailBatch, CloudTrailFileKind } from './cloudtrail.ts';
export { parseVpcFlow } from './vpc-flow.ts';
export type { FlowBatch } from './vpc-flow.ts';
export { DEFAULT_FLOW_FIELDS, KNOWN_FLOW_FIELDS, toSnakeCase } from './vpc-fields.ts';
export { lines, LINES_PER_BATCH } from './lines.ts';
export type { LineBatch } from './lines.ts';
export { isParquet, parquetJsonRows, parquetLines, PARQUET_MAGIC } from './parquet.ts';
export type { ParquetJsonBatch, ParquetLineBatch } from './parquet.ts';
export { peekStream } from './peek.ts';
export { jsonObjects, OBJECTS_PER_BATCH } from './json-values.ts';
export type { JsonObjectBatch } from './json-values.ts';
export { csvRows, sniffDelimiter } from './csv.ts';
export type { CsvBatch } from './csv.ts';
