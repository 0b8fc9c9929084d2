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
import { createVpcFlowEventBuilder, matchesAtTextStart, shouldDiscard } from '../../events/index.ts';
import type { DiscardRule, VpcFlowEventBuilder } from '../../events/index.ts';
import type { AwsmonEvent } from '../../core/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const FLOW_LOG_ID = /_vpcflowlogs_[a-z0-9-]+_(fl-[0-9a-zA-Z]+)_/;

async function* parse(body: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const { head, stream } = await peekStream(body, 4);
  if (isParquet(head)) yield* parseParquet(stream, ctx);
  else yield* parseText(stream, ctx);
}

async function* parseText(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  let build: VpcFlowEventBuilder | undefined;
  let discards: FlowDiscard | undefined;
  let builtFor: readonly string[] | undefined;
  for await (const { fields, rows, lines } of parseVpcFlow(text, { bucket: ctx.bucket, key: ctx.key })) {
    if (builtFor !== fields) {
      build = createVpcFlowEventBuilder(fields, ctx);
      discards = ctx.discard ? flowDiscard(fields, ctx.discard) : undefined;
      builtFor = fields;
    }
    const batch: EventBatch = new Array<EventBatch[number]>();
    for (let i = 0; i < rows.length; i++) {
      const values = rows[i]!;
      const event = build!(values, lines[i]);
      if (discards?.(values, event) === true) continue;
      batch.push(event);
    }
    if (batch.length > 0) yield batch;
  }
}

/** Whether a flow row is discarded; gets the row's values and its event. */
export type FlowDiscard = (values: readonly string[], event: AwsmonEvent) => boolean;

/**
 * The discard_regex test of the rows of one header. discard_regex applies to the record before it
 * is wrapped (Wazuh semantics): the header's fields as strings, `start`/`end` as ISO times, then
 * `source` and what awsmon adds. A plain header field other than `start`/`end` (the usual
 * `action`, `srcaddr`, `dstport`, ...) is tested on the row's value itself, so the message is not
 * built for every row just to be tested; any other field goes through the record.
 */
export function flowDiscard(fields: readonly string[], rule: DiscardRule): FlowDiscard {
  const field = rule.field;
  const at = field === undefined ? -1 : fields.indexOf(field);
  if (at >= 0 && field !== 'start' && field !== 'end') {
    return (values) => matchesAtTextStart(values[at]!, rule.regex);
  }
  return (_values, event) => shouldDiscard(recordOf(event.message['aws']), rule);
}

/** Parquet flow logs: the columns are the fields (snake_case); each row arrives as the line the text format would hold (`-` for a null). */
async function* parseParquet(body: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  let build: VpcFlowEventBuilder | undefined;
  let discards: FlowDiscard | undefined;
  let fields: readonly string[] | undefined;
  const where = { bucket: ctx.bucket, key: ctx.key };
  for await (const { columns, lines, firstRow } of parquetLines(body, where)) {
    fields ??= parquetFlowFields(columns, where);
    build ??= createVpcFlowEventBuilder(fields, ctx);
    if (ctx.discard) discards ??= flowDiscard(fields, ctx.discard);
    const batch: EventBatch = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const values = line.split(' ');
      if (values.length !== fields.length) {
        throw new FormatError('FORMAT_FLOW_COLUMNS', { ...where, record: firstRow + i }, `a value holds a space, so the row does not read as ${fields.length} flow log fields`);
      }
      const event = build(values, line);
      if (discards?.(values, event) === true) continue;
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
