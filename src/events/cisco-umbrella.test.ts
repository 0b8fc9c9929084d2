import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UMBRELLA_FIELDS, umbrellaEvent, umbrellaRecord, umbrellaTime } from './index.ts';

const ctx = { bucket: 'umb', key: 'dnslogs/2024-03-05/2024-03-05-10-20-ab12.csv.gz', accountAlias: '' };

test('field sets as Wazuh names them: 13 DNS, 23 proxy, 7 IP', () => {
  assert.deepEqual([UMBRELLA_FIELDS.dnslogs.length, UMBRELLA_FIELDS.proxylogs.length, UMBRELLA_FIELDS.iplogs.length], [13, 23, 7]);
});

test('DNS row: Wazuh message and columns; missing columns left out, extra ones dropped', () => {
  const row = ['2024-03-05 10:20:30', 'jdoe (jdoe@example.com)', 'jdoe,WIN-PC', '10.10.1.100', '198.51.100.20', 'Blocked', '1 (A)', 'NOERROR', 'malware.example.', 'Malware', 'AD Users', 'AD Users,AD Computers', 'Malware', 'EXTRA'];
  const { message, columns } = umbrellaEvent('dnslogs', umbrellaRecord('dnslogs', row), ctx);
  assert.equal(
    JSON.stringify(message),
    '{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"dnslogs/2024-03-05/2024-03-05-10-20-ab12.csv.gz","s3bucket":"umb"},"timestamp":"2024-03-05 10:20:30","most_granular_identity":"jdoe (jdoe@example.com)","identities":"jdoe,WIN-PC","internal_ip":"10.10.1.100","external_ip":"198.51.100.20","action":"Blocked","query_type":"1 (A)","response_code":"NOERROR","domain":"malware.example.","categories":"Malware","most_granular_identity_type":"AD Users","identity_types":"AD Users,AD Computers","blocked_categories":"Malware","source":"cisco_umbrella"}}',
  );
  assert.deepEqual(columns, { time: Date.UTC(2024, 2, 5, 10, 20, 30), source: 'cisco_umbrella', bucket: 'umb', key: ctx.key, srcIp: '10.10.1.100', action: 'Blocked', eventName: 'malware.example.', user: 'jdoe (jdoe@example.com)' });
  assert.deepEqual(Object.keys(umbrellaRecord('iplogs', ['t', 'id'])), ['timestamp', 'identity', 'source']);
});

test('IP and proxy columns', () => {
  const ip = umbrellaEvent('iplogs', umbrellaRecord('iplogs', ['2024-03-05 10:20:30', 'office', '10.0.0.1', '50000', '203.0.113.4', '443', 'Botnet']), ctx);
  assert.deepEqual([ip.columns.srcIp, ip.columns.srcPort, ip.columns.dstIp, ip.columns.dstPort, ip.columns.user], ['10.0.0.1', 50000, '203.0.113.4', 443, 'office']);
  const proxyRow = UMBRELLA_FIELDS.proxylogs.map((f) => ({ internal_ip: '10.0.0.2', destination_ip: '203.0.113.5', verdict: 'BLOCKED', url: 'http://bad.example/x', response_size: '1234', identities: 'lab' } as Record<string, string>)[f] ?? '');
  const proxy = umbrellaEvent('proxylogs', umbrellaRecord('proxylogs', proxyRow), ctx);
  assert.deepEqual([proxy.columns.srcIp, proxy.columns.dstIp, proxy.columns.action, proxy.columns.eventName, proxy.columns.bytes, proxy.columns.user], ['10.0.0.2', '203.0.113.5', 'BLOCKED', 'http://bad.example/x', 1234, 'lab']);
  assert.equal(umbrellaTime('2024-03-05T10:20:30Z'), undefined);
});
