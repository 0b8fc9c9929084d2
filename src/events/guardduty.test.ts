import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardDutyEvents } from './index.ts';
import type { EventContext } from './index.ts';

const ctx: EventContext = { bucket: 'gd', key: 'AWSLogs/111122223333/GuardDuty/us-east-1/2024/03/05/a.jsonl.gz', accountAlias: 'sec' };
const LOG_INFO = '"log_info":{"aws_account_alias":"sec","log_file":"AWSLogs/111122223333/GuardDuty/us-east-1/2024/03/05/a.jsonl.gz","s3bucket":"gd"}';

function probe(details: unknown[]): Record<string, unknown> {
  return {
    accountId: '111122223333', region: 'us-east-1', id: 'f1', type: 'Recon:EC2/PortProbeUnprotectedPort', partition: null,
    resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-1', networkInterfaces: [{ privateIpAddress: '10.0.0.5', gone: null }] } },
    service: { serviceName: 'guardduty', action: { actionType: 'PORT_PROBE', portProbeAction: { blocked: false, portProbeDetails: details } }, count: 3, note: null },
    severity: 2, updatedAt: '2024-03-05T10:00:00.123Z',
    source: 'guardduty',
  };
}

const D1 = { localPortDetails: { port: 22, portName: 'SSH' }, remoteIpDetails: { ipAddressV4: '198.51.100.1', organization: { asn: '64500' } }, extra: null };
const D2 = { localPortDetails: { port: 3389, portName: 'RDP' }, remoteIpDetails: { ipAddressV4: '198.51.100.2' } };

test('a finding with several port probe details gives one message per detail, without the list reformat (as Wazuh)', () => {
  const events = guardDutyEvents(probe([D1, D2]), ctx);
  assert.equal(events.length, 2);
  const common = (detail: string) => `{"integration":"aws","aws":{${LOG_INFO},"accountId":"111122223333","region":"us-east-1","id":"f1","type":"Recon:EC2/PortProbeUnprotectedPort","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-1","networkInterfaces":[{"privateIpAddress":"10.0.0.5","gone":null}]}},"service":{"serviceName":"guardduty","action":{"actionType":"PORT_PROBE","portProbeAction":{"blocked":false,"portProbeDetails":${detail}}},"count":3},"severity":2,"updatedAt":"2024-03-05T10:00:00.123Z","source":"guardduty"}}`;
  assert.equal(JSON.stringify(events[0]!.message), common(JSON.stringify(D1)));
  assert.equal(JSON.stringify(events[1]!.message), common(JSON.stringify(D2)));
  assert.deepEqual(events.map((e) => [e.columns.srcIp, e.columns.dstIp, e.columns.dstPort]), [['198.51.100.1', '10.0.0.5', 22], ['198.51.100.2', '10.0.0.5', 3389]]);
  assert.deepEqual(events[0]!.columns, {
    time: Date.parse('2024-03-05T10:00:00.123Z'), source: 'guardduty', account: '111122223333', region: 'us-east-1', bucket: 'gd', key: ctx.key,
    srcIp: '198.51.100.1', dstIp: '10.0.0.5', srcPort: undefined, dstPort: 22, protocol: undefined, action: 'PORT_PROBE',
    eventName: 'Recon:EC2/PortProbeUnprotectedPort', user: undefined, bytes: undefined, packets: undefined,
  });
});

test('a finding with one port probe detail gets the custom reformat: lists unwrapped, unusual wrapped', () => {
  const record = probe([D2]);
  (record['service'] as Record<string, unknown>)['additionalInfo'] = { unusual: 443, sample: true };
  const [event] = guardDutyEvents(record, ctx);
  assert.equal(
    JSON.stringify(event!.message),
    `{"integration":"aws","aws":{${LOG_INFO},"accountId":"111122223333","region":"us-east-1","id":"f1","type":"Recon:EC2/PortProbeUnprotectedPort","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-1","networkInterfaces":{"privateIpAddress":"10.0.0.5","gone":null}}},"service":{"serviceName":"guardduty","action":{"actionType":"PORT_PROBE","portProbeAction":{"blocked":false,"portProbeDetails":${JSON.stringify(D2)}}},"count":3,"additionalInfo":{"unusual":{"value":443},"sample":true}},"severity":2,"updatedAt":"2024-03-05T10:00:00.123Z","source":"guardduty"}}`,
  );
  // The raw record is not modified.
  assert.equal((record['service'] as { additionalInfo: { unusual: unknown } }).additionalInfo.unusual, 443);
});

test('network connection columns follow the direction; API call findings give the caller and user', () => {
  const outbound = {
    accountId: '1', type: 'Backdoor:EC2/C&CActivity.B', source: 'guardduty', resource: {},
    service: { action: { actionType: 'NETWORK_CONNECTION', networkConnectionAction: {
      connectionDirection: 'OUTBOUND', protocol: 'UDP', localIpDetails: { ipAddressV4: '10.0.0.9' }, localPortDetails: { port: 50000 },
      remoteIpDetails: { ipAddressV4: '203.0.113.9' }, remotePortDetails: { port: 53 },
    } } },
  };
  const [out] = guardDutyEvents(outbound, ctx);
  assert.deepEqual([out!.columns.srcIp, out!.columns.srcPort, out!.columns.dstIp, out!.columns.dstPort, out!.columns.protocol], ['10.0.0.9', 50000, '203.0.113.9', 53, 17]);
  const api = {
    type: 'UnauthorizedAccess:IAMUser/TorIPCaller', source: 'guardduty', resource: { accessKeyDetails: { userName: 'alice' } },
    service: { action: { actionType: 'AWS_API_CALL', awsApiCallAction: { api: 'ListBuckets', remoteIpDetails: { ipAddressV4: '192.0.2.66' } } } },
  };
  const [call] = guardDutyEvents(api, ctx);
  assert.deepEqual([call!.columns.srcIp, call!.columns.user, call!.columns.action], ['192.0.2.66', 'alice', 'AWS_API_CALL']);
});
