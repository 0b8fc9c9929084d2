/** Object sources (S3 buckets, local folders) and the AWS client configuration they share. */
export { awsClientConfig, createRequestHandler, DEFAULT_MAX_ATTEMPTS } from './aws-client.ts';
export type { AwsClientConfig, AwsClientOptions } from './aws-client.ts';
export { createS3Source } from './s3-source.ts';
export type { S3SourceOptions } from './s3-source.ts';
export { createLocalSource } from './local-source.ts';
export type { LocalSourceOptions } from './local-source.ts';
export { describeFlowLogs } from './flow-logs.ts';
export type { FlowLogDetails } from './flow-logs.ts';
export { toSourceError, AssumeRoleFailure } from './source-error.ts';
export { createLogsReader } from './services/cloudwatch-logs.ts';
export type { LogsReader, LogEventRecord } from './services/cloudwatch-logs.ts';
export { createFindingsReader } from './services/inspector.ts';
export type { FindingsReader } from './services/inspector.ts';
export { callerAccount } from './services/caller-account.ts';
export { isResourceNotFound, serviceError } from './services/service-error.ts';
export { partitionRegion, profileRegion } from './aws-client.ts';
