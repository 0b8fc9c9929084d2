/**
 * Background CloudTrail activity: the routine calls that make up most of a real trail (pollers
 * describing resources, services assuming roles, S3 object reads, KMS decrypts), with a diurnal
 * rate so the dashboard's timelines have a shape.
 */
import { appActor, CAST, monitoringActor, PROD, serviceActor, type Actor } from './cast.ts';
import { apiCallRecord, type ApiCallSpec, type CloudTrailRecord } from './cloudtrail-records.ts';
import { awsDisplayDate, HOUR } from './layout.ts';
import type { Rng } from './prng.ts';

interface Context {
  account: string;
  region: string;
  time: number;
}

type Activity = (rng: Rng, ctx: Context) => ApiCallSpec;

const isProd = (account: string): boolean => account === PROD;
const assetsBucket = (account: string): string => (isProd(account) ? 'acme-prod-assets' : 'acme-dev-artifacts');
const FUNCTIONS = ['order-events-consumer', 'thumbnail-resizer', 'nightly-report'];
const KMS_KEYS: Record<string, string> = { [PROD]: '7c2f1a4e-5b3d-4e8f-9a61-2d0c8b7e5f13', '444455556666': 'b81d6e2a-0f4c-4a7b-8e35-9c1d2f6a4b70' };

const describeCall = (name: string, requestParameters: Record<string, unknown>): Activity => (_rng, ctx) => ({
  actor: monitoringActor(ctx.account), time: ctx.time, region: ctx.region, source: 'ec2.amazonaws.com', name, requestParameters,
});

const monitoringCalls: Activity[] = [
  describeCall('DescribeInstances', { instancesSet: {}, filterSet: {} }),
  describeCall('DescribeSecurityGroups', { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }),
  describeCall('DescribeVolumes', { volumeSet: {}, filterSet: {}, maxResults: 500 }),
  describeCall('DescribeVpcs', { vpcSet: {}, filterSet: {} }),
  (_rng, ctx) => ({ actor: monitoringActor(ctx.account), time: ctx.time, region: ctx.region, source: 'monitoring.amazonaws.com', name: 'ListMetrics', requestParameters: { namespace: 'AWS/EC2' } }),
  (_rng, ctx) => ({ actor: monitoringActor(ctx.account), time: ctx.time, region: ctx.region, source: 'logs.amazonaws.com', name: 'DescribeLogGroups', requestParameters: { limit: 50 } }),
];

function iamRead(rng: Rng, ctx: Context): ApiCallSpec {
  // IAM is a global service: CloudTrail records it in us-east-1.
  const name = rng.pick(['ListRoles', 'ListUsers', 'GetAccountSummary', 'ListPolicies']);
  const requestParameters = name === 'GetAccountSummary' ? null : name === 'ListPolicies' ? { scope: 'Local', onlyAttached: false } : { maxItems: 100 };
  return { actor: monitoringActor(ctx.account), time: ctx.time, region: 'us-east-1', source: 'iam.amazonaws.com', name, requestParameters };
}

function serviceAssumeRole(rng: Rng, ctx: Context): ApiCallSpec {
  const service = rng.pick(['lambda.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
  const session = service.startsWith('lambda') ? rng.pick(FUNCTIONS) : `ecs-task-${rng.hex(8)}`;
  const role = service.startsWith('lambda') ? `${session}-role` : 'ecsTaskExecutionRole';
  const roleArn = `arn:aws:iam::${ctx.account}:role/${role}`;
  const roleId = `AROA${isProd(ctx.account) ? 'YRZ4' : 'Q3V7'}${rng.upperAlnum(12)}`;
  return {
    actor: serviceActor(ctx.account, service), time: ctx.time, region: ctx.region, source: 'sts.amazonaws.com', name: 'AssumeRole', readOnly: true,
    requestParameters: { roleArn, roleSessionName: session },
    responseElements: {
      credentials: { accessKeyId: `ASIA${rng.upperAlnum(16)}`, sessionToken: rng.alnum(96), expiration: awsDisplayDate(ctx.time + 12 * HOUR) },
      assumedRoleUser: { assumedRoleId: `${roleId}:${session}`, arn: `arn:aws:sts::${ctx.account}:assumed-role/${role}/${session}` },
    },
    resources: [{ accountId: ctx.account, type: 'AWS::IAM::Role', ARN: roleArn }],
  };
}

function s3GetObject(rng: Rng, ctx: Context): ApiCallSpec {
  const bucket = assetsBucket(ctx.account);
  const key = `${rng.pick(['images', 'exports', 'static/js', 'reports'])}/${rng.hex(12)}.${rng.pick(['jpg', 'json', 'js', 'csv'])}`;
  return {
    actor: appActor(ctx.account), time: ctx.time, region: ctx.region, source: 's3.amazonaws.com', name: 'GetObject', category: 'Data', readOnly: true,
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${ctx.region}.amazonaws.com`, key },
    additionalEventData: {
      SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': rng.alnum(76), bytesTransferredOut: rng.int(800, 2_500_000),
    },
    requestID: rng.upperAlnum(16),
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }, { accountId: ctx.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
    vpcEndpointId: isProd(ctx.account) ? 'vpce-0a7f3c9e2b1d45680' : 'vpce-05e8d2c4a6b1f3907',
  };
}

function kmsDecrypt(rng: Rng, ctx: Context): ApiCallSpec {
  const fn = rng.pick(FUNCTIONS);
  return {
    actor: serviceActor(ctx.account, rng.pick(['lambda.amazonaws.com', 'secretsmanager.amazonaws.com'])), time: ctx.time, region: ctx.region,
    source: 'kms.amazonaws.com', name: 'Decrypt',
    requestParameters: { encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${fn}` }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: [{ accountId: ctx.account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${ctx.region}:${ctx.account}:key/${KMS_KEYS[ctx.account] ?? ''}` }],
  };
}

function consoleBrowse(rng: Rng, ctx: Context): ApiCallSpec {
  const actor: Actor = isProd(ctx.account) ? CAST.aliceConsole : { ...CAST.carol, accessKeyId: 'ASIAQ3V7EXAMPLECONSC', userAgent: 'AWS Internal', console: true, mfa: true };
  const calls = [
    ['ec2.amazonaws.com', 'DescribeInstances', { maxResults: 1000, instancesSet: {}, filterSet: {} }],
    ['monitoring.amazonaws.com', 'DescribeAlarms', { maxRecords: 100 }],
    ['ec2.amazonaws.com', 'DescribeSecurityGroups', { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }],
    // ListBuckets is a global call: CloudTrail records it in us-east-1.
    ...(ctx.region === 'us-east-1' ? [['s3.amazonaws.com', 'ListBuckets', { Host: 's3.amazonaws.com' }] as const] : []),
  ] as const;
  const [source, name, requestParameters] = rng.pick(calls);
  return { actor, time: ctx.time, region: ctx.region, source, name, requestParameters };
}

function ciIdentity(_rng: Rng, ctx: Context): ApiCallSpec {
  return { actor: CAST.terraform, time: ctx.time, region: ctx.region, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true };
}

/** Mean records per 5-minute window, by account and region, at the busiest hour. */
const RATE: Record<string, number> = { [`${PROD}/us-east-1`]: 8, [`${PROD}/eu-west-1`]: 4, '444455556666/us-east-1': 4, '444455556666/eu-west-1': 3 };

/** Activity level by hour of day (UTC): 0.2 at night, 1 around 14:00. */
export function diurnal(time: number): number {
  const hour = (time % (24 * HOUR)) / HOUR;
  return 0.2 + 0.8 * Math.exp(-((hour - 14) ** 2) / 32);
}

/** The routine records of one account and region in the window starting at `start`. */
export function backgroundRecords(rng: Rng, account: string, region: string, start: number, length: number): CloudTrailRecord[] {
  const count = rng.poisson((RATE[`${account}/${region}`] ?? 2) * diurnal(start));
  const times = Array.from({ length: count }, () => start + rng.int(0, length / 1000 - 1) * 1000).sort((a, b) => a - b);
  const hour = new Date(start).getUTCHours();
  return times.map((time) => {
    const ctx = { account, region, time };
    const roll = rng.int(1, 100);
    let activity: Activity;
    if (roll <= 30) activity = rng.pick(monitoringCalls);
    else if (roll <= 45) activity = serviceAssumeRole;
    else if (roll <= 65) activity = s3GetObject;
    else if (roll <= 77) activity = kmsDecrypt;
    else if (roll <= 85 && region === 'us-east-1') activity = iamRead;
    else if (roll <= 95 && hour >= 8 && hour < 18) activity = consoleBrowse;
    else if (isProd(account)) activity = ciIdentity;
    else activity = rng.pick(monitoringCalls);
    return apiCallRecord(rng, activity(rng, ctx));
  });
}

