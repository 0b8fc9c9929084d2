/**
 * GuardDuty buckets against moto through the real SDK: the export layout
 * (`AWSLogs/<acct>/GuardDuty/<region>/YYYY/MM/DD/`) and Firehose-delivered EventBridge events in
 * one bucket, port probes split as Wazuh does, state across runs, late objects, bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { putObjects } from '../helpers/s3-put.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { storedMessages, storedTexts } from '../helpers/stored.ts';
import { concatenated, eventBridgeEvent, firehoseKey, guardDutyExportKey, guardDutyFinding, gz, jsonLines } from '../fixtures/dated-types.ts';

const ACCT = '111122223333';

test('guardduty: exported findings and Firehose events in one bucket, one event per port probe, then nothing twice and late objects found', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('gd');
  const twoProbes = guardDutyFinding('f-two', '2024-03-05T10:00:00.000Z', [{ port: 22, ip: '198.51.100.1' }, { port: 3389, ip: '198.51.100.2' }]);
  const oneProbe = guardDutyFinding('f-one', '2024-03-05T10:05:00.000Z', [{ port: 80, ip: '198.51.100.3' }], { partition: null });
  const exportKey = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:10:00Z', '5f1c7d0e-0000-4000-8000-000000000001');
  const viaFirehose = eventBridgeEvent('aws.guardduty', 'GuardDuty Finding', '2024-03-05T11:00:00Z', guardDutyFinding('f-fh', '2024-03-05T11:00:00.000Z', [{ port: 25, ip: '203.0.113.1' }, { port: 26, ip: '203.0.113.2' }], { accountId: '444455556666', region: 'eu-west-1' }), 'eb-1');
  const firehose = firehoseKey('', 'gd-stream', '2024-03-05T11:00:00Z', 'aaaa-1');
  const old = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-04T10:00:00Z', 'old');
  await seedBucket(endpoint, name, [
    { key: exportKey, body: gz(jsonLines([twoProbes, oneProbe])) },
    { key: firehose, body: gz(concatenated([viaFirehose])) },
    { key: old, body: gz(jsonLines([oneProbe])) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'guardduty', name, { onlyLogsAfter: '2024-03-05', awsAccountAlias: 'sec' })]);
  const now = () => new Date('2024-03-06T12:00:00Z');

  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors, first.failed], [2, 5, 0, false]);
  assert.deepEqual(await processedKeys(store), [firehose, exportKey].sort());

  const texts = await storedTexts(store);
  const info = (key: string) => `"log_info":{"aws_account_alias":"sec","log_file":"${key}","s3bucket":"${name}"}`;
  const probeJson = (port: number, ip: string) => `{"localPortDetails":{"port":${port},"portName":"Unknown"},"remoteIpDetails":{"ipAddressV4":"${ip}","country":{"countryName":"Example"}}}`;
  const exported = (id: string, iso: string, detail: string, nics: string, extra = '') =>
    `{"integration":"aws","aws":{${info(exportKey)},"schemaVersion":"2.0","accountId":"${ACCT}","region":"us-east-1",${extra}"id":"${id}","arn":"arn:aws:guardduty:us-east-1:${ACCT}:detector/d1/finding/${id}","type":"Recon:EC2/PortProbeUnprotectedPort","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0a1b2c3d4e5f60010","networkInterfaces":${nics}}},"service":{"serviceName":"guardduty","detectorId":"d1","action":{"actionType":"PORT_PROBE","portProbeAction":{"blocked":false,"portProbeDetails":${detail}}},"resourceRole":"TARGET","additionalInfo":{"threatListName":"ProofPoint"},"eventFirstSeen":"${iso}","eventLastSeen":"${iso}","archived":false,"count":${detail.startsWith('{"localPortDetails":{"port":80') ? 1 : 2}},"severity":2,"createdAt":"${iso}","updatedAt":"${iso}","title":"Unprotected port on EC2 instance is being probed.","description":"probe","source":"guardduty"}}`;
  const NICS_LIST = '[{"privateIpAddress":"10.0.1.10","publicIp":"198.51.100.10"}]';
  const NICS_ONE = '{"privateIpAddress":"10.0.1.10","publicIp":"198.51.100.10"}';
  assert.deepEqual(texts.filter((x) => x.includes(exportKey)), [
    // Split messages keep the lists as they are (Wazuh sends them before its reformat).
    exported('f-two', '2024-03-05T10:00:00.000Z', probeJson(22, '198.51.100.1'), NICS_LIST, '"partition":"aws",'),
    exported('f-two', '2024-03-05T10:00:00.000Z', probeJson(3389, '198.51.100.2'), NICS_LIST, '"partition":"aws",'),
    // One probe: the common reformat (one-element lists unwrapped, the null partition dropped).
    exported('f-one', '2024-03-05T10:05:00.000Z', probeJson(80, '198.51.100.3'), NICS_ONE),
  ]);
  const fromFirehose = (await storedMessages(store)).filter((m) => m.aws.log_info.log_file === firehose);
  assert.deepEqual(fromFirehose.map((m) => [m.aws['source'], m.aws['id'], (m.aws['service'] as { action: { portProbeAction: { portProbeDetails: { localPortDetails: { port: number } } } } }).action.portProbeAction.portProbeDetails.localPortDetails.port]), [['guardduty', 'f-fh', 25], ['guardduty', 'f-fh', 26]]);
  const columns = await store.query('SELECT account_id, region, src_ip, dst_ip, dst_port, action, event_name FROM events_v ORDER BY log_key, id');
  assert.deepEqual(columns[0], { account_id: '444455556666', region: 'eu-west-1', src_ip: '203.0.113.1', dst_ip: '10.0.1.10', dst_port: 25, action: 'PORT_PROBE', event_name: 'Recon:EC2/PortProbeUnprotectedPort' });
  assert.deepEqual(columns[2], { account_id: ACCT, region: 'us-east-1', src_ip: '198.51.100.1', dst_ip: '10.0.1.10', dst_port: 22, action: 'PORT_PROBE', event_name: 'Recon:EC2/PortProbeUnprotectedPort' });

  const second = await runOnce(store, wodle, { now });
  assert.deepEqual([second.stats.objects, second.stats.events], [0, 0]);

  // A finding exported late into a day already read (GuardDuty names objects by UUID, so it can
  // sort anywhere) and a new Firehose object an hour folder later are both read, once.
  const late = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:10:00Z', '00000000-late');
  const newer = firehoseKey('', 'gd-stream', '2024-03-06T09:00:00Z', 'bbbb-2');
  await putObjects(endpoint, name, [
    { key: late, body: gz(jsonLines([guardDutyFinding('f-late', '2024-03-05T10:20:00.000Z', [{ port: 1, ip: '192.0.2.1' }])])) },
    { key: newer, body: gz(concatenated([eventBridgeEvent('aws.guardduty', 'GuardDuty Finding', '2024-03-06T09:00:00Z', guardDutyFinding('f-new', '2024-03-06T09:00:00.000Z', [{ port: 2, ip: '192.0.2.2' }]), 'eb-2')])) },
  ]);
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 2]);
  assert.equal(await store.countEvents(), 7);
  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
});

test('guardduty: a bad line names the object and record; with skip_on_error the other objects are read', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('gd-bad');
  const good = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:00:00Z', 'good');
  const bad = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:00:00Z', 'bad');
  const alien = guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:00:00Z', 'alien');
  const finding = guardDutyFinding('f', '2024-03-05T10:00:00.000Z', [{ port: 22, ip: '198.51.100.1' }]);
  await seedBucket(endpoint, name, [
    { key: good, body: gz(jsonLines([finding])) },
    { key: bad, body: gz(`${JSON.stringify(finding)}\n{"schemaVersion": "2.0", "id": \n`) },
    { key: alien, body: gz(jsonLines([finding, { hello: 'world' }])) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'guardduty', name, { onlyLogsAfter: '2024-03-05' })]), { now: () => new Date('2024-03-05T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1, 1, 2]);
  assert.deepEqual(result.stats.failures.sort(), [
    `FORMAT_BAD_JSON: bucket '${name}', key '${bad}', line 2, record 2: the object stream ends inside a JSON object (truncated object?)`,
    `FORMAT_BAD_RECORD: bucket '${name}', key '${alien}', record 2: neither a GuardDuty finding (no service object) nor an EventBridge event (no detail)`,
  ]);
  assert.deepEqual(await processedKeys(store), [good]);
  assert.equal((await storedMessages(store)).length, 1);
});
