import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { CreateFlowLogsCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { AuthOptions } from '../../src/config/types.ts';
import { createLogger, errorCode, SourceError } from '../../src/core/index.ts';
import { awsClientConfig, createS3Source, describeFlowLogs } from '../../src/sources/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { always, ec2Error, startFaultProxy, stsError } from '../helpers/fault-proxy.ts';
import type { FaultPlan, FaultProxy } from '../helpers/fault-proxy.ts';

// A region other test files are unlikely to use, since moto's state is shared by all of them.
const REGION = 'ap-southeast-3';

async function proxy(t: TestContext, endpoint: string, plan?: FaultPlan): Promise<FaultProxy> {
  const p = await startFaultProxy(endpoint, plan);
  t.after(() => p.close());
  return p;
}

/** A logger whose JSON lines are kept in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

test('describeFlowLogs maps every flow log of the region to its details', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('flowlogs');
  await seedBucket(endpoint, bucket, []);
  const auth = motoAuth(endpoint);
  const ec2 = new EC2Client(awsClientConfig(auth, { service: 'ec2', region: REGION }));
  t.after(() => ec2.destroy());
  const vpcs = await Promise.all([0, 1].map((i) => ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }))));
  const created = await ec2.send(new CreateFlowLogsCommand({
    ResourceIds: vpcs.map((v) => v.Vpc!.VpcId!), ResourceType: 'VPC', TrafficType: 'REJECT',
    LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${bucket}`, // moto takes a key prefix after the bucket for part of its name
    LogFormat: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr}',
  }));
  const ids = created.FlowLogIds ?? [];
  assert.equal(ids.length, 2);

  const details = await describeFlowLogs(auth, REGION);
  assert.ok(details);
  ids.forEach((id, i) => {
    assert.deepEqual(details.get(id), {
      resource_id: vpcs[i]!.Vpc!.VpcId,
      traffic_type: 'REJECT',
      log_format: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr}',
      log_destination: `arn:aws:s3:::${bucket}`,
    });
  });
});

test('describeFlowLogs returns undefined and warns once when denied', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const p = await proxy(t, endpoint, always(ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.')));
  const { logger, lines } = capturingLogger();
  assert.equal(await describeFlowLogs(motoAuth(p.endpoint), REGION, logger), undefined);
  assert.equal(p.requests.length, 1);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.equal(lines[0]!.level, 40);
  assert.equal(lines[0]!.code, 'SOURCE_ACCESS_DENIED');
  assert.equal(lines[0]!.region, REGION);
  assert.match(String(lines[0]!.msg), /^flow logs of region 'ap-southeast-3' cannot be described, records are read without flow-log details: access denied \(UnauthorizedOperation \(HTTP 403\)\): You are not authorized to perform this operation\.; check that the IAM policy allows the request$/);
  assert.ok(!JSON.stringify(lines).includes('testing'), 'no credentials in the log');
});

test('a role that cannot be assumed is SOURCE_CREDENTIALS naming the role', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('denied-role');
  await seedBucket(endpoint, bucket, [{ key: 'k', body: 'v' }]);
  const sts = await proxy(t, endpoint, always(stsError(403, 'AccessDenied', 'User is not authorized to perform: sts:AssumeRole')));
  const auth: AuthOptions = { ...motoAuth(endpoint), iamRoleArn: 'arn:aws:iam::123456789012:role/nope', stsEndpoint: sts.endpoint };
  await assert.rejects(createS3Source({ bucket, auth, maxAttempts: 2 }).check(), (err: unknown) => {
    assert.ok(err instanceof SourceError);
    assert.equal(errorCode(err), 'SOURCE_CREDENTIALS');
    assert.equal(err.message, `bucket '${bucket}': could not assume role 'arn:aws:iam::123456789012:role/nope' (AccessDenied: User is not authorized to perform: sts:AssumeRole); check iam_role_arn, external_id and that the base credentials may call sts:AssumeRole`);
    return true;
  });
  assert.equal(sts.requests.length, 1);
});
