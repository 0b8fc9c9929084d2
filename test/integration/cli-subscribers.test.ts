/**
 * `awsmon run --once` with a `<subscriber>` of every type in ossec.conf, against moto: the
 * configuration path, the default SQS and S3 clients (profile credentials, a role for Security
 * Lake) and the 20-second long poll that ends each run, as in the Wazuh module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { createQueue, eventBridgeObjectCreated, queueDepth, s3Notification, sendMessages, uniqueQueue } from '../helpers/moto-sqs.ts';
import { cliWorkspace, runCli } from '../helpers/cli.ts';
import { parquetOf } from '../fixtures/parquet.ts';

test('run --once reads every subscriber type of ossec.conf and empties the queues', { timeout: 180_000 }, async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('cli-sub');
  const [custom, hub, lake] = [uniqueQueue('cli-custom'), uniqueQueue('cli-hub'), uniqueQueue('cli-lake')];
  const urls = await Promise.all([createQueue(endpoint, custom), createQueue(endpoint, hub), createQueue(endpoint, lake)]);
  await seedBucket(endpoint, bucket, [
    { key: 'app/a b.json', body: '{"user":"ann","ok":true}' },
    { key: 'lake/x.gz.parquet', body: await parquetOf(`SELECT 1763805600000::BIGINT AS time, 'API Activity' AS class_name, NULL::VARCHAR AS unmapped`) },
  ]);
  await sendMessages(endpoint, urls[0].url, [s3Notification(bucket, [{ encodedKey: 'app/a+b.json' }])]);
  await sendMessages(endpoint, urls[1].url, [JSON.stringify({
    version: '0', id: 'hub-1', 'detail-type': 'Security Hub Findings - Imported', source: 'aws.securityhub', account: '111122223333', time: '2026-11-22T09:31:00Z', region: 'us-east-1',
    detail: { findings: [{ Id: 'f-1', AwsAccountId: '111122223333', Compliance: { Status: 'FAILED', SecurityControlId: 'S3.8' } }] },
  })]);
  await sendMessages(endpoint, urls[2].url, [eventBridgeObjectCreated(bucket, 'lake/x.gz.parquet')]);

  const { dir, env, cleanup } = await cliWorkspace('sub');
  t.after(cleanup);
  const block = (inner: string) => `<wodle name="aws-s3"><interval>10m</interval><skip_on_error>no</skip_on_error>${inner}</wodle>`;
  const common = `<aws_profile>default</aws_profile><service_endpoint>${endpoint}</service_endpoint>`;
  await writeFile(join(dir, 'ossec.conf'), `<ossec_config>
    ${block(`<subscriber type="buckets"><sqs_name>${custom}</sqs_name>${common}</subscriber>`)}
    ${block(`<subscriber type="security_hub"><sqs_name>${hub}</sqs_name>${common}</subscriber>`)}
    ${block(`<subscriber type="security_lake"><sqs_name>${lake}</sqs_name><external_id>ext-1</external_id>
      <iam_role_arn>arn:aws:iam::123456789012:role/AmazonSecurityLake-subscriber</iam_role_arn><sts_endpoint>${endpoint}</sts_endpoint>${common}</subscriber>`)}
  </ossec_config>`);

  const run = await runCli(['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^awsmon run: 3 objects, 3 events, 0 errors in \d+\.\d s/);
  const lines = (await readFile(join(dir, 'data', 'archives', 'archives.json'), 'utf8')).trim().split('\n').sort();
  assert.deepEqual(lines, [
    `{"integration":"aws","aws":{"log_info":{"log_file":"app/a b.json","s3bucket":"${bucket}"},"user":"ann","ok":true,"source":"custom"}}`,
    '{"integration":"aws","aws":{"source":"securityhub","detail_type":"Security Hub Findings - Imported","finding":{"Id":"f-1","AwsAccountId":"111122223333","Compliance":{"Status":"FAILED","SecurityControlId":"S3.8"}}}}',
    '{"time":1763805600000,"class_name":"API Activity","unmapped":null}',
  ].sort());
  assert.deepEqual(await Promise.all(urls.map((u) => queueDepth(endpoint, u.url))), [0, 0, 0]);
});
