/**
 * VPC flow logs delivered to S3: a header line naming the fields, then one record per line.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { parseVpcFlow } from '../../formats/index.ts';
import { createVpcFlowEventBuilder, shouldDiscard } from '../../events/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const FLOW_LOG_ID = /_vpcflowlogs_[a-z0-9-]+_(fl-[0-9a-zA-Z]+)_/;

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
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
