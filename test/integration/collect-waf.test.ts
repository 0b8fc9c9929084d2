/**
 * WAF buckets against moto through the real SDK: the layout WAF writes itself
 * (`AWSLogs/<acct>/WAFLogs/<region>/<acl>/YYYY/MM/DD/HH/mm/`, CloudFront ACLs under `cloudfront`)
 * and the Firehose layout under a path, headers flattened as Wazuh does, account and region
 * filled in (wazuh#21520), state across runs, bad records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { putObjects } from '../helpers/s3-put.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { storedMessages, storedTexts } from '../helpers/stored.ts';
import { concatenated, firehoseKey, gz, jsonLines, wafDirectKey, wafRecord } from '../fixtures/dated-types.ts';

const ACCT = '111122223333';
const now = () => new Date('2024-03-05T18:00:00Z');

test('waf: every web ACL folder WAF writes, CloudFront included, account and region from the key; nothing twice', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('waf');
  const shop = wafDirectKey(ACCT, 'eu-west-1', 'shop', '2024-03-05T10:07:00Z', 'h1');
  const cdn = wafDirectKey(ACCT, 'cloudfront', 'cdn', '2024-03-05T10:12:00Z', 'h2');
  const cdnArn = `arn:aws:wafv2:us-east-1:${ACCT}:global/webacl/cdn/c3d4`;
  await seedBucket(endpoint, name, [
    { key: shop, body: gz(jsonLines([wafRecord('2024-03-05T10:07:01Z', '203.0.113.50', 'SQLi', 'r-1'), wafRecord('2024-03-05T10:07:02Z', '203.0.113.51', 'XSS', 'r-2')])) },
    { key: cdn, body: gz(jsonLines([wafRecord('2024-03-05T10:12:01Z', '203.0.113.60', 'RateLimit', 'r-3', cdnArn)])) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'waf', name, { onlyLogsAfter: '2024-03-05' })]);
  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [2, 3, 0]);

  const texts = await storedTexts(store);
  assert.equal(texts.length, 3);
  assert.equal(
    texts.find((x) => x.includes('"r-1"')),
    `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"${shop}","s3bucket":"${name}"},"timestamp":${Date.parse('2024-03-05T10:07:01Z')},"formatVersion":1,"webaclId":"arn:aws:wafv2:eu-west-1:${ACCT}:regional/webacl/shop/a1b2","terminatingRuleId":"SQLi","terminatingRuleType":"REGULAR","action":"BLOCK","terminatingRuleMatchDetails":[],"httpSourceName":"ALB","httpSourceId":"${ACCT}-app/shop/1","ruleGroupList":[],"rateBasedRuleList":[],"nonTerminatingMatchingRules":[],"httpRequest":{"clientIp":"203.0.113.50","country":"NL","headers":{"Host":"shop.example.com","User-Agent":"curl/8.5.0"},"uri":"/login","args":"","httpVersion":"HTTP/1.1","httpMethod":"POST","requestId":"r-1"},"source":"waf","aws_account_id":"${ACCT}","region":"eu-west-1"}}`,
  );
  const cols = await store.query('SELECT account_id, region, src_ip, action, event_name FROM events_v ORDER BY log_key, id');
  assert.deepEqual(cols, [
    { account_id: ACCT, region: 'us-east-1', src_ip: '203.0.113.60', action: 'BLOCK', event_name: 'RateLimit' },
    { account_id: ACCT, region: 'eu-west-1', src_ip: '203.0.113.50', action: 'BLOCK', event_name: 'SQLi' },
    { account_id: ACCT, region: 'eu-west-1', src_ip: '203.0.113.51', action: 'BLOCK', event_name: 'XSS' },
  ]);

  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
  // A new five-minute folder, and a new web ACL that appears later, are read on the next run.
  const later = wafDirectKey(ACCT, 'eu-west-1', 'shop', '2024-03-05T10:20:00Z', 'h4');
  const newAcl = wafDirectKey(ACCT, 'eu-west-1', 'api', '2024-03-05T10:00:00Z', 'h5');
  await putObjects(endpoint, name, [
    { key: later, body: gz(jsonLines([wafRecord('2024-03-05T10:20:00Z', '203.0.113.70', 'SQLi', 'r-4')])) },
    { key: newAcl, body: gz(jsonLines([wafRecord('2024-03-05T10:00:00Z', '203.0.113.71', 'SQLi', 'r-5')])) },
  ]);
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 2]);
  assert.deepEqual((await processedKeys(store)).length, 4);
});

test('waf: Firehose objects under a path, objects back to back; a record without headers is reported by record', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('waf-fh');
  const good = firehoseKey('firehose/waf/', 'aws-waf-logs-shop', '2024-03-05T10:00:00Z', 'u1');
  const bad = firehoseKey('firehose/waf/', 'aws-waf-logs-shop', '2024-03-05T11:00:00Z', 'u2');
  const other = firehoseKey('elsewhere/', 'x', '2024-03-05T10:00:00Z', 'u3');
  const broken = wafRecord('2024-03-05T11:00:00Z', '203.0.113.2', 'R', 'r-b');
  delete (broken['httpRequest'] as Record<string, unknown>)['headers'];
  await seedBucket(endpoint, name, [
    { key: good, body: gz(concatenated([wafRecord('2024-03-05T10:00:00Z', '203.0.113.1', 'R', 'r-a'), wafRecord('2024-03-05T10:00:01Z', '203.0.113.3', 'R', 'r-c')])) },
    { key: bad, body: gz(concatenated([wafRecord('2024-03-05T11:00:00Z', '203.0.113.4', 'R', 'r-d'), broken])) },
    { key: other, body: gz(concatenated([wafRecord('2024-03-05T10:00:00Z', '203.0.113.9', 'R', 'r-x')])) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'waf', name, { path: 'firehose/waf/', onlyLogsAfter: '2024-03-05' })]), { now });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1, 2, 1]);
  assert.deepEqual(result.stats.failures, [`FORMAT_BAD_RECORD: bucket '${name}', key '${bad}', record 2: not a WAF log record: httpRequest.headers is not a list`]);
  const messages = await storedMessages(store);
  // The account and region come from the web ACL's ARN when the key does not name them.
  assert.deepEqual(messages.map((m) => [m.aws['aws_account_id'], m.aws['region'], (m.aws['httpRequest'] as { requestId: string }).requestId]), [[ACCT, 'eu-west-1', 'r-a'], [ACCT, 'eu-west-1', 'r-c']]);

  // Without skip_on_error the run fails and names the object; what was read stays read.
  const strict = await runOnce(store, block([motoBucket(endpoint, 'waf', name, { path: 'firehose/waf/', onlyLogsAfter: '2024-03-05' })], false), { now });
  assert.equal(strict.failed, true);
  assert.deepEqual(strict.stats.failures, result.stats.failures);
  assert.equal(await store.countEvents(), 2);
});
