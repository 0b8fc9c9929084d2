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
export { JSON_OBJECTS_PER_BATCH, parseJsonObjects, peekFirstChar } from './json-stream.ts';
export type { JsonObjectBatch } from './json-stream.ts';
export { parseCsv, splitCsvRecord } from './csv.ts';
export type { CsvBatch } from './csv.ts';
export { parseServerAccess, SERVER_ACCESS_FIELDS, splitServerAccessRecord } from './server-access.ts';
export type { ServerAccessBatch } from './server-access.ts';
