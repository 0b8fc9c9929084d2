import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customCsvRecord, customJsonEvent, customTableEvent, customVpcRecord } from './index.ts';

const ctx = { bucket: 'fh', key: '2024/03/05/10/s-1-2024-03-05-10-00-00-x', accountAlias: '' };

test('space-separated lines: the 14 VPC fields, times left as they are, source vpc (Wazuh)', () => {
  const values = '2 111122223333 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1709632800 1709632860 ACCEPT OK'.split(' ');
  const { message, columns } = customTableEvent(customVpcRecord(values), ctx);
  assert.equal(
    JSON.stringify(message.aws).replace(/^\{"log_info":\{[^}]*\},/, '{'),
    '{"version":"2","account_id":"111122223333","interface_id":"eni-1","srcaddr":"10.0.0.1","dstaddr":"10.0.0.2","srcport":"443","dstport":"49152","protocol":"6","packets":"10","bytes":"840","start":"1709632800","end":"1709632860","action":"ACCEPT","log_status":"OK","source":"vpc"}',
  );
  assert.deepEqual(
    [columns.time, columns.account, columns.srcIp, columns.dstPort, columns.protocol, columns.action, columns.bytes, columns.packets],
    [1709632800000, '111122223333', '10.0.0.1', 49152, 6, 'ACCEPT', 840, 10],
  );
  assert.deepEqual(Object.keys(customVpcRecord(['2', 'acct'])), ['version', 'account_id', 'source']);
});

test('CSV rows under their header, source custom; a header column named source is overwritten in place', () => {
  const record = customCsvRecord(['timestamp', 'source', 'user'], ['2024-03-05T10:00:00Z', 'app', 'dave', 'extra']);
  assert.deepEqual(Object.entries(record), [['timestamp', '2024-03-05T10:00:00Z'], ['source', 'custom'], ['user', 'dave']]);
  const { columns } = customTableEvent(record, ctx);
  assert.deepEqual([columns.time, columns.source], [Date.parse('2024-03-05T10:00:00Z'), 'custom']);
});

test('JSON objects without detail: kept whole, source from their own without "aws.", else custom; time from a time field', () => {
  const a = customJsonEvent({ time: '2024-03-05T10:00:00Z', source: 'aws.health', gone: null, list: ['x'] }, ctx);
  assert.equal(JSON.stringify(a.message.aws).replace(/^\{"log_info":\{[^}]*\},/, '{'), '{"time":"2024-03-05T10:00:00Z","source":"health","list":"x"}');
  assert.deepEqual([a.columns.time, a.columns.source], [Date.parse('2024-03-05T10:00:00Z'), 'health']);
  const b = customJsonEvent({ logGroup: '/app' }, ctx);
  assert.deepEqual(Object.keys(b.message.aws), ['log_info', 'logGroup', 'source']);
  assert.equal(b.columns.source, 'custom');
});
