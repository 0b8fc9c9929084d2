// Store write throughput through openDuckDbStore: VPC flow events made by the real flow builder
// (kept as their ~100-byte lines) and CloudTrail events made by the real CloudTrail builder
// (~1.5 KB messages, kept as JSON minus the object prefix). Objects of 100k events (committed in
// chunks) or of 300 events (CloudTrail-sized objects, 8 in flight: group commit), written in
// batches of up to 1,000, with and without archives.json. Event generation is timed alone and
// subtracted ("store only"); "+ close" adds the final checkpoint of the run; "groups" counts the
// writer's group transactions.
// Usage: node --import tsx bench/store.ts [vpcEvents] [cloudtrailEvents]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDuckDbStore } from '../src/store/index.ts';
import { cloudTrailEvent, createVpcFlowEventBuilder } from '../src/events/index.ts';
import type { EventContext } from '../src/events/index.ts';
import type { AwsmonEvent } from '../src/core/index.ts';

const BATCH = 1_000;
const V2 = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'];

type Make = (ctx: EventContext) => (i: number) => AwsmonEvent;

const makeFlow: Make = (ctx) => {
  const build = createVpcFlowEventBuilder(V2, ctx);
  return (i) => {
    const start = 1717200000 + Math.floor(i / 50) % 86400;
    return build(['2', '123456789012', `eni-0a1b2c3d4e5f${String(60718 + (i % 40))}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      `172.31.${i % 7}.${i % 250}`, String(1024 + (i % 60000)), i % 3 === 0 ? '443' : String(i % 1024), '6', String(i % 90),
      String(i % 100000), String(start), String(start + 60), i % 5 === 0 ? 'REJECT' : 'ACCEPT', 'OK']);
  };
};

const makeTrail: Make = (ctx) => (i) => cloudTrailEvent({
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole', principalId: `AROAEXAMPLEID${i % 97}:session-${i % 13}`, arn: `arn:aws:sts::123456789012:assumed-role/deployer-${i % 5}/session-${i % 13}`,
    accountId: '123456789012', accessKeyId: `ASIAEXAMPLE${String(i % 1000).padStart(8, '0')}`,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: `arn:aws:iam::123456789012:role/deployer-${i % 5}`, accountId: '123456789012', userName: `deployer-${i % 5}` },
      webIdFederationData: {}, attributes: { creationDate: '2024-06-01T00:00:00Z', mfaAuthenticated: 'false' } },
  },
  eventTime: new Date(Date.UTC(2024, 5, 1) + i * 137).toISOString().slice(0, 19) + 'Z',
  eventSource: 'ec2.amazonaws.com', eventName: ['DescribeInstances', 'RunInstances', 'AssumeRole', 'PutObject'][i % 4], awsRegion: 'us-east-1',
  sourceIPAddress: `198.51.100.${i % 254}`, userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22',
  requestParameters: { instancesSet: { items: [{ instanceId: `i-0${(i * 7919).toString(16).padStart(16, '0')}` }] }, filterSet: {}, includeAllInstances: false,
    maxResults: 1000 },
  responseElements: null, requestID: `${(i * 2654435761 >>> 0).toString(16)}-7c1e-4b6f-9d3e-0123456789ab`, eventID: `e${(i * 40503 >>> 0).toString(16)}-1f2e-4d5c-8b7a-fedcba987654`,
  readOnly: i % 4 === 0, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: '123456789012', eventCategory: 'Management',
  additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader' },
}, ctx);

let peak = 0;

async function run(make: Make, total: number, folder: string, perObject: number, parallel: number, archives: boolean): Promise<{ rows: number; seconds: number; closeSeconds: number; groups: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-bench-store-'));
  let groups = 0;
  const store = await openDuckDbStore({
    path: join(dir, 'awsmon.duckdb'), archivesFile: archives ? join(dir, 'archives', 'archives.json') : undefined, idleCheckpointMs: 0,
    onGroupCommit: () => { groups++; },
  });
  const scope = { bucketPath: 'acme-logs/AWSLogs/', accountId: '123456789012', region: 'us-east-1' };
  const objects = Math.ceil(total / perObject);
  let next = 0;
  let rows = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < objects) {
      const o = next++;
      const key = `AWSLogs/123456789012/${folder}/us-east-1/2024/06/01/123456789012_${folder}_us-east-1_fl-0abc_20240601T${String(o).padStart(4, '0')}Z_f00d.log.gz`;
      const event = make({ bucket: 'acme-logs', key, accountAlias: '', accountId: '123456789012', region: 'us-east-1', flowLogId: 'fl-0abc' });
      const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
      const base = o * perObject;
      for (let b = 0; b < perObject; b += BATCH) {
        const size = Math.min(BATCH, perObject - b);
        const batch = new Array<AwsmonEvent>(size);
        for (let j = 0; j < size; j++) batch[j] = event(base + b + j);
        await tx.write(batch);
      }
      const n = await tx.commit();
      rows += n;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  const closeSeconds = (performance.now() - t0) / 1000 - seconds;
  await rm(dir, { recursive: true, force: true });
  return { rows, seconds, closeSeconds, groups };
}

/** Seconds per event the generator alone takes (built into arrays as the run does). */
function generationCost(make: Make, count: number): number {
  const event = make({ bucket: 'acme-logs', key: 'k', accountAlias: '', accountId: '123456789012', region: 'us-east-1' });
  const t0 = performance.now();
  for (let b = 0; b < count; b += BATCH) {
    const batch = new Array<AwsmonEvent>(BATCH);
    for (let j = 0; j < BATCH; j++) batch[j] = event(b + j);
  }
  return (performance.now() - t0) / 1000 / count;
}

/**
 * Runs every case: `vpcEvents` VPC flow events and `trailEvents` CloudTrail events per case. Rows
 * hold the case, rows, seconds (wall, generation included), rows/s and peak RSS.
 */
export async function runStoreBench(vpcEvents = 1_000_000, trailEvents = Math.round(vpcEvents / 5)): Promise<Record<string, string | number>[]> {
  const table: Record<string, string | number>[] = [];
  const cases = [
    ['vpc', makeFlow, vpcEvents, 'vpcflowlogs', 100_000, 1, false],
    ['vpc', makeFlow, vpcEvents, 'vpcflowlogs', 100_000, 2, false],
    ['vpc', makeFlow, vpcEvents, 'vpcflowlogs', 100_000, 2, true],
    ['cloudtrail', makeTrail, trailEvents, 'CloudTrail', 100_000, 1, false],
    ['cloudtrail', makeTrail, trailEvents, 'CloudTrail', 100_000, 2, false],
    ['cloudtrail', makeTrail, trailEvents, 'CloudTrail', 300, 8, false],
    ['cloudtrail', makeTrail, trailEvents, 'CloudTrail', 300, 8, true],
  ] as const;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    for (const [name, make, total, folder, perObject, parallel, archives] of cases) {
      if (total <= 0) continue;
      const genPerRow = generationCost(make, Math.min(total, 100_000));
      peak = 0;
      const { rows, seconds, closeSeconds, groups } = await run(make, total, folder, perObject, parallel, archives);
      const storeSeconds = seconds - genPerRow * rows;
      table.push({
        case: `${name}, ${perObject.toLocaleString('en-US')}/object, ${parallel} in flight${archives ? ' + archives.json' : ''}`, rows, groups, seconds: Number(seconds.toFixed(2)),
        'rows/s (incl. generation)': Math.round(rows / seconds), 'rows/s (store only)': Math.round(rows / storeSeconds),
        'rows/s (store only + close)': Math.round(rows / (storeSeconds + closeSeconds)), 'peak RSS MB': Math.round(peak / 1e6),
      });
    }
  } finally {
    clearInterval(sampler);
  }
  return table;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await runStoreBench(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 200_000)));
}
