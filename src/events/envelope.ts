import type { LogInfo, WazuhMessage } from '../core/index.ts';

/** Where a record came from: the object, its account and region, and optional enrichment. */
export interface EventContext {
  bucket: string;
  key: string;
  /** `aws_account_alias` of `log_info`: the bucket's configured alias, '' when none. */
  accountAlias: string;
  /** The account of the `AWSLogs/<account>/` folder, sent as `aws.aws_account_id`. */
  accountId?: string;
  region?: string;
  /** The flow log id (from the key), added to VPC events as `flow_log_id`. */
  flowLogId?: string;
  /** Extra fields about the flow log's resource from ec2:DescribeFlowLogs, e.g. `{resource_id, traffic_type}`. */
  flowLogResource?: Record<string, string>;
}

/** `aws.log_info` as Wazuh builds it: alias, then key, then bucket. */
export function logInfo(ctx: EventContext): LogInfo {
  return { aws_account_alias: ctx.accountAlias, log_file: ctx.key, s3bucket: ctx.bucket };
}

/**
 * The message Wazuh sends for an object it could not read under `skip_on_error`:
 * `{"integration":"aws","aws":{"log_info":{...},"aws_account_id":...},"error_msg":"..."}`
 * (AWSLogs buckets add `aws_account_id` to every message, error messages included).
 */
export function errorMessage(ctx: EventContext, errorMsg: string): WazuhMessage {
  const aws: WazuhMessage['aws'] = { log_info: logInfo(ctx) };
  if (ctx.accountId !== undefined) aws['aws_account_id'] = ctx.accountId;
  return { integration: 'aws', aws, error_msg: errorMsg };
}
