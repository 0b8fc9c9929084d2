/**
 * Events exactly as awsmon builds them: CloudTrail records and VPC flow rows go through the
 * events stage's own builders (one-element lists unwrapped, nulls dropped, source_ip_address,
 * flow fields snake_case with ISO start/end); the other bucket types get Wazuh's reformat and
 * envelope (`{"integration":"aws","aws":{"log_info":{...}, ...record, "source":...}}`).
 */
import { apiCallRecord, CAST, cloudTrailKey, consoleLoginRecord, createRng, rootActor, vpcFlowKey, type Actor, type ApiCallSpec, type CloudTrailRecord } from '../../src/demo/index.ts';
import { cloudTrailMessage, createVpcFlowEventBuilder, reformat } from '../../src/events/index.ts';

/** A message as the engine receives it. */
export type Message = Record<string, unknown>;

/** 2024-05-02 10:00:00 UTC: the time the cases are set at. */
export const T0 = Date.UTC(2024, 4, 2, 10, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const ACCOUNT = '111122223333';
export const TRAIL_BUCKET = 'acme-cloudtrail';

const rng = createRng(20240502, 'ruleset-cases');

/** The Wazuh message of a CloudTrail record, delivered in the trail file of its time and region. */
export function trailMessage(record: CloudTrailRecord): Message {
  const time = Date.parse(record.eventTime);
  const region = record.awsRegion;
  const account = record.recipientAccountId;
  const key = cloudTrailKey(account, region, time - (time % (5 * MINUTE)), 'Kc3x9QmT2bV7wZ1p');
  return cloudTrailMessage(record as unknown as Record<string, unknown>, { bucket: TRAIL_BUCKET, key, accountAlias: '', accountId: account, region }) as unknown as Message;
}

/** What an API call needs beyond its name and service; the actor defaults to alice (IAM user, aws-cli). */
export interface CallSpec extends Partial<Omit<ApiCallSpec, 'name' | 'source'>> {
  name: string;
  source: string;
  /** Milliseconds after T0. */
  at?: number;
}

/** An API call record's message. */
export function call(spec: CallSpec): Message {
  const { at = 0, ...rest } = spec;
  return trailMessage(apiCallRecord(rng, { actor: CAST.alice, region: 'us-east-1', time: T0 + at, ...rest }));
}

/** A `ConsoleLogin` record's message. */
export function login(options: { actor?: Actor; success: boolean; mfa?: boolean; sourceIp?: string; at?: number }): Message {
  const { actor = CAST.aliceConsole, at = 0, ...rest } = options;
  return trailMessage(consoleLoginRecord(rng, { actor, time: T0 + at, ...rest }));
}

/** The root user of the case account. */
export const ROOT: Actor = rootActor(ACCOUNT, '203.0.113.77');
/** Bob signing in to the console (a console sign-in carries no access key). */
export const BOB_CONSOLE: Actor = { ...CAST.bob, accessKeyId: '', userAgent: 'AWS Internal', console: true, mfa: false };
/** An attacker with stolen long-term keys of the deploy user. */
export const INTRUDER: Actor = { type: 'IAMUser', account: ACCOUNT, name: 'deploy', principalId: 'AIDAYRZ4EXAMPLEDEPLY', accessKeyId: 'AKIAYRZ4EXAMPLEDEPLY', sourceIp: '198.51.100.66', userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off' };

const FLOW_FIELDS = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'];
const FLOW_LOG_ID = 'fl-0a1b2c3d4e5f60718';
const flowBuilder = createVpcFlowEventBuilder(FLOW_FIELDS, {
  bucket: 'acme-flow-logs', key: vpcFlowKey(ACCOUNT, 'us-east-1', FLOW_LOG_ID, T0, '7c1e9a04'), accountAlias: '', accountId: ACCOUNT, region: 'us-east-1', flowLogId: FLOW_LOG_ID,
});

/** One default-format (version 2) flow record. */
export interface FlowSpec {
  src: string;
  dst: string;
  srcPort: number | '-';
  dstPort: number | '-';
  action: 'ACCEPT' | 'REJECT' | '-';
  logStatus?: string;
  protocol?: number | '-';
  packets?: number | '-';
  bytes?: number | '-';
  /** Milliseconds after T0 (the flow's start; it lasts 30 s). */
  at?: number;
  eni?: string;
}

/** A VPC flow record's message. */
export function flow(spec: FlowSpec): Message {
  const start = Math.floor((T0 + (spec.at ?? 0)) / 1000);
  const values = ['2', ACCOUNT, spec.eni ?? 'eni-0a1b2c3d4e5f60101', spec.src, spec.dst, spec.srcPort, spec.dstPort, spec.protocol ?? 6, spec.packets ?? 10, spec.bytes ?? 840, start, start + 30, spec.action, spec.logStatus ?? 'OK'].map(String);
  return flowBuilder(values).message as unknown as Message;
}

/** A message of another bucket type: Wazuh's reformat of the record inside the envelope. */
export function bucketMessage(source: string, record: Record<string, unknown>, key: string, bucket: string): Message {
  return { integration: 'aws', aws: { log_info: { aws_account_alias: '', log_file: key, s3bucket: bucket }, ...reformat(record), source } };
}

/** ISO-8601 with milliseconds, as AWS services write times. */
export function iso(at: number): string {
  return new Date(T0 + at).toISOString();
}
