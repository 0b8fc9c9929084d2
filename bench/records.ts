/**
 * Benchmark record mixes built from the demo's record builders (src/demo): a CloudTrail mix of
 * ~1-2 KB records (pollers, role assumptions with session tokens, S3 data events, KMS, console
 * sign-ins, denied calls) and VPC flow lines in the default (version 2) format.
 */
import {
  apiCallRecord, CAST, consoleLoginRecord, flowLine, rootActor, serviceActor, V2_FIELDS,
  type ApiCallSpec, type CloudTrailRecord, type Rng,
} from '../src/demo/index.ts';

/** The one account the benchmarks' data belongs to (the demo's production account). */
export const BENCH_ACCOUNT = CAST.alice.account;
/** The two regions of the CloudTrail data. */
export const BENCH_REGIONS = ['us-east-1', 'eu-west-1'] as const;

const FUNCTIONS = ['order-events-consumer', 'thumbnail-resizer', 'nightly-report', 'invoice-mailer'];
const DESCRIBES: [string, string, Record<string, unknown>][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: { items: [{ name: 'instance-state-name', valueSet: { items: [{ value: 'running' }] } }] } }],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }],
  ['ec2.amazonaws.com', 'DescribeVolumes', { volumeSet: {}, filterSet: {}, maxResults: 500 }],
  ['monitoring.amazonaws.com', 'DescribeAlarms', { maxRecords: 100 }],
  ['logs.amazonaws.com', 'DescribeLogGroups', { limit: 50 }],
  ['iam.amazonaws.com', 'ListRoles', { maxItems: 100 }],
];

function assumeRole(rng: Rng, account: string, region: string, time: number): ApiCallSpec {
  const session = rng.pick(FUNCTIONS);
  const roleArn = `arn:aws:iam::${account}:role/${session}-role`;
  return {
    actor: serviceActor(account, 'lambda.amazonaws.com'), time, region, source: 'sts.amazonaws.com', name: 'AssumeRole', readOnly: true,
    requestParameters: { roleArn, roleSessionName: session, durationSeconds: 3600 },
    responseElements: {
      // Real session tokens are several hundred characters; they dominate this record's size.
      credentials: { accessKeyId: `ASIA${rng.upperAlnum(16)}`, sessionToken: rng.alnum(600), expiration: new Date(time + 3_600_000).toUTCString() },
      assumedRoleUser: { assumedRoleId: `AROAYRZ4${rng.upperAlnum(12)}:${session}`, arn: `arn:aws:sts::${account}:assumed-role/${session}-role/${session}` },
    },
    resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: roleArn }],
  };
}

function s3Read(rng: Rng, account: string, region: string, time: number): ApiCallSpec {
  const bucket = 'acme-prod-assets';
  const key = `${rng.pick(['images', 'exports', 'static/js', 'reports'])}/${rng.hex(16)}.${rng.pick(['jpg', 'json', 'js', 'csv'])}`;
  return {
    actor: CAST.terraform, time, region, source: 's3.amazonaws.com', name: rng.pick(['GetObject', 'GetObject', 'PutObject', 'HeadObject']), category: 'Data',
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, key },
    additionalEventData: {
      SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': rng.alnum(76), bytesTransferredOut: rng.int(800, 2_500_000),
    },
    requestID: rng.upperAlnum(16),
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }, { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
    vpcEndpointId: 'vpce-0a7f3c9e2b1d45680',
  };
}

function kmsDecrypt(rng: Rng, account: string, region: string, time: number): ApiCallSpec {
  const fn = rng.pick(FUNCTIONS);
  return {
    actor: serviceActor(account, 'lambda.amazonaws.com'), time, region, source: 'kms.amazonaws.com', name: 'Decrypt',
    requestParameters: { encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${region}:${account}:function:${fn}` }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${region}:${account}:key/7c2f1a4e-5b3d-4e8f-9a61-2d0c8b7e5f13` }],
  };
}

/**
 * One CloudTrail record of the benchmark mix, at `time` (epoch ms) in `region` (per 1,000):
 * 370 read-only pollers (Describe/List), 200 role assumptions, 250 S3 data events, 150 KMS
 * decrypts, 10 console sign-ins (1 in 10 failed, 1 in 10 by root) and 20 denied IAM/S3 policy
 * changes. Sign-ins and denied calls are rare in real trails next to service traffic.
 */
export function cloudTrailMixRecord(rng: Rng, region: string, time: number): CloudTrailRecord {
  const account = BENCH_ACCOUNT;
  const roll = rng.int(1, 1000);
  if (roll <= 370) {
    const [source, name, requestParameters] = rng.pick(DESCRIBES);
    return apiCallRecord(rng, { actor: rng.chance(0.5) ? CAST.terraform : CAST.alice, time, region, source, name, requestParameters });
  }
  if (roll <= 570) return apiCallRecord(rng, assumeRole(rng, account, region, time));
  if (roll <= 820) return apiCallRecord(rng, s3Read(rng, account, region, time));
  if (roll <= 970) return apiCallRecord(rng, kmsDecrypt(rng, account, region, time));
  if (roll <= 980) {
    return consoleLoginRecord(rng, { actor: rng.chance(0.1) ? rootActor(account, '203.0.113.77') : CAST.alice, time, success: rng.chance(0.9) });
  }
  return apiCallRecord(rng, {
    actor: CAST.bob, time, region, source: 'iam.amazonaws.com', name: rng.pick(['CreateAccessKey', 'AttachUserPolicy', 'PutBucketPolicy']),
    requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, readOnly: false,
    errorCode: 'AccessDenied', errorMessage: `User: arn:aws:iam::${account}:user/bob is not authorized to perform this action`,
  });
}

const EXTERNAL = ['192.0.2', '198.51.100', '203.0.113', '100.24.17', '52.94.133'];
const ENIS = Array.from({ length: 24 }, (_, i) => ({ id: `eni-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`, ip: `10.0.${i >> 3}.${10 + (i & 7)}` }));
/** The tiers of the mix: internet-facing web servers, application servers, the database, the SSH bastion. */
const WEB = ENIS.slice(0, 8);
const APP = ENIS.slice(8, 20);
const DB = ENIS.slice(20, 23);
const BASTION = ENIS[23]!;
const PROBED = [22, 23, 445, 1433, 3389, 5900, 6379, 8080];
/** Internet sources that sweep many ports (what the port-scan rules are for). */
const SCANNERS = ['198.51.100.66', '203.0.113.99', '192.0.2.201'];
/** APIs and package mirrors the servers call out to on 443, and the few addresses backups are uploaded to. */
const EGRESS = ['52.94.133.131', '52.94.133.140', '100.24.17.8', '198.51.100.150', '203.0.113.150'];
const BACKUP = ['52.94.133.200', '52.94.133.201', '52.94.133.202', '52.94.133.203'];

/** The two records of one accepted TCP conversation seen on an interface: client → server, or the reply. */
function tcp(rng: Rng, client: string, clientPort: number, server: string, serverPort: number, packets: number, bytes: number): (string | number)[] {
  return rng.chance(0.5) ? [client, server, clientPort, serverPort, 6, packets, bytes, 'ACCEPT'] : [server, client, serverPort, clientPort, 6, packets, bytes, 'ACCEPT'];
}

/**
 * One default-format (version 2) flow record line, as the flow log of an internet-facing
 * three-tier VPC records it (per 1,000 records): 20 NODATA/SKIPDATA records with `-` fields; 150
 * rejected connection attempts from the internet (148 knocking on the ports scanners try, 2 from
 * three scanners sweeping ports 1-10000); 100 DNS/NTP queries to the VPC resolver and the
 * instance metadata service; 30 ICMP from the internet; and 700 accepted TCP records, each
 * conversation seen in either direction: 400 internet clients on the web tier's 443/80, 150 egress
 * from the application tier to APIs on 443 (1 in 50 of them an upload of 10-60 MB to one of four
 * backup addresses), 120 application-to-database on 5432, 30 SSH from the bastion to the other
 * servers. One record in 10,000 is an SSH session from the internet accepted by the bastion.
 * Private-to-private traffic never reaches the remote-access rules; the internet-facing accepted
 * records are tested by them and match none (clients on 443/80, or reply records from port 443).
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 */
export function flowMixLine(rng: Rng, windowStart: number): string {
  const start = windowStart + rng.int(0, 539);
  const end = start + rng.int(1, 60);
  const roll = rng.int(1, 1000);
  if (roll <= 20) return flowLine(V2_FIELDS, [2, BENCH_ACCOUNT, rng.pick(ENIS).id, '-', '-', '-', '-', '-', '-', '-', start, end, '-', roll <= 18 ? 'NODATA' : 'SKIPDATA']);
  const remote = `${rng.pick(EXTERNAL)}.${rng.int(1, 254)}`;
  const ephemeral = rng.int(32768, 60999);
  let eni = rng.pick(WEB);
  let row: (string | number)[];
  if (rng.chance(0.0001)) {
    eni = BASTION;
    row = tcp(rng, remote, ephemeral, eni.ip, 22, rng.int(20, 2000), rng.int(20, 2000) * rng.int(60, 400));
  } else if (roll <= 168) {
    const packets = rng.int(1, 3);
    row = [remote, eni.ip, ephemeral, rng.pick(PROBED), 6, packets, packets * rng.int(40, 60), 'REJECT'];
  } else if (roll <= 170) {
    row = [rng.pick(SCANNERS), eni.ip, ephemeral, rng.int(1, 10_000), 6, 1, 44, 'REJECT'];
  } else if (roll <= 270) {
    eni = rng.pick(ENIS);
    const packets = rng.int(1, 4);
    row = [eni.ip, rng.chance(0.5) ? '10.0.0.2' : `169.254.169.${rng.int(120, 125)}`, ephemeral, rng.chance(0.8) ? 53 : 123, 17, packets, packets * rng.int(60, 120), 'ACCEPT'];
  } else if (roll <= 300) {
    const packets = rng.int(1, 10);
    row = [remote, eni.ip, 0, 0, 1, packets, packets * 84, rng.chance(0.7) ? 'ACCEPT' : 'REJECT'];
  } else if (roll <= 700) {
    const packets = rng.int(2, 4000);
    row = tcp(rng, remote, ephemeral, eni.ip, rng.chance(0.8) ? 443 : 80, packets, packets * rng.int(52, 1448));
  } else if (roll <= 850) {
    eni = rng.pick(APP);
    if (rng.chance(0.02)) {
      const bytes = rng.int(10_000_000, 60_000_000);
      row = [eni.ip, rng.pick(BACKUP), ephemeral, 443, 6, Math.ceil(bytes / 1448), bytes, 'ACCEPT'];
    } else {
      const packets = rng.int(6, 400);
      row = tcp(rng, eni.ip, ephemeral, rng.pick(EGRESS), 443, packets, packets * rng.int(90, 1448));
    }
  } else if (roll <= 970) {
    const app = rng.pick(APP);
    const db = rng.pick(DB);
    eni = rng.chance(0.5) ? app : db;
    const packets = rng.int(10, 400);
    row = tcp(rng, app.ip, ephemeral, db.ip, 5432, packets, packets * rng.int(100, 1400));
  } else {
    const to = rng.pick([...APP, ...DB]);
    eni = rng.chance(0.5) ? BASTION : to;
    const packets = rng.int(20, 2000);
    row = tcp(rng, BASTION.ip, ephemeral, to.ip, 22, packets, packets * rng.int(60, 400));
  }
  const [src, dst, sport, dport, proto, packets, bytes, action] = row;
  return flowLine(V2_FIELDS, [2, BENCH_ACCOUNT, eni.id, src!, dst!, sport!, dport!, proto!, packets!, bytes!, start, end, action!, 'OK']);
}

/** The header line of default-format flow logs. */
export const FLOW_HEADER = V2_FIELDS.join(' ');
