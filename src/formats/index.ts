/** Formats stage: decompression and record parsers, streamed, never a whole object in memory. */
export type { ParseContext } from './context.ts';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_RATIO, DEFAULT_MAX_RECORD_BYTES } from './context.ts';
export { decodeObject } from './decode.ts';
export { cloudTrailFileKind, parseCloudTrail, parseCloudTrailWithText, parseRecordArray, RECORDS_PER_BATCH } from './cloudtrail.ts';
export type { CloudTrailBatch, CloudTrailFileKind, RecordArrayDocument } from './cloudtrail.ts';
export { parseConfigItems } from './config.ts';
export { parseVpcFlow } from './vpc-flow.ts';
export type { FlowBatch } from './vpc-flow.ts';
export { DEFAULT_FLOW_FIELDS, KNOWN_FLOW_FIELDS, toSnakeCase } from './vpc-fields.ts';
export { lines, LINES_PER_BATCH } from './lines.ts';
export type { LineBatch } from './lines.ts';
export { parseElbLog, splitElbLine } from './elb.ts';
export type { ElbBatch } from './elb.ts';
export { ALB_ACCESS, ALB_CONNECTION, CLB_ACCESS, NLB_ACCESS } from './elb-fields.ts';
export type { ElbLogFormat } from './elb-fields.ts';
