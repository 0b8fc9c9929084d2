/**
 * `awsmon run --once` in a child process against moto with one `<wodle>` block holding a bucket
 * of each type on a dated layout (guardduty, waf, custom, server_access, cisco_umbrella), as a
 * Wazuh user would configure them: every bucket is collected and archives.json holds the
 * messages the Wazuh module sends, one per record (two for a finding with two port probes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { cliWorkspace, runCli } from '../helpers/cli.ts';
import { bucketXml } from '../helpers/ossec-conf.ts';
import {
  concatenated, csvLine, eventBridgeEvent, firehoseKey, guardDutyExportKey, guardDutyFinding, gz, jsonLines, serverAccessKey, serverAccessLine,
  umbrellaKey, wafDirectKey, wafRecord,
} from '../fixtures/dated-types.ts';

const ACCT = '111122223333';

test('awsmon run --once collects a guardduty, waf, custom, server_access and cisco_umbrella bucket of one block', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const names = { gd: uniqueBucket('cli-gd'), waf: uniqueBucket('cli-waf'), custom: uniqueBucket('cli-custom'), s3: uniqueBucket('cli-s3al'), umb: uniqueBucket('cli-umb') };
  await seedBucket(endpoint, names.gd, [{ key: guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:00:00Z', 'g1'), body: gz(jsonLines([guardDutyFinding('f', '2024-03-05T10:00:00.000Z', [{ port: 22, ip: '198.51.100.1' }, { port: 23, ip: '198.51.100.2' }])])) }]);
  await seedBucket(endpoint, names.waf, [{ key: wafDirectKey(ACCT, 'eu-west-1', 'shop', '2024-03-05T10:00:00Z', 'w1'), body: gz(jsonLines([wafRecord('2024-03-05T10:00:00Z', '203.0.113.50', 'SQLi', 'r-1')])) }]);
  await seedBucket(endpoint, names.custom, [{ key: firehoseKey('events/', 's', '2024-03-05T10:00:00Z', 'c1'), body: gz(concatenated([eventBridgeEvent('aws.macie', 'Macie Finding', '2024-03-05T10:00:00Z', { id: 'm-1', type: 'Policy:IAMUser/S3BucketPublic' }, 'e1')])) }]);
  await seedBucket(endpoint, names.s3, [{ key: serverAccessKey('', '2024-03-05T10:00:00Z', 'S1'), body: serverAccessLine('2024-03-05T09:59:00Z', 'a.jpg', '200', 'R1') }]);
  await seedBucket(endpoint, names.umb, [{ key: umbrellaKey('', 'iplogs', '2024-03-05T10:00:00Z', 'u1'), body: gz(`${csvLine(['2024-03-05 10:00:00', 'Office', '10.0.0.1', '50000', '203.0.113.4', '443', 'Botnet'])}\n`) }]);

  const { dir, env, cleanup } = await cliWorkspace('dated');
  t.after(cleanup);
  await writeFile(join(dir, 'ossec.conf'), `<ossec_config>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>no</skip_on_error>
${bucketXml('guardduty', names.gd, endpoint)}
${bucketXml('waf', names.waf, endpoint)}
${bucketXml('custom', names.custom, endpoint, '\n      <path>events</path>')}
${bucketXml('server_access', names.s3, endpoint)}
${bucketXml('cisco_umbrella', names.umb, endpoint, '\n      <path>iplogs</path>')}
  </wodle>
</ossec_config>`);
  const args = ['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'];
  const run = await runCli(args, env);
  assert.equal(run.code, 0, run.stderr);
  // No warning or error was logged (e.g. "validated but not collected").
  assert.doesNotMatch(run.stderr, /"level":|not collected/);
  assert.match(run.stdout, /^awsmon run: 5 objects, 6 events, 0 errors in \d+\.\d s/);
  const messages = (await readFile(join(dir, 'data', 'archives', 'archives.json'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { aws: Record<string, unknown> & { log_info: { s3bucket: string } } });
  const sources = messages.map((m) => [m.aws.log_info.s3bucket, m.aws['source']] as const).sort();
  assert.deepEqual(sources, [
    [names.custom, 'macie'], [names.gd, 'guardduty'], [names.gd, 'guardduty'], [names.s3, 's3_server_access'], [names.umb, 'cisco_umbrella'], [names.waf, 'waf'],
  ].sort());
  const macie = messages.find((m) => m.aws['source'] === 'macie')!;
  assert.equal(JSON.stringify(macie), `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"events/2024/03/05/10/s-1-2024-03-05-10-00-00-c1","s3bucket":"${names.custom}"},"id":"m-1","type":"Policy:IAMUser/S3BucketPublic","source":"macie"}}`);

  const again = await runCli(args, env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^awsmon run: 0 objects, 0 events, 0 errors/);
});
