/**
 * Who and what appears in the demo bucket: accounts, regions, principals and addresses. The
 * addresses of people and incidents come from the documentation ranges (RFC 5737: 192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24); internal ones from 10.0.0.0/8. Only the background flow
 * clients (flows.ts) use public addresses, so the dashboard's map has data.
 */

export const DEMO_BUCKET = 'awsmon-demo-trail';
export const TRAIL_NAME = 'management-events';
export const PROD = '111122223333';
export const DEV = '444455556666';
export const DEMO_ACCOUNTS = [PROD, DEV] as const;
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** The kinds of `userIdentity` the demo writes. */
export type IdentityType = 'IAMUser' | 'AssumedRole' | 'Root' | 'AWSService';

/** A principal that makes calls: an IAM user, a role session, the root user or an AWS service. */
export interface Actor {
  type: IdentityType;
  account: string;
  /** User name, role name, or (AWSService) the service principal, e.g. `lambda.amazonaws.com`. */
  name: string;
  /** `AIDA…` for users, `AROA…` for roles, the account id for root. */
  principalId: string;
  /** Long-term key (`AKIA…`) for users calling from the CLI; sessions get `ASIA…` keys. */
  accessKeyId: string;
  /** Role session name. */
  session?: string;
  sourceIp: string;
  userAgent: string;
  /** Calls made from the console carry `sessionCredentialFromConsole`. */
  console?: boolean;
  /** The session was authenticated with MFA. */
  mfa?: boolean;
}

/** Addresses the scenarios use; see src/demo/README.md. */
export const IPS = {
  office: '203.0.113.10',
  bobHome: '203.0.113.45',
  carolHome: '203.0.113.60',
  rootAdmin: '203.0.113.77',
  ciRunner: '192.0.2.44',
  monitoring: '192.0.2.50',
  hostile: '192.0.2.200',
  bruteForce: '198.51.100.77',
  scanner: '198.51.100.23',
  sshClient: '192.0.2.99',
  exfilTarget: '203.0.113.200',
} as const;

const CLI_UA = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off';
const BOTO_UA = 'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69';
const TF_UA = 'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.152.0';
/** The browser every console user in the demo uses. */
export const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36';

/** Named principals of the demo. */
export const CAST = {
  alice: { type: 'IAMUser', account: PROD, name: 'alice', principalId: 'AIDAYRZ4EXAMPLEALICE', accessKeyId: 'AKIAYRZ4EXAMPLEALICE', sourceIp: IPS.office, userAgent: CLI_UA },
  aliceConsole: { type: 'IAMUser', account: PROD, name: 'alice', principalId: 'AIDAYRZ4EXAMPLEALICE', accessKeyId: 'ASIAYRZ4EXAMPLECONSA', sourceIp: IPS.office, userAgent: 'AWS Internal', console: true, mfa: true },
  bob: { type: 'IAMUser', account: PROD, name: 'bob', principalId: 'AIDAYRZ4EXAMPLEBOB01', accessKeyId: 'AKIAYRZ4EXAMPLEBOB01', sourceIp: IPS.bobHome, userAgent: CLI_UA },
  carol: { type: 'IAMUser', account: DEV, name: 'carol', principalId: 'AIDAQ3V7EXAMPLECAROL', accessKeyId: 'AKIAQ3V7EXAMPLECAROL', sourceIp: IPS.carolHome, userAgent: CLI_UA },
  mallory: { type: 'IAMUser', account: DEV, name: 'mallory', principalId: 'AIDAQ3V7EXAMPLEMALRY', accessKeyId: 'AKIAQ3V7EXAMPLEMALRY', sourceIp: IPS.hostile, userAgent: '<script>alert(1)</script>' },
  terraform: { type: 'AssumedRole', account: PROD, name: 'TerraformDeploy', principalId: 'AROAYRZ4EXAMPLETFDPL', accessKeyId: 'ASIAYRZ4EXAMPLETFRUN', session: 'terraform-ci-4821', sourceIp: IPS.ciRunner, userAgent: TF_UA },
} as const satisfies Record<string, Actor>;

/** The root user of an account. */
export function rootActor(account: string, sourceIp: string): Actor {
  return { type: 'Root', account, name: 'root', principalId: account, accessKeyId: '', sourceIp, userAgent: BROWSER_UA, console: true, mfa: true };
}

/** The read-only monitoring role each account lets a monitoring tool assume. */
export function monitoringActor(account: string): Actor {
  const tag = account === PROD ? 'YRZ4' : 'Q3V7';
  return { type: 'AssumedRole', account, name: 'ReadOnlyMonitoring', principalId: `AROA${tag}EXAMPLEMONIT`, accessKeyId: `ASIA${tag}EXAMPLEMONIT`, session: 'monitoring-poller', sourceIp: IPS.monitoring, userAgent: BOTO_UA };
}

/** The instance role of the application servers, calling S3 through a VPC endpoint. */
export function appActor(account: string): Actor {
  const tag = account === PROD ? 'YRZ4' : 'Q3V7';
  const ip = account === PROD ? '10.0.2.30' : '10.1.2.60';
  return { type: 'AssumedRole', account, name: 'app-server', principalId: `AROA${tag}EXAMPLEAPPSV`, accessKeyId: `ASIA${tag}EXAMPLEAPPSV`, session: account === PROD ? 'i-0a1b2c3d4e5f60001' : 'i-0d4c3b2a19f8e7d61', sourceIp: ip, userAgent: `[${BOTO_UA}]` };
}

/** An AWS service acting on its own behalf (`userIdentity.type` AWSService). */
export function serviceActor(account: string, service: string): Actor {
  return { type: 'AWSService', account, name: service, principalId: '', accessKeyId: '', sourceIp: service, userAgent: service };
}
