import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateDemoBucket, type CloudTrailRecord, type DemoBucket } from './index.ts';

const TODAY = new Date('2024-03-06T10:37:00Z');
const D0 = '2024-03-04';
const D1 = '2024-03-05';
const CT_KEY = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$/;
const DIGEST_KEY = /^AWSLogs\/(\d{12})\/CloudTrail-Digest\/([a-z]{2}-[a-z]+-\d)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail-Digest_\2_management-events_\2_\d{8}T\d{6}Z\.json\.gz$/;
const FLOW_KEY = /^AWSLogs\/(\d{12})\/vpcflowlogs\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_vpcflowlogs_\2_(fl-[0-9a-f]{17})_(\d{8}T\d{4}Z)_[0-9a-f]{8}\.log\.gz$/;
// Background flow clients use .120–.190 of a few public /24s (for the dashboard's map); everything else is documentation or private.
const DOC_OR_PRIVATE = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$|^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$|^(81\.2\.69|89\.160\.20|175\.16\.199|177\.54\.144|41\.79\.4|67\.43\.156|2\.125\.160|185\.220\.101)\.(1[2-8]\d|190)$/;

interface Flow { log: string; stamp: string; f: Record<string, string> }
let dir = '';
let demo: DemoBucket;
let files: Map<string, Buffer>;
const trail: Array<{ key: string; account: string; region: string; stamp: string; record: CloudTrailRecord }> = [];
const flows: Flow[] = [];
const flowHeaders = new Map<string, string>();

function readTree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p).split(sep).join('/'), readFileSync(p));
    }
  };
  walk(root);
  return out;
}
const stampMs = (stamp: string): number => Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`);
const at = (day: string, hms: string): string => `${day}T${hms}Z`;
const epoch = (iso: string): number => Date.parse(iso) / 1000;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsmon-demo-'));
  demo = await generateDemoBucket(join(dir, 'a'), { today: TODAY });
  files = readTree(demo.root);
  for (const [key, body] of files) {
    const ct = CT_KEY.exec(key);
    if (ct) {
      for (const record of (JSON.parse(gunzipSync(body).toString()) as { Records: CloudTrailRecord[] }).Records) {
        trail.push({ key, account: ct[1] ?? '', region: ct[2] ?? '', stamp: ct[6] ?? '', record });
      }
    }
    const fl = FLOW_KEY.exec(key);
    if (fl) {
      const [header = '', ...lines] = gunzipSync(body).toString().split('\n');
      assert.equal(lines.pop(), '', `${key} ends with a newline`);
      flowHeaders.set(fl[6] ?? '', header);
      const names = header.split(' ');
      for (const line of lines) {
        const values = line.split(' ');
        assert.equal(values.length, names.length, `${key}: ${line}`);
        flows.push({ log: fl[6] ?? '', stamp: fl[7] ?? '', f: Object.fromEntries(names.map((n, i) => [n, values[i] ?? ''])) });
      }
    }
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('reports what it wrote', () => {
  assert.equal(demo.bucket, 'awsmon-demo-trail');
  assert.equal(demo.root, join(dir, 'a', 'awsmon-demo-trail'));
  assert.deepEqual(demo.accounts, ['111122223333', '444455556666']);
  assert.deepEqual(demo.regions, ['us-east-1', 'eu-west-1']);
  assert.equal(demo.firstDay, D0);
  assert.equal(demo.objects, files.size);
  assert.equal(demo.cloudtrailRecords, trail.length);
  assert.equal(demo.flowRecords, flows.length);
  const bytes = [...files.values()].reduce((sum, b) => sum + b.length, 0);
  assert.ok(bytes < 30e6, `${bytes} bytes`);
});

test('same bytes for the same day and seed; a rerun rewrites nothing; another seed differs', async () => {
  const again = await generateDemoBucket(join(dir, 'b'), { today: new Date('2024-03-06T10:00:00Z') });
  assert.deepEqual(readTree(again.root), files);
  const someKey = [...files.keys()][0] ?? '';
  const mtime = statSync(join(demo.root, someKey)).mtimeMs;
  await generateDemoBucket(join(dir, 'a'), { today: TODAY });
  assert.equal(statSync(join(demo.root, someKey)).mtimeMs, mtime);
  assert.deepEqual(readTree(demo.root), files);
  const other = await generateDemoBucket(join(dir, 'c'), { today: TODAY, seed: 7 });
  const otherTree = readTree(other.root);
  // Only digest names carry no seeded part; their content still differs.
  const shared = [...otherTree.keys()].filter((k) => files.has(k));
  assert.equal(shared.length, 4);
  for (const k of shared) assert.notDeepEqual(otherTree.get(k), files.get(k));
  for (const body of files.values()) assert.deepEqual([...body.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
});

test('keys follow the AWS layouts and cover two days before today up to its current hour', () => {
  const kinds = { ct: 0, digest: 0, flow: 0 };
  for (const key of files.keys()) {
    if (CT_KEY.test(key)) kinds.ct++;
    else if (DIGEST_KEY.test(key)) kinds.digest++;
    else if (FLOW_KEY.test(key)) kinds.flow++;
    else assert.fail(`unexpected key ${key}`);
  }
  assert.equal(kinds.digest, 4);
  // 2 flow logs × (2 days × 288 + 10 hours × 12) five-minute windows: today stops at 10:00.
  assert.equal(kinds.flow, 2 * (2 * 288 + 120));
  assert.equal(kinds.ct + kinds.digest + kinds.flow, files.size);
  const stamps = [...files.keys()].map((k) => CT_KEY.exec(k)?.[6] ?? FLOW_KEY.exec(k)?.[7]).filter((s) => s !== undefined).sort();
  assert.equal(stamps[0], '20240304T0000Z');
  assert.equal(stamps.at(-1), '20240306T0955Z');
  for (const [key] of files) {
    const m = CT_KEY.exec(key) ?? FLOW_KEY.exec(key);
    if (m) assert.equal(`${m[3]}${m[4]}${m[5]}`, (m[6]?.startsWith('fl-') ? m[7] : m[6])?.slice(0, 8), key);
  }
  assert.deepEqual(new Set(flows.map((f) => f.log)), new Set(['fl-0a1b2c3d4e5f60718', 'fl-0f9e8d7c6b5a40312']));
});

test('CloudTrail records are complete and lie in their file window', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  for (const { key, account, stamp, record: r } of trail) {
    assert.ok(['1.08', '1.09'].includes(r.eventVersion), key);
    assert.match(r.eventTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const t = Date.parse(r.eventTime) - stampMs(stamp);
    assert.ok(t >= 0 && t < 300_000, `${r.eventTime} in ${key}`);
    assert.match(r.eventID, uuid);
    assert.equal(r.recipientAccountId, account);
    assert.ok(r.eventSource.endsWith('.amazonaws.com') && r.eventName && r.awsRegion && r.sourceIPAddress && r.userAgent, key);
    assert.ok('requestParameters' in r && 'responseElements' in r && typeof r.readOnly === 'boolean' && typeof r.managementEvent === 'boolean');
    assert.ok(['AwsApiCall', 'AwsConsoleSignIn'].includes(r.eventType));
    assert.equal(r.eventCategory, r.managementEvent ? 'Management' : 'Data');
    if (r.userIdentity.type !== 'AWSService') assert.equal(r.userIdentity.accountId, account);
    if (r.sourceIPAddress.match(/^\d/)) assert.match(r.sourceIPAddress, DOC_OR_PRIVATE);
  }
  assert.deepEqual(new Set(trail.map((t) => t.record.userIdentity.type)), new Set(['IAMUser', 'AssumedRole', 'Root', 'AWSService']));
  const has = (p: (r: CloudTrailRecord) => boolean): number => trail.filter((t) => p(t.record)).length;
  assert.ok(has((r) => /^(Describe|List|Get)/.test(r.eventName)) > 1000);
  assert.ok(has((r) => r.eventName === 'AssumeRole' && r.userIdentity.type === 'AWSService') > 100);
  assert.ok(has((r) => r.eventName === 'GetObject' && r.eventCategory === 'Data') > 100);
  assert.ok(has((r) => r.eventName === 'Decrypt' && r.userIdentity.type === 'AWSService') > 100);
});

const named = (name: string): CloudTrailRecord[] => trail.filter((t) => t.record.eventName === name).map((t) => t.record);

test('scenario 1: alice creates IAM user svc-backup, a key for it, and makes it admin', () => {
  const [user, ...more] = named('CreateUser');
  assert.equal(more.length, 0);
  assert.equal(user?.eventTime, at(D1, '09:14:07'));
  assert.equal(user?.eventSource, 'iam.amazonaws.com');
  assert.equal(user?.awsRegion, 'us-east-1');
  assert.equal(user?.sourceIPAddress, '203.0.113.10');
  assert.deepEqual([user?.userIdentity.type, user?.userIdentity.userName], ['IAMUser', 'alice']);
  assert.deepEqual(user?.requestParameters, { userName: 'svc-backup' });
  assert.deepEqual(named('CreateAccessKey').map((r) => [r.eventTime, r.requestParameters?.userName]), [[at(D1, '09:14:52'), 'svc-backup']]);
  assert.deepEqual(named('AttachUserPolicy').map((r) => [r.eventTime, r.requestParameters]), [[at(D1, '09:15:31'), { userName: 'svc-backup', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]]);
});

test('scenarios 2 and 3: a VPC is created, bob is denied creating one', () => {
  const vpcs = named('CreateVpc').sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  assert.equal(vpcs.length, 2);
  const [ok, denied] = vpcs;
  assert.equal(ok?.eventTime, at(D1, '10:02:33'));
  assert.equal(ok?.errorCode, undefined);
  assert.equal((ok?.responseElements?.vpc as { vpcId: string }).vpcId, 'vpc-0c5e7a9d1f3b24680');
  assert.equal(ok?.userIdentity.arn, 'arn:aws:sts::111122223333:assumed-role/TerraformDeploy/terraform-ci-4821');
  assert.equal(denied?.eventTime, at(D1, '10:41:18'));
  assert.equal(denied?.awsRegion, 'eu-west-1');
  assert.equal(denied?.userIdentity.userName, 'bob');
  assert.equal(denied?.errorCode, 'Client.UnauthorizedOperation');
  assert.match(denied?.errorMessage ?? '', /^You are not authorized to perform this operation\. User: arn:aws:iam::111122223333:user\/bob is not authorized to perform: ec2:CreateVpc/);
  assert.equal(denied?.responseElements, null);
});

test('scenario 4: console logins, and 14 failures in 2 minutes from one IP then a success without MFA', () => {
  const logins = named('ConsoleLogin');
  for (const r of logins) assert.equal(r.eventType, 'AwsConsoleSignIn');
  const ok = logins.filter((r) => r.responseElements?.ConsoleLogin === 'Success');
  const failed = logins.filter((r) => r.responseElements?.ConsoleLogin === 'Failure');
  assert.equal(ok.length, 5);
  assert.equal(failed.length, 14);
  for (const r of failed) assert.deepEqual([r.errorMessage, r.sourceIPAddress, r.userIdentity.userName], ['Failed authentication', '198.51.100.77', 'bob']);
  const times = failed.map((r) => Date.parse(r.eventTime)).sort((a, b) => a - b);
  assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) <= 120_000);
  assert.equal(failed[0]?.eventTime, at(D1, '14:30:05'));
  const after = ok.filter((r) => r.sourceIPAddress === '198.51.100.77');
  assert.deepEqual(after.map((r) => [r.eventTime, r.userIdentity.userName, r.additionalEventData?.MFAUsed]), [[at(D1, '14:32:21'), 'bob', 'No']]);
  assert.deepEqual(ok.filter((r) => r !== after[0]).map((r) => r.additionalEventData?.MFAUsed), ['Yes', 'Yes', 'Yes', 'Yes']);
  assert.ok(ok.some((r) => r.userIdentity.type === 'Root'));
  for (const r of logins) assert.deepEqual(Object.keys(r.additionalEventData ?? {}).slice(0, 3), ['LoginTo', 'MobileVersion', 'MFAUsed']);
});

test('hostile strings are planted for escaping tests', () => {
  assert.equal(trail.filter((t) => t.record.userAgent === '<script>alert(1)</script>').length, 2);
  assert.equal(trail.filter((t) => JSON.stringify(t.record.requestParameters).includes('"><img src=x onerror=alert(2)>')).length, 1);
});

test('scenario 5: a port scan of 400 distinct ports in 5 minutes, mostly rejected', () => {
  const scan = flows.filter((x) => x.f.srcaddr === '198.51.100.23');
  assert.equal(scan.length, 400);
  assert.deepEqual(new Set(scan.map((x) => x.stamp)), new Set(['20240305T0315Z']));
  assert.deepEqual(new Set(scan.map((x) => x.f.dstaddr)), new Set(['10.0.1.10']));
  assert.equal(new Set(scan.map((x) => x.f.dstport)).size, 400);
  assert.equal(scan.filter((x) => x.f.action === 'REJECT').length, 398);
  const starts = scan.map((x) => Number(x.f.start));
  assert.equal(Math.min(...starts), epoch(at(D1, '03:16:04')));
  assert.ok(Math.max(...scan.map((x) => Number(x.f.end))) < epoch(at(D1, '03:20:00')));
});

test('scenario 5: one hour of the middle day carries ~10x the bytes of the dev VPC', () => {
  const hourly = new Map<string, number>();
  for (const x of flows) {
    if (x.log !== 'fl-0f9e8d7c6b5a40312' || x.f.bytes === '-') continue;
    const hour = new Date(Number(x.f.start) * 1000).toISOString().slice(0, 13);
    hourly.set(hour, (hourly.get(hour) ?? 0) + Number(x.f.bytes));
  }
  const sorted = [...hourly].sort((a, b) => b[1] - a[1]);
  assert.equal(sorted[0]?.[0], `${D1}T15`);
  const sameHourBefore = hourly.get(`${D0}T15`) ?? 1;
  const ratio = (sorted[0]?.[1] ?? 0) / sameHourBefore;
  assert.ok(ratio > 8 && ratio < 14, `ratio ${ratio}`);
  const exfil = flows.filter((x) => x.f.dstaddr === '203.0.113.200');
  assert.equal(exfil.length, 60);
  for (const x of exfil) assert.deepEqual([x.f.srcaddr, x.f['flow-direction'], x.f['instance-id']], ['10.1.1.50', 'egress', 'i-0d4c3b2a19f8e7d60']);
});

test('scenario 5: baseline is diurnal, SSH from the internet is accepted once, NODATA and SKIPDATA appear', () => {
  const prodBytes = (h0: number, h1: number): number => flows
    .filter((x) => x.log === 'fl-0a1b2c3d4e5f60718' && x.stamp.startsWith('20240304') && x.f.bytes !== '-')
    .filter((x) => { const h = new Date(Number(x.f.start) * 1000).getUTCHours(); return h >= h0 && h < h1; })
    .reduce((s, x) => s + Number(x.f.bytes), 0);
  assert.ok(prodBytes(13, 17) > 3 * prodBytes(1, 5), `${prodBytes(13, 17)} vs ${prodBytes(1, 5)}`);
  const ssh = flows.filter((x) => x.f.dstport === '22' && x.f.action === 'ACCEPT');
  assert.deepEqual(ssh.map((x) => [x.f.srcaddr, x.f.dstaddr, x.stamp]), [['192.0.2.99', '10.0.1.11', '20240304T2245Z']]);
  for (const log of ['fl-0a1b2c3d4e5f60718', 'fl-0f9e8d7c6b5a40312']) {
    const idle = flows.filter((x) => x.log === log && x.f['log-status'] !== 'OK');
    assert.equal(idle.filter((x) => x.f['log-status'] === 'SKIPDATA').length, 1);
    assert.ok(idle.filter((x) => x.f['log-status'] === 'NODATA').length > 50);
    for (const x of idle) assert.deepEqual([x.f.srcaddr, x.f.dstport, x.f.action], ['-', '-', '-']);
  }
  assert.ok(flows.filter((x) => x.f.action === 'REJECT').length > 1000);
  assert.equal(flowHeaders.get('fl-0a1b2c3d4e5f60718'), 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
  assert.ok(flowHeaders.get('fl-0f9e8d7c6b5a40312')?.startsWith('version vpc-id subnet-id instance-id interface-id account-id type srcaddr'));
  for (const x of flows) {
    assert.equal(x.f.version, x.log === 'fl-0a1b2c3d4e5f60718' ? '2' : '5');
    for (const field of ['srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr']) if (x.f[field] !== undefined && x.f[field] !== '-') assert.match(x.f[field] ?? '', DOC_OR_PRIVATE);
  }
});

test('digest files list the log files of their hour with SHA-256 of their content', () => {
  for (const [key, body] of files) {
    if (!DIGEST_KEY.test(key)) continue;
    const digest = JSON.parse(gunzipSync(body).toString()) as { Records?: unknown; digestS3Object: string; logFiles: Array<{ s3Object: string; hashValue: string }> };
    assert.equal(digest.Records, undefined);
    assert.equal(digest.digestS3Object, key);
    assert.ok(digest.logFiles.length >= 5, `${digest.logFiles.length} log files`);
    for (const f of digest.logFiles) {
      const content = gunzipSync(files.get(f.s3Object) ?? Buffer.alloc(0));
      assert.equal(f.hashValue, createHash('sha256').update(content).digest('hex'));
    }
  }
});
