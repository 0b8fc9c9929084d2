/**
 * Cisco Umbrella buckets against moto through the real SDK: DNS, proxy and IP logs under their
 * folders (`<dir>/dnslogs/YYYY-MM-DD/...csv.gz`), <path> naming one kind (as in Wazuh) or the
 * folder above them, golden messages, state, bad CSV.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { putObjects } from '../helpers/s3-put.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { storedMessages, storedTexts } from '../helpers/stored.ts';
import { csvLine, gz, umbrellaKey } from '../fixtures/dated-types.ts';

const DIR = 'cisco/1234567_abcdef/';
const now = () => new Date('2024-03-05T18:00:00Z');
const DNS = ['2024-03-05 10:20:30', 'jdoe (jdoe@example.com)', 'jdoe (jdoe@example.com),WIN-PC', '10.10.1.100', '198.51.100.20', 'Blocked', '1 (A)', 'NOERROR', 'malware.example.', 'Malware', 'AD Users', 'AD Users,AD Computers', 'Malware'];
const IP = ['2024-03-05 10:21:00', 'Office', '10.0.0.1', '50000', '203.0.113.4', '443', 'Botnet'];
const PROXY = ['2024-03-05 10:22:00', 'lab', '10.0.0.2', '198.51.100.21', '203.0.113.5', 'text/html', 'BLOCKED', 'http://bad.example/x', '', 'curl/8', '403', '100', '1234', '1000', 'abc123', 'Malware', '', '', '', '', '', 'Network', 'Malware'];

test('cisco_umbrella: every kind under the folder above them, Wazuh field names, nothing twice', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('umbrella');
  const dns = umbrellaKey(DIR, 'dnslogs', '2024-03-05T10:20:00Z', 'a1b2');
  const ip = umbrellaKey(DIR, 'iplogs', '2024-03-05T10:20:00Z', 'c3d4');
  const proxy = umbrellaKey(DIR, 'proxylogs', '2024-03-05T10:20:00Z', 'e5f6');
  await seedBucket(endpoint, name, [
    { key: dns, body: gz(`${csvLine(DNS)}\n`) },
    { key: ip, body: gz(`${csvLine(IP)}\n`) },
    { key: proxy, body: gz(`${csvLine(PROXY)}\n`) },
    { key: `${DIR}auditlogs/2024-03-05/2024-03-05-10-20-zzzz.csv.gz`, body: gz('"x"\n') },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'cisco_umbrella', name, { path: DIR, onlyLogsAfter: '2024-03-05' })]);
  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [3, 3, 0]);
  const texts = await storedTexts(store);
  assert.equal(
    texts[0],
    `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"${dns}","s3bucket":"${name}"},"timestamp":"2024-03-05 10:20:30","most_granular_identity":"jdoe (jdoe@example.com)","identities":"jdoe (jdoe@example.com),WIN-PC","internal_ip":"10.10.1.100","external_ip":"198.51.100.20","action":"Blocked","query_type":"1 (A)","response_code":"NOERROR","domain":"malware.example.","categories":"Malware","most_granular_identity_type":"AD Users","identity_types":"AD Users,AD Computers","blocked_categories":"Malware","source":"cisco_umbrella"}}`,
  );
  assert.equal(
    texts[1],
    `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"${ip}","s3bucket":"${name}"},"timestamp":"2024-03-05 10:21:00","identity":"Office","source_ip":"10.0.0.1","source_port":"50000","destination_ip":"203.0.113.4","destination_port":"443","categories":"Botnet","source":"cisco_umbrella"}}`,
  );
  const proxyMessage = (await storedMessages(store))[2]!.aws;
  assert.deepEqual(Object.keys(proxyMessage).length, 1 + 23 + 1);
  assert.deepEqual([proxyMessage['verdict'], proxyMessage['url'], proxyMessage['referer'], proxyMessage['identity_type']], ['BLOCKED', 'http://bad.example/x', '', 'Network']);
  assert.deepEqual(await store.query('SELECT ts, src_ip, dst_ip, dst_port, action, event_name FROM events_v ORDER BY log_key'), [
    { ts: '2024-03-05T10:20:30.000Z', src_ip: '10.10.1.100', dst_ip: null, dst_port: null, action: 'Blocked', event_name: 'malware.example.' },
    { ts: '2024-03-05T10:21:00.000Z', src_ip: '10.0.0.1', dst_ip: '203.0.113.4', dst_port: 443, action: null, event_name: null },
    { ts: '2024-03-05T10:22:00.000Z', src_ip: '10.0.0.2', dst_ip: '203.0.113.5', dst_port: null, action: 'BLOCKED', event_name: 'http://bad.example/x' },
  ]);
  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
  const next = umbrellaKey(DIR, 'dnslogs', '2024-03-05T10:30:00Z', 'a1b3');
  await putObjects(endpoint, name, [{ key: next, body: gz(`${csvLine(DNS)}\n${csvLine(DNS)}\n`) }]);
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [1, 2]);
  assert.deepEqual((await processedKeys(store)).length, 4);
});

test('cisco_umbrella: <path> naming one kind reads only it (Wazuh layout); an unclosed quote names the line', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('umbrella-dns');
  const dns = umbrellaKey(DIR, 'dnslogs', '2024-03-05T10:20:00Z', 'a1b2');
  const bad = umbrellaKey(DIR, 'dnslogs', '2024-03-05T10:25:00Z', 'bad1');
  const ip = umbrellaKey(DIR, 'iplogs', '2024-03-05T10:20:00Z', 'c3d4');
  await seedBucket(endpoint, name, [
    { key: dns, body: gz(`${csvLine(DNS)}\n`) },
    { key: bad, body: gz(`${csvLine(DNS)}\n"2024-03-05 10:25:00","open\n`) },
    { key: ip, body: gz(`${csvLine(IP)}\n`) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const run = await runOnce(store, block([motoBucket(endpoint, 'cisco_umbrella', name, { path: `${DIR}dnslogs/`, onlyLogsAfter: '2024-03-05' })]), { now });
  assert.deepEqual([run.stats.objects, run.stats.events, run.stats.errors], [1, 1, 1]);
  assert.deepEqual(run.stats.failures, [`FORMAT_BAD_CSV: bucket '${name}', key '${bad}', line 2: a quoted field is not closed before the end of the object`]);
  assert.deepEqual(await processedKeys(store), [dns]);
  const none = await runOnce(store, block([motoBucket(endpoint, 'cisco_umbrella', name, { path: 'cisco/' })]), { now });
  assert.deepEqual(none.stats.failures, [`SOURCE_NO_LOGS: bucket '${name}': no logs found under 'cisco/': expected 'dnslogs/', 'proxylogs/' or 'iplogs/' folders (check <path>)`]);
});
