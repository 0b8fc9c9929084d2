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
