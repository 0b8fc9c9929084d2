/**
 * VPC flow logs delivered to S3: a header line naming the fields, then one record per line; or,
 * with the Parquet file format, one row per record with a column per field.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { isParquet, parquetLines, parseVpcFlow, peekStream } from '../../formats/index.ts';
import { FormatError } from '../../core/index.ts';
import { parquetFlowFields } from './vpcflow-parquet.ts';
import { createVpcFlowEventBuilder, shouldDiscard } from '../../events/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const FLOW_LOG_ID = /_vpcflowlogs_[a-z0-9-]+_(fl-[0-9a-zA-Z]+)_/;

async function* parse(body: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const { head, stream } = await peekStream(body, 4);
  if (isParquet(head)) yield* parseParquet(stream, ctx);
  else yield* parseText(stream, ctx);
}

async function* parseText(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  let build: ReturnType<typeof createVpcFlowEventBuilder> | undefined;
  let builtFor: readonly string[] | undefined;
  for await (const { fields, rows, lines } of parseVpcFlow(text, { bucket: ctx.bucket, key: ctx.key })) {
    if (builtFor !== fields) {
      build = createVpcFlowEventBuilder(fields, ctx);
      builtFor = fields;
    }
    const batch: EventBatch = new Array<EventBatch[number]>();
    for (let i = 0; i < rows.length; i++) {
      const event = build!(rows[i]!, lines[i]);
      // discard_regex applies to the record before it is wrapped (Wazuh semantics).
      if (ctx.discard && shouldDiscard(recordOf(event.message.aws), ctx.discard)) continue;
      batch.push(event);
    }
    if (batch.length > 0) yield batch;
  }
}

/** Parquet flow logs: the columns are the fields (snake_case); each row arrives as the line the text format would hold (`-` for a null). */
async function* parseParquet(body: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  let build: ReturnType<typeof createVpcFlowEventBuilder> | undefined;
  let fields: readonly string[] | undefined;
  const where = { bucket: ctx.bucket, key: ctx.key };
  for await (const { columns, lines, firstRow } of parquetLines(body, where)) {
    fields ??= parquetFlowFields(columns, where);
    build ??= createVpcFlowEventBuilder(fields, ctx);
    const batch: EventBatch = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const values = line.split(' ');
      if (values.length !== fields.length) {
        throw new FormatError('FORMAT_FLOW_COLUMNS', { ...where, record: firstRow + i }, `a value holds a space, so the row does not read as ${fields.length} flow log fields`);
      }
      const event = build(values, line);
      if (ctx.discard && shouldDiscard(recordOf(event.message.aws), ctx.discard)) continue;
      batch.push(event);
    }
    if (batch.length > 0) yield batch;
  }
}

function recordOf(aws: Record<string, unknown>): Record<string, unknown> {
  const { log_info: _logInfo, ...record } = aws;
  return record;
}

/**
 * VPC flow logs under `AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]`, or with
 * Hive-compatible prefixes under `AWSLogs/aws-account-id=<acct>/aws-service=vpcflowlogs/
 * aws-region=<region>/year=YYYY/month=MM/day=DD/[hour=HH/]`; the flow-log id comes from the key.
 */
export const vpcFlowHandler: AwsLogsTypeHandler = {
  serviceFolder: 'vpcflowlogs',
  hiveService: 'vpcflowlogs',
  accepts: (key) => FLOW_LOG_ID.test(key),
  subScope: (key) => FLOW_LOG_ID.exec(key)?.[1],
  parse,
};
