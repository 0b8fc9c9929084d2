/**
 * alb, clb and nlb buckets against moto through the real SDK: one bucket holding the three kinds
 * of files (and ALB connection logs) in AWS's layout, each bucket type reading only its own,
 * golden Wazuh messages, resume without repeats, late arrivals, bad entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import type { EventStore } from '../../src/store/index.ts';
import { gzip } from '../fixtures/index.ts';
import { albConnectionLine, albKey, albLine, clbKey, clbLine, nlbKey, nlbLine } from '../fixtures/load-balancers.ts';

const A1 = '111122223333';
const now = () => new Date('2024-03-06T12:00:00Z');

async function messages(store: EventStore, where = 'true'): Promise<string[]> {
  const ids = await store.query(`SELECT id FROM events WHERE ${where} ORDER BY ts, id`);
  return (await store.readMessages(ids.map((r) => Number(r.id)))).map(String);
}

test('alb, clb and nlb blocks on one bucket each read only their own files, with the Wazuh messages', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('elb-mixed');
  const objects = [
    { key: albKey(A1, 'us-east-1', '2024-03-05', 1), body: gzip(`${albLine()}\n${albLine({ client: '198.51.100.9:40000', status: '403' })}\n`) },
    { key: albKey(A1, 'us-east-1', '2024-03-05', 2, true), body: gzip(`${albConnectionLine()}\n`) },
    { key: clbKey(A1, 'us-east-1', '2024-03-05', 1), body: `${clbLine()}\n` },
    { key: nlbKey(A1, 'eu-west-1', '2024-03-06', 1), body: gzip(`${nlbLine()}\n`) },
    // Not a log file of any type: skipped by all three.
    { key: `AWSLogs/${A1}/elasticloadbalancing/us-east-1/2024/03/05/ELBAccessLogTestFile`, body: 'test' },
  ];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const types = ['alb', 'clb', 'nlb'] as const;
  const result = await runOnce(store, block(types.map((type) => motoBucket(endpoint, type, name, { onlyLogsAfter: '2024-03-01', awsAccountAlias: 'prod' }))), { now });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors, result.failed], [4, 5, 0, false]);
  assert.deepEqual(await store.query('SELECT source, region, src_ip, src_port, dst_port, action, event_name, bytes FROM events ORDER BY ts, id'), [
    { source: 'alb', region: 'us-east-1', src_ip: '203.0.113.10', src_port: 51234, dst_port: 443, action: 'Success', event_name: null, bytes: null },
    { source: 'alb', region: 'us-east-1', src_ip: '203.0.113.10', src_port: 51234, dst_port: 8080, action: '200', event_name: 'GET', bytes: 2560 },
    { source: 'alb', region: 'us-east-1', src_ip: '198.51.100.9', src_port: 40000, dst_port: 8080, action: '403', event_name: 'GET', bytes: 2560 },
    { source: 'clb', region: 'us-east-1', src_ip: '198.51.100.7', src_port: 40123, dst_port: 80, action: '503', event_name: 'GET', bytes: 57 },
    { source: 'nlb', region: 'eu-west-1', src_ip: '192.0.2.44', src_port: 60001, dst_port: 443, action: null, event_name: null, bytes: 7700 },
  ]);
  const [clb] = await messages(store, "source = 'clb'");
  assert.equal(clb, JSON.stringify({
    integration: 'aws',
    aws: {
      log_info: { aws_account_alias: 'prod', log_file: objects[2]!.key, s3bucket: name },
      time: '2024-03-05T10:00:02.500000Z', elb: 'legacy-web', client_port: '198.51.100.7:40123', backend_port: '10.0.2.30:80',
      request_processing_time: '0.000073', backend_processing_time: '0.001048', response_processing_time: '0.000057', elb_status_code: '503',
      backend_status_code: '-', received_bytes: '0', sent_bytes: '57', request: 'GET http://legacy.example.com:80/login HTTP/1.1',
      user_agent: 'curl/8.5.0', ssl_cipher: '-', ssl_protocol: '-', source: 'clb',
    },
  }));
  const [nlb] = await messages(store, "source = 'nlb'");
  const nlbAws = (JSON.parse(nlb!) as { aws: Record<string, unknown> }).aws;
  assert.deepEqual(Object.keys(nlbAws).slice(-7), ['alpn_fe_protocol', 'alpn_be_protocol', 'alpn_client_preference_list', 'tls_connection_creation_time', 'source', 'client_ip', 'destination_ip']);
  assert.equal(nlbAws['alpn_be_protocol'], 'h2');

  // A second run reads nothing; a late ALB file (behind the newest key) and a new NLB file are read.
  const again = await runOnce(store, block(types.map((type) => motoBucket(endpoint, type, name, { onlyLogsAfter: '2024-03-01' }))), { now });
  assert.deepEqual([again.stats.objects, again.stats.events], [0, 0]);
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => client.destroy());
  const late = albKey(A1, 'us-east-1', '2024-03-05', 0);
  await client.send(new PutObjectCommand({ Bucket: name, Key: late, Body: gzip(`${albLine()}\n`) }));
  await client.send(new PutObjectCommand({ Bucket: name, Key: nlbKey(A1, 'eu-west-1', '2024-03-06', 2), Body: gzip(`${nlbLine()}\n`) }));
  const third = await runOnce(store, block(types.map((type) => motoBucket(endpoint, type, name, { onlyLogsAfter: '2024-03-01' }))), { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 2]);
  assert.ok((await processedKeys(store)).includes(late));
  assert.equal(await store.countEvents(), 7);
});

test('a bad load balancer entry names the object and line; with skip_on_error the other objects are read', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('elb-bad');
  const bad = albKey(A1, 'us-east-1', '2024-03-05', 1);
  const good = albKey(A1, 'us-east-1', '2024-03-05', 2);
  await seedBucket(endpoint, name, [
    { key: bad, body: gzip(`${albLine()}\n<html>not a log</html>\n`) },
    { key: good, body: gzip(`${albLine()}\n`) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'alb', name, { onlyLogsAfter: '2024-03-05' })], true), { now });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1, 1, 1]);
  assert.deepEqual(result.stats.failures, [`FORMAT_LB_COLUMNS: bucket '${name}', key '${bad}', line 2: not a valid ALB access log entry: 3 fields, expected at least 18`]);
  assert.deepEqual(await processedKeys(store), [good]);
  // Without skip_on_error the run fails, and nothing of the bad object is stored.
  const { store: strict, cleanup: cleanupStrict } = await tempStore();
  t.after(cleanupStrict);
  const failed = await runOnce(strict, block([motoBucket(endpoint, 'alb', name, { onlyLogsAfter: '2024-03-05' })], false), { now });
  assert.equal(failed.failed, true);
  assert.ok(!(await processedKeys(strict)).includes(bad));
});

test('alb discard_regex and remove_from_bucket; aws_organization_id is ignored, as by the Wazuh module', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('elb-discard');
  const key = albKey(A1, 'us-east-1', '2024-03-05', 1);
  await seedBucket(endpoint, name, [{ key, body: gzip(`${albLine()}\n${albLine({ client: '198.51.100.9:40000', status: '403' })}\n`) }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'alb', name, {
    onlyLogsAfter: '2024-03-05', removeFromBucket: true, awsOrganizationId: 'o-abcdefghij', discardRegex: { field: 'client_ip', pattern: '203\\.0\\.113\\.', regex: /203\.0\.113\./ },
  })]), { now });
  assert.deepEqual([result.stats.objects, result.stats.events], [1, 1]);
  assert.deepEqual(await store.query('SELECT src_ip FROM events'), [{ src_ip: '198.51.100.9' }]);
  const left = await runOnce(store, block([motoBucket(endpoint, 'alb', name, { onlyLogsAfter: '2024-03-05' })]), { now });
  assert.equal(left.stats.objects, 0);
});
