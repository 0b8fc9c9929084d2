/**
 * Authentication for every client (issue 5 §4), against moto's STS and small local servers where
 * AWS serves credentials over HTTP: shared config settings of a profile, web identity, container
 * and instance credentials, sts_endpoint, and the partition of GovCloud and China regions.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import type { AuthOptions } from '../../src/config/types.ts';
import { errorCode } from '../../src/core/index.ts';
import { awsClientConfig, callerAccount, createLogsReader } from '../../src/sources/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth } from '../helpers/moto-s3.ts';
import { startFaultProxy } from '../helpers/fault-proxy.ts';

const REGION = 'eu-north-1';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-auth-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Sets environment variables for one test and restores them after. The SDK's default chain reads
 * them; empty shared files keep this machine's own ~/.aws out of the test.
 */
async function chainEnv(t: TestContext, vars: Record<string, string>): Promise<void> {
  const dir = await tempDir(t);
  const empty = join(dir, 'empty');
  await writeFile(empty, '');
  const names = [
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_EC2_METADATA_DISABLED',
  ];
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: empty, AWS_CONFIG_FILE: empty, ...vars });
  t.after(() => {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  });
}

/** A local HTTP server answering with `handler`; its requests are recorded. */
async function httpServer(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Temporary credentials of a role, issued by moto: moto's GetCallerIdentity then names the role. */
async function roleCredentials(endpoint: string, role: string, session: string) {
  const sts = new STSClient(awsClientConfig({ ...motoAuth(endpoint), stsEndpoint: endpoint }, { service: 'sts', region: REGION }));
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: session }));
    return out.Credentials!;
  } finally {
    sts.destroy();
  }
}

async function identity(auth: AuthOptions): Promise<string | undefined> {
  const sts = new STSClient(awsClientConfig(auth, { service: 'sts', region: REGION }));
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } finally {
    sts.destroy();
  }
}

test('aws_profile: the profile\'s region, max_attempts and retry_mode are honoured', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const dir = await tempDir(t);
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  await writeFile(credentialsFile, '[ops]\naws_access_key_id = AKIAOPSPROFILE000001\naws_secret_access_key = ops-secret\n');
  await writeFile(configFile, '[profile ops]\nregion = eu-north-1\nmax_attempts = 3\nretry_mode = adaptive\n[default]\nmax_attempts = 2\n');
  const config = awsClientConfig({ awsProfile: 'ops', credentialsFile, configFile });
  assert.deepEqual([await config.region(), await config.maxAttempts(), await config.retryMode()], ['eu-north-1', 3, 'adaptive']);
  // Without aws_profile the default profile's settings apply; `legacy` (botocore) reads as standard.
  assert.deepEqual([await awsClientConfig({ credentialsFile, configFile }).maxAttempts(), await awsClientConfig({ credentialsFile, configFile }).region()], [2, 'us-east-1']);
  const legacy = join(dir, 'legacy');
  await writeFile(legacy, '[default]\nretry_mode = legacy\n');
  assert.equal(await awsClientConfig({ credentialsFile, configFile: legacy }).retryMode(), 'standard');

  // A CloudWatch Logs call that keeps failing with 500 is tried max_attempts times.
  const proxy = await startFaultProxy(endpoint, () => ({ status: 500, body: '{"__type":"InternalFailure","message":"boom"}', headers: { 'content-type': 'application/x-amz-json-1.1' } }));
  t.after(() => proxy.close());
  const reader = createLogsReader({ awsProfile: 'ops', credentialsFile, configFile, serviceEndpoint: proxy.endpoint }, REGION);
  t.after(() => reader.close());
  await assert.rejects(reader.streams('/any'), (err: Error) => {
    assert.equal(errorCode(err), 'SOURCE_REQUEST_FAILED');
    assert.match(err.message, /^region 'eu-north-1', log group '\/any': logs:DescribeLogStreams: AWS failed the request after every retry \(InternalFailure \(HTTP 500\)/);
    return true;
  });
  assert.equal(proxy.requests.length, 3);
  assert.match(String(proxy.requests[0]!.headers.authorization), /Credential=AKIAOPSPROFILE000001\/\d{8}\/eu-north-1\/logs\//);
});

test('aws_profile with its own role_arn and source_profile assumes the role through sts_endpoint', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const dir = await tempDir(t);
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  await writeFile(credentialsFile, '[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
  await writeFile(configFile, '[profile auditor]\nrole_arn = arn:aws:iam::123456789012:role/awsmon-auditor\nsource_profile = base\nrole_session_name = audit\nregion = eu-north-1\n');
  const sts = await startFaultProxy(endpoint);
  t.after(() => sts.close());
  assert.equal(await identity({ awsProfile: 'auditor', credentialsFile, configFile, stsEndpoint: sts.endpoint }), 'arn:aws:sts::123456789012:assumed-role/awsmon-auditor/audit');
  assert.deepEqual(sts.requests.map((r) => new URLSearchParams(r.body).get('Action')), ['AssumeRole', 'GetCallerIdentity']);
});

test('web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN) is exchanged through sts_endpoint', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const dir = await tempDir(t);
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.web-identity-token.sig');
  const role = 'arn:aws:iam::123456789012:role/awsmon-irsa';
  await chainEnv(t, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: role, AWS_ROLE_SESSION_NAME: 'awsmon-pod' });
  const sts = await startFaultProxy(endpoint);
  t.after(() => sts.close());
  const auth: AuthOptions = { stsEndpoint: sts.endpoint, serviceEndpoint: endpoint };
  assert.equal(await identity(auth), 'arn:aws:sts::123456789012:assumed-role/awsmon-irsa/awsmon-pod');
  const exchange = sts.requests.map((r) => new URLSearchParams(r.body)).find((p) => p.get('Action') === 'AssumeRoleWithWebIdentity');
  assert.ok(exchange, 'AssumeRoleWithWebIdentity went to sts_endpoint');
  assert.deepEqual([exchange.get('RoleArn'), exchange.get('RoleSessionName'), exchange.get('WebIdentityToken')], [role, 'awsmon-pod', 'eyJhbGciOiJSUzI1NiJ9.web-identity-token.sig']);
  // A service client reaches moto with the exchanged credentials; the account comes from them.
  assert.equal(await callerAccount(auth, REGION), '123456789012');
});

test('container credentials (ECS/EKS endpoint with its authorization token) are used by the default chain', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const creds = await roleCredentials(endpoint, 'arn:aws:iam::123456789012:role/awsmon-task', 'ecs-task');
  const ecs = await httpServer(t, (req, res) => {
    if (req.url !== '/v2/credentials/task' || req.headers.authorization !== 'task-auth-token') {
      res.writeHead(403).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      AccessKeyId: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey, Token: creds.SessionToken,
      Expiration: new Date(Date.now() + 3600_000).toISOString(), RoleArn: 'arn:aws:iam::123456789012:role/awsmon-task',
    }));
  });
  await chainEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${ecs.url}/v2/credentials/task`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'task-auth-token' });
  assert.equal(await identity({ stsEndpoint: endpoint }), 'arn:aws:sts::123456789012:assumed-role/awsmon-task/ecs-task');
  assert.ok(ecs.seen.length >= 1);
});

test('instance credentials (IMDSv2) are used by the default chain', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const creds = await roleCredentials(endpoint, 'arn:aws:iam::123456789012:role/awsmon-ec2', 'i-0123456789abcdef0');
  const imds = await httpServer(t, (req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('imds-session-token');
      return;
    }
    if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-session-token') {
      res.writeHead(401).end();
      return;
    }
    if (req.url === '/latest/meta-data/iam/security-credentials/') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('awsmon-ec2');
    } else if (req.url === '/latest/meta-data/iam/security-credentials/awsmon-ec2') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey, Token: creds.SessionToken,
        Expiration: new Date(Date.now() + 3600_000).toISOString(), LastUpdated: new Date().toISOString(),
      }));
    } else {
      res.writeHead(404).end();
    }
  });
  await chainEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url });
  assert.equal(await identity({ stsEndpoint: endpoint }), 'arn:aws:sts::123456789012:assumed-role/awsmon-ec2/i-0123456789abcdef0');
  assert.ok(imds.seen.some((r) => r.method === 'PUT' && r.url === '/latest/api/token'));
});

test('iam_role_arn with external_id is assumed for the CloudWatch Logs and Inspector clients too', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const sts = await startFaultProxy(endpoint);
  t.after(() => sts.close());
  const auth: AuthOptions = {
    ...motoAuth(endpoint), iamRoleArn: 'arn:aws:iam::123456789012:role/awsmon-services', externalId: 'ext-7', iamRoleDuration: 1800, stsEndpoint: sts.endpoint,
  };
  const logs = new CloudWatchLogsClient(awsClientConfig(auth, { service: 'logs', region: REGION }));
  t.after(() => logs.destroy());
  await logs.send(new DescribeLogGroupsCommand({ limit: 1 }));
  const creds = await logs.config.credentials();
  assert.match(creds.accessKeyId, /^ASIA/);
  const assume = new URLSearchParams(sts.requests[0]!.body);
  assert.deepEqual([assume.get('Action'), assume.get('RoleArn'), assume.get('ExternalId'), assume.get('DurationSeconds')],
    ['AssumeRole', 'arn:aws:iam::123456789012:role/awsmon-services', 'ext-7', '1800']);
  const inspector = new Inspector2Client(awsClientConfig(auth, { service: 'inspector2', region: REGION }));
  t.after(() => inspector.destroy());
  await inspector.send(new ListFindingsCommand({ maxResults: 1 }));
  assert.match((await inspector.config.credentials()).accessKeyId, /^ASIA/);
  assert.equal(sts.requests.filter((r) => new URLSearchParams(r.body).get('Action') === 'AssumeRole').length, 2);
  assert.equal(await callerAccount(auth, REGION), '123456789012');
});

test('GovCloud and China: a configured region of those partitions is where clients go, with their own endpoints', async (t) => {
  const dir = await tempDir(t);
  const empty = join(dir, 'empty');
  await writeFile(empty, '');
  const base: AuthOptions = { accessKey: 'AKIAPARTITIONTEST001', secretKey: 'x', credentialsFile: empty, configFile: empty };
  assert.equal(await awsClientConfig(base, { service: 's3', regions: ['us-gov-west-1'] }).region(), 'us-gov-west-1');
  assert.equal(await awsClientConfig(base, { service: 's3', regions: ['cn-north-1', 'cn-northwest-1'] }).region(), 'cn-north-1');
  assert.equal(await awsClientConfig(base, { service: 's3', regions: ['eu-west-1'] }).region(), 'us-east-1');
  // Where the SDK would send the request (stopped before it leaves the machine).
  async function hostOf(stack: { add(mw: FinalizeRequestMiddleware<object, object>, options: { step: 'finalizeRequest' }): void }, send: () => Promise<unknown>): Promise<string> {
    let host = '';
    stack.add(() => (args) => {
      host = (args.request as { hostname: string }).hostname;
      return Promise.reject(new Error('stop'));
    }, { step: 'finalizeRequest' });
    await assert.rejects(send(), /stop/);
    return host;
  }
  const gov = new S3Client(awsClientConfig(base, { service: 's3', regions: ['us-gov-west-1'], maxAttempts: 1 }));
  assert.equal(await hostOf(gov.middlewareStack, () => gov.send(new ListObjectsV2Command({ Bucket: 'gov-trail' }))), 'gov-trail.s3.us-gov-west-1.amazonaws.com');
  const china = new CloudWatchLogsClient(awsClientConfig(base, { service: 'logs', region: 'cn-north-1', maxAttempts: 1 }));
  assert.equal(await hostOf(china.middlewareStack, () => china.send(new DescribeLogGroupsCommand({}))), 'logs.cn-north-1.amazonaws.com.cn');
  gov.destroy();
  china.destroy();
});
