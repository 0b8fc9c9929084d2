import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AuthOptions } from '../../src/config/types.ts';
import { errorCode, SourceError } from '../../src/core/index.ts';
import type { ObjectInfo, ObjectSource } from '../../src/core/index.ts';
import { awsClientConfig, createS3Source } from '../../src/sources/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { always, firstN, isList, s3Error, startFaultProxy } from '../helpers/fault-proxy.ts';
import type { FaultPlan, FaultProxy, SeenRequest } from '../helpers/fault-proxy.ts';

const ROLE = 'arn:aws:iam::123456789012:role/awsmon-reader';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

async function keysOf(source: ObjectSource, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const o of source.listObjects(prefix)) out.push(o.key);
  return out;
}

/** A proxy in front of moto for this test, closed when the test ends. */
async function proxy(t: TestContext, endpoint: string, plan?: FaultPlan): Promise<FaultProxy> {
  const p = await startFaultProxy(endpoint, plan);
  t.after(() => p.close());
  return p;
}

/** A new bucket in moto holding `objects`. */
async function seeded(endpoint: string, objects: { key: string; body: Buffer | string }[] = [{ key: 'k/1', body: 'one' }, { key: 'k/2', body: 'two' }]) {
  const bucket = uniqueBucket('s3test');
  await seedBucket(endpoint, bucket, objects);
  return bucket;
}

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-s3-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function expectCode(code: string, check?: (err: SourceError) => void) {
  return (err: unknown) => {
    assert.ok(err instanceof SourceError, `expected a SourceError, got ${String(err)}`);
    assert.equal(errorCode(err), code, err.message);
    check?.(err);
    return true;
  };
}

test('service_endpoint is used with path-style addressing', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = await seeded(endpoint);
  const p = await proxy(t, endpoint);
  const config = awsClientConfig({ ...motoAuth(p.endpoint) }, { service: 's3' });
  assert.equal(config.endpoint, p.endpoint);
  assert.equal(config.forcePathStyle, true);
  assert.equal(await config.maxAttempts(), 10);
  assert.equal(await config.retryMode(), 'standard');
  const source = createS3Source({ bucket, auth: motoAuth(p.endpoint) });
  await source.check();
  assert.deepEqual(await keysOf(source, 'k/'), ['k/1', 'k/2']);
  assert.deepEqual(p.requests.map((r) => [r.method, r.url.split('?')[0], r.headers.host]), [
    ['GET', `/${bucket}/`, p.endpoint.slice('http://'.length)],
    ['GET', `/${bucket}/`, p.endpoint.slice('http://'.length)],
  ]);
  assert.equal(awsClientConfig({}, { service: 's3' }).followRegionRedirects, true);
});

test('region: the given one, else the profile\'s, else us-east-1', async (t) => {
  const dir = await tempDir(t);
  const configFile = join(dir, 'config');
  await writeFile(configFile, '[default]\nregion = ca-central-1\n[profile analyst]\nregion = eu-west-3\n');
  const empty = join(dir, 'empty');
  await writeFile(empty, '');
  assert.equal(await awsClientConfig({ configFile }, { region: 'ap-south-1' }).region(), 'ap-south-1');
  assert.equal(await awsClientConfig({ awsProfile: 'analyst', configFile, credentialsFile: empty }).region(), 'eu-west-3');
  assert.equal(await awsClientConfig({ configFile, credentialsFile: empty }).region(), 'ca-central-1');
  assert.equal(await awsClientConfig({ configFile: empty, credentialsFile: empty }).region(), 'us-east-1');
});

test('aws_profile credentials come from the shared files; keys take precedence', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const dir = await tempDir(t);
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  await writeFile(credentialsFile, '[analyst]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profile-secret\n');
  await writeFile(configFile, '[profile analyst]\nregion = eu-west-3\n');
  const auth: AuthOptions = { awsProfile: 'analyst', credentialsFile, configFile, serviceEndpoint: endpoint };
  const creds = await awsClientConfig(auth).credentials();
  assert.equal(creds.accessKeyId, 'AKIAPROFILEKEY000001');
  assert.equal(creds.secretAccessKey, 'profile-secret');
  const withKeys = await awsClientConfig({ ...auth, accessKey: 'AKIAKEYSWIN000000001', secretKey: 'k' }).credentials();
  assert.equal(withKeys.accessKeyId, 'AKIAKEYSWIN000000001');

  const bucket = await seeded(endpoint);
  const source = createS3Source({ bucket, auth });
  assert.deepEqual(await keysOf(source), ['k/1', 'k/2']);
  assert.equal(await (source as ObjectSource & { client: S3Client }).client.config.region(), 'eu-west-3');
});

test('a missing profile is SOURCE_CREDENTIALS naming the profile, without keys', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const dir = await tempDir(t);
  const credentialsFile = join(dir, 'credentials');
  await writeFile(credentialsFile, '[other]\naws_access_key_id = AKIAOTHERPROFILE0001\naws_secret_access_key = other-secret\n');
  const source = createS3Source({ bucket: 'any', auth: { awsProfile: 'ghost', credentialsFile, configFile: credentialsFile, serviceEndpoint: endpoint }, maxAttempts: 1 });
  await assert.rejects(source.check(), expectCode('SOURCE_CREDENTIALS', (err) => {
    assert.ok(err.message.startsWith("bucket 'any': the credentials were rejected or could not be found (CredentialsProviderError)"), err.message);
    assert.ok(err.message.includes('ghost'), err.message);
    assert.ok(!err.message.includes('AKIAOTHER') && !err.message.includes('other-secret'), err.message);
  }));
});

test('iam_role_arn is assumed through sts_endpoint and S3 calls carry the temporary credentials', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = await seeded(endpoint);
  const sts = await proxy(t, endpoint);
  const s3 = await proxy(t, endpoint);
  const auth: AuthOptions = {
    ...motoAuth(s3.endpoint), iamRoleArn: ROLE, iamRoleDuration: 900, externalId: 'ext-42', stsEndpoint: sts.endpoint,
  };
  const source = createS3Source({ bucket, auth }) as ObjectSource & { client: S3Client };
  assert.deepEqual(await keysOf(source), ['k/1', 'k/2']);
  const creds = await source.client.config.credentials();
  assert.notEqual(creds.accessKeyId, 'testing');
  assert.match(creds.accessKeyId, /^ASIA/);
  assert.ok(creds.sessionToken);

  assert.equal(sts.requests.length, 1);
  const params = new URLSearchParams(sts.requests[0]!.body);
  assert.deepEqual(
    [params.get('Action'), params.get('RoleArn'), params.get('RoleSessionName'), params.get('DurationSeconds'), params.get('ExternalId')],
    ['AssumeRole', ROLE, 'awsmon', '900', 'ext-42'],
  );
  assert.match(String(sts.requests[0]!.headers.authorization), /Credential=testing\//);
  assert.equal(s3.requests.length, 1);
  assert.match(String(s3.requests[0]!.headers.authorization), new RegExp(`Credential=${creds.accessKeyId}/`));
  assert.equal(s3.requests[0]!.headers['x-amz-security-token'], creds.sessionToken);

  const identity = await new STSClient(awsClientConfig(auth, { service: 'sts' })).send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Arn, 'arn:aws:sts::123456789012:assumed-role/awsmon-reader/awsmon');
});

test('throttling on a later page and 5xx, reset and throttled downloads are retried; pages are fetched lazily', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const objects = Array.from({ length: 1001 }, (_, i) => ({ key: `p/${String(i).padStart(4, '0')}`, body: `object ${i}` }));
  const bucket = await seeded(endpoint, objects);
  const isPage2 = (r: SeenRequest) => isList(r) && r.url.includes('continuation-token');
  const p = await proxy(t, endpoint, firstN(2, s3Error(503, 'SlowDown', 'Please reduce your request rate.'), isPage2));
  const source = createS3Source({ bucket, auth: motoAuth(p.endpoint), maxAttempts: 3 });
  const it = source.listObjects('p/')[Symbol.asyncIterator]();
  const seen: string[] = [];
  const next = async (): Promise<string | undefined> => {
    const r: IteratorResult<ObjectInfo, unknown> = await it.next();
    return r.done ? undefined : r.value.key;
  };
  for (let i = 0; i < 1000; i++) seen.push((await next())!);
  assert.equal(p.requests.length, 1, 'the second page is not fetched before the consumer asks for it');
  for (let key = await next(); key !== undefined; key = await next()) seen.push(key);
  assert.deepEqual(seen, objects.map((o) => o.key));
  assert.deepEqual(p.requests.map((r) => (r.faulted ? 'fault' : isPage2(r) ? 'page2' : 'page1')), ['page1', 'fault', 'fault', 'page2']);

  const isGet = (key: string) => (r: SeenRequest) => r.method === 'GET' && r.url.split('?')[0] === `/${bucket}/${key}`;
  const plans: FaultPlan[] = [
    firstN(2, s3Error(500, 'InternalError', 'We encountered an internal error.'), isGet('p/0007')),
    firstN(1, 'reset', isGet('p/0007')),
    firstN(2, s3Error(503, 'SlowDown'), isGet('p/0007')),
  ];
  for (const plan of plans) {
    const fp = await proxy(t, endpoint, plan);
    const got = await readAll(await createS3Source({ bucket, auth: motoAuth(fp.endpoint), maxAttempts: 3 }).getObject('p/0007'));
    assert.equal(got.toString(), 'object 7');
    assert.equal(fp.requests.filter((r) => r.faulted).length, fp.requests.length - 1);
  }
});

test('persistent throttling is SOURCE_THROTTLED and persistent 5xx SOURCE_REQUEST_FAILED after maxAttempts', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = await seeded(endpoint);
  const slow = await proxy(t, endpoint, always(s3Error(503, 'SlowDown', 'Please reduce your request rate.')));
  await assert.rejects(keysOf(createS3Source({ bucket, auth: motoAuth(slow.endpoint), maxAttempts: 3 })), expectCode('SOURCE_THROTTLED', (err) => {
    assert.equal(err.retryable, true);
    assert.equal(err.message, `bucket '${bucket}': AWS kept throttling the requests after every retry (SlowDown (HTTP 503), request id FAULTREQ503); the next run tries again`);
  }));
  assert.equal(slow.requests.length, 3);

  const broken = await proxy(t, endpoint, always(s3Error(500, 'InternalError', 'We encountered an internal error.')));
  await assert.rejects(createS3Source({ bucket, auth: motoAuth(broken.endpoint), maxAttempts: 2 }).getObject('k/1'), expectCode('SOURCE_REQUEST_FAILED', (err) => {
    assert.equal(err.retryable, true);
    assert.equal(err.message, `bucket '${bucket}', key 'k/1': AWS failed the request after every retry (InternalError (HTTP 500), request id FAULTREQ500): We encountered an internal error.`);
  }));
  assert.equal(broken.requests.length, 2);
});

test('403 AccessDenied is SOURCE_ACCESS_DENIED without retries; RequestTimeTooSkewed is SOURCE_CLOCK_SKEW', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = await seeded(endpoint);
  const denied = await proxy(t, endpoint, always(s3Error(403, 'AccessDenied', 'Access Denied')));
  await assert.rejects(createS3Source({ bucket, auth: motoAuth(denied.endpoint), maxAttempts: 3 }).listPrefixes(''), expectCode('SOURCE_ACCESS_DENIED', (err) => {
    assert.equal(err.retryable, false);
    assert.equal(err.message, `bucket '${bucket}': access denied (AccessDenied (HTTP 403), request id FAULTREQ403): Access Denied; check that the IAM policy allows the request`);
  }));
  assert.equal(denied.requests.length, 1);
  const skewed = await proxy(t, endpoint, always(s3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.')));
  await assert.rejects(createS3Source({ bucket, auth: motoAuth(skewed.endpoint), maxAttempts: 2 }).check(), expectCode('SOURCE_CLOCK_SKEW'));
});

test('an unreachable endpoint is SOURCE_ENDPOINT', async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as { port: number };
      srv.close(() => resolve(p));
    });
  });
  const source = createS3Source({ bucket: 'gone', auth: motoAuth(`http://127.0.0.1:${port}`), maxAttempts: 2 });
  await assert.rejects(source.check(), expectCode('SOURCE_ENDPOINT', (err) => {
    assert.equal(err.retryable, true);
    assert.ok(err.message.startsWith("bucket 'gone': the endpoint could not be reached or closed the connection (ECONNREFUSED)"), err.message);
  }));
});

test('a connection closed mid-download fails the stream with SOURCE_ENDPOINT naming the object', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const body = Buffer.alloc(256 * 1024, 'x');
  const bucket = await seeded(endpoint, [{ key: 'big/object', body }]);
  const p = await proxy(t, endpoint, always('truncate', (r) => r.method === 'GET' && r.url.startsWith(`/${bucket}/big/object`)));
  const stream = await createS3Source({ bucket, auth: motoAuth(p.endpoint), maxAttempts: 1 }).getObject('big/object');
  await assert.rejects(readAll(stream), expectCode('SOURCE_ENDPOINT', (err) => {
    assert.equal(err.retryable, true);
    assert.deepEqual(err.location, { bucket, key: 'big/object' });
  }));
});
