import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudTrailEvent, createCloudTrailEventBuilder, createRawMessageBuilder, createVpcFlowEventBuilder } from '../events/index.ts';
import type { EventContext } from '../events/index.ts';
import type { AwsmonEvent } from '../core/index.ts';
import { flowLine, openDuckDbStore, rebuildMessage } from './index.ts';
import type { EventStore, StoredDetail, StoredObject } from './index.ts';
import { flowEvent } from './event-store.contract.ts';

const dirs: string[] = [];
test.after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
let lastDir = '';
async function openStore(archives = false): Promise<{ store: EventStore; archivesFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-rebuild-test-'));
  dirs.push(dir);
  lastDir = dir;
  const archivesFile = join(dir, 'archives.json');
  return { store: await openDuckDbStore({ path: join(dir, 'a.duckdb'), archivesFile: archives ? archivesFile : undefined }), archivesFile };
}

/** The stored body bytes of each event of `key` (read from the segment file itself), in id order. */
async function bodies(store: EventStore, key: string): Promise<string[]> {
  const rows = await store.query('SELECT o.segment, o.body_base + e.body_off AS at, e.body_len AS n FROM events e JOIN objects o USING (object_id) WHERE o.log_key = $1 ORDER BY e.id', [key]);
  const files = new Map<number, Buffer>();
  const out: string[] = [];
  for (const r of rows) {
    const seg = r.segment as number;
    if (!files.has(seg)) files.set(seg, await readFile(join(lastDir, 'bodies', `segment-${String(seg).padStart(6, '0')}.dat`)));
    out.push(files.get(seg)!.toString('utf8', r.at as number, (r.at as number) + (r.n as number)));
  }
  return out;
}

const scope = { bucketPath: 'logs/AWSLogs/', accountId: '123456789012', region: 'us-east-1' };
const V2 = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'];
const flowKey = 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/06/01/123456789012_vpcflowlogs_us-east-1_fl-0abc_20240601T0000Z_f00d.log.gz';
const trailKey = 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/01/trail.json.gz';
const flowCtx: EventContext = {
  bucket: 'logs', key: flowKey, accountAlias: 'prod', accountId: '123456789012', region: 'us-east-1', flowLogId: 'fl-0abc',
  flowLogResource: { resource_id: 'vpc-1', traffic_type: 'ALL' },
};

function flowEvents(): AwsmonEvent[] {
  const build = createVpcFlowEventBuilder(V2, flowCtx);
  return [
    build(['2', '123456789012', 'eni-1', '10.0.0.1', '10.0.0.2', '443', '49152', '6', '10', '840', '1717200000', '1717200060', 'ACCEPT', 'OK']),
    build(['2', '123456789012', 'eni-1', '-', '-', '-', '-', '-', '-', '-', '-', '1717200060', '-', 'NODATA']),
    // A value holding a space or a tab cannot be kept as a line: it falls back to JSON.
    build(['2', '123456789012', 'eni 1', '10.0.0.1', '10.0.0.2', '443', '49152', '6', '10', '840', '1717200000', '1717200060', 'ACCEPT', 'OK']),
    build(['2', '123456789012', 'eni-1\t', '10.0.0.1', '10.0.0.2', '443', '49152', '6', '10', '840', '1717200000', '1717200060', 'ACCEPT', 'OK']),
  ];
}

function trailEvents(): AwsmonEvent[] {
  const ctx: EventContext = { bucket: 'logs', key: trailKey, accountAlias: '', accountId: '123456789012', region: 'us-east-1' };
  return [0, 1, 2].map((i) => cloudTrailEvent({
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: `user-${i}\u00e9` }, eventTime: `2024-06-01T00:00:0${i}Z`,
    eventName: 'ConsoleLogin', awsRegion: i === 2 ? 'eu-west-1' : 'us-east-1', sourceIPAddress: '203.0.113.7', recipientAccountId: i === 2 ? '210987654321' : '123456789012',
    requestParameters: null, additionalEventData: { LoginTo: 'https://console.aws.amazon.com/\u2028"quoted"' },
  }, ctx));
}

async function commit(store: EventStore, key: string, events: AwsmonEvent[]): Promise<void> {
  const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
  await tx.write(events);
  await tx.commit();
}

/** Every stored message of `key`, rebuilt by hand from its row, object and body bytes, in id order; checked against readMessages. */
async function rebuilt(store: EventStore, key: string): Promise<{ kinds: number[]; messages: string[] }> {
  const [object] = await store.query('SELECT * FROM objects WHERE log_key = $1', [key]) as unknown as StoredObject[];
  const ids = await store.query('SELECT id, detail_kind FROM events_v WHERE log_key = $1 ORDER BY id', [key]);
  const details = await bodies(store, key);
  const rows: StoredDetail[] = ids.map((r, i) => ({ detail_kind: r.detail_kind as number, detail: details[i]! }));
  const messages = rows.map((r) => {
    if (r.detail_kind !== 2) return rebuildMessage(r, object!);
    const { kind, fields, line, context } = flowLine(r, object!);
    return JSON.stringify(createRawMessageBuilder(kind, fields, context)(line));
  });
  assert.deepEqual(await store.readMessages(ids.map((r) => r.id as number)), messages, 'readMessages gives what the rebuild functions give');
  return { kinds: rows.map((r) => r.detail_kind), messages };
}

test('CloudTrail events that carry their record text are kept as it and rebuilt exactly', async () => {
  const { store } = await openStore();
  const ctx: EventContext = { bucket: 'logs', key: trailKey, accountAlias: 'prod', accountId: '123456789012', region: 'us-east-1' };
  const texts = [
    '{"eventVersion":"1.08","eventTime":"2024-06-01T00:00:00Z","eventName":"CreateUser","sourceIPAddress":"203.0.113.7","resources":[{"ARN":"a"}],"errorCode":null}',
    '{ "eventTime" : "2024-06-01T00:00:01Z", "eventName":"ConsoleLogin", "responseElements":"Success", "userAgent":"\\u003cscript\\u003e \u00e9" }',
  ];
  const build = createCloudTrailEventBuilder(ctx);
  const events = texts.map((t) => build(JSON.parse(t) as Record<string, unknown>, t));
  const expected = texts.map((t) => JSON.stringify(cloudTrailEvent(JSON.parse(t) as Record<string, unknown>, ctx).message));
  await commit(store, trailKey, events);
  const { kinds, messages } = await rebuilt(store, trailKey);
  assert.deepEqual(kinds, [2, 2]);
  assert.deepEqual(messages, expected);
  assert.deepEqual(await bodies(store, trailKey), texts);
});

test('VPC flow events are kept as their lines and rebuilt exactly; lines that would not split back keep their JSON', async () => {
  const { store } = await openStore();
  const events = flowEvents();
  await commit(store, flowKey, events);
  const { kinds, messages } = await rebuilt(store, flowKey);
  assert.deepEqual(kinds, [2, 2, 1, 1]);
  assert.deepEqual(messages, events.map((e) => JSON.stringify(e.message)));
  assert.equal((await bodies(store, flowKey))[0], events[0]!.raw);
  assert.deepEqual(await store.query('SELECT src_ip, src_port, ts FROM events ORDER BY id LIMIT 2'), [
    { src_ip: '10.0.0.1', src_port: 443, ts: '2024-06-01T00:00:00.000Z' },
    { src_ip: null, src_port: null, ts: new Date(events[1]!.columns.time).toISOString() },
  ]);
  await store.close();
});

test('CloudTrail events keep their JSON minus the object prefix, rebuilt exactly, with their own account and region', async () => {
  const { store } = await openStore();
  const events = trailEvents();
  await commit(store, trailKey, events);
  const { kinds, messages } = await rebuilt(store, trailKey);
  assert.deepEqual(kinds, [1, 1, 1]);
  assert.deepEqual(messages, events.map((e) => JSON.stringify(e.message)));
  const rows = await store.query('SELECT id, account_id, region, user_name FROM events_v ORDER BY id');
  assert.deepEqual(rows.map((r) => [r.account_id, r.region, r.user_name]), [
    ['123456789012', 'us-east-1', 'user-0\u00e9'], ['123456789012', 'us-east-1', 'user-1\u00e9'], ['210987654321', 'eu-west-1', 'user-2\u00e9'],
  ]);
  assert.equal(await store.getMessage(rows[2]!.id as number), messages[2]);
  await store.close();
});

test('a message that does not start with the object prefix is kept whole (kind 0)', async () => {
  const { store } = await openStore();
  const first = flowEvent(1, 'k', 'logs');
  const odd = flowEvent(2, 'k', 'logs');
  const { log_info: info, ...rest } = odd.message.aws;
  odd.message.aws = { ...rest, log_info: info! };
  await commit(store, 'k', [first, odd]);
  const { kinds, messages } = await rebuilt(store, 'k');
  assert.deepEqual(kinds, [1, 0]);
  assert.deepEqual(messages, [first, odd].map((e) => JSON.stringify(e.message)));
  await store.close();
});

test('objects: one row per committed object with prefix, flow fields and context; ids continue; replace swaps the row', async () => {
  const { store } = await openStore();
  await commit(store, flowKey, flowEvents());
  await commit(store, trailKey, trailEvents());
  const aborted = await store.beginObject(scope, { key: 'gone' });
  await aborted.write([flowEvent(1, 'gone', 'logs')]);
  await aborted.abort();
  await commit(store, 'empty', []);
  const rows = await store.query('SELECT object_id, bucket, log_key, bucket_path, account_id, region, account_alias, message_prefix, flow_fields, context, segment, body_base FROM objects ORDER BY object_id');
  const flowBytes = flowEvents().reduce((n, e, i) => n + Buffer.byteLength(i < 2 ? e.raw! : JSON.stringify(e.message).slice((rows[0]!.message_prefix as string).length)), 0);
  const trailBytes = trailEvents().reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.message).slice((rows[1]!.message_prefix as string).length)), 0);
  assert.deepEqual(rows, [
    {
      object_id: 1, bucket: 'logs', log_key: flowKey, bucket_path: scope.bucketPath, account_id: scope.accountId, region: 'us-east-1', account_alias: 'prod',
      message_prefix: `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"prod","log_file":"${flowKey}","s3bucket":"logs"},`,
      flow_fields: V2.join(' '), context: JSON.stringify({ kind: 'vpcflow', accountId: '123456789012', flowLogId: 'fl-0abc', flowLogResource: { resource_id: 'vpc-1', traffic_type: 'ALL' } }),
      segment: 1, body_base: 0,
    },
    {
      object_id: 2, bucket: 'logs', log_key: trailKey, bucket_path: scope.bucketPath, account_id: scope.accountId, region: 'us-east-1', account_alias: '',
      message_prefix: `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"${trailKey}","s3bucket":"logs"},`, flow_fields: null, context: null,
      segment: 1, body_base: flowBytes,
    },
    {
      object_id: 4, bucket: 'logs', log_key: 'empty', bucket_path: scope.bucketPath, account_id: scope.accountId, region: 'us-east-1', account_alias: null,
      message_prefix: null, flow_fields: null, context: null, segment: 1, body_base: flowBytes + trailBytes,
    },
  ]);
  const again = await store.beginObject(scope, { key: trailKey }, { replace: true });
  await again.write(trailEvents().slice(0, 1));
  await again.commit();
  assert.deepEqual(await store.query('SELECT object_id, log_key FROM objects ORDER BY object_id'), [{ object_id: 1, log_key: flowKey }, { object_id: 4, log_key: 'empty' }, { object_id: 5, log_key: trailKey }]);
  assert.deepEqual(await store.query('SELECT object_id, count(*) AS n FROM events GROUP BY object_id ORDER BY object_id'), [{ object_id: 1, n: 4 }, { object_id: 5, n: 1 }]);
  await store.close();
});

test('archives.json holds the full JSON of every kind', async () => {
  const { store, archivesFile } = await openStore(true);
  const flows = flowEvents();
  const trails = trailEvents();
  await commit(store, flowKey, flows);
  await commit(store, trailKey, trails);
  await store.close();
  const want = [...flows, ...trails].map((e) => `${JSON.stringify(e.message)}\n`).join('');
  assert.equal(await readFile(archivesFile, 'utf8'), want);
});

test('rebuildMessage refuses a kept line, flowLine anything else', () => {
  const object: StoredObject = { bucket: 'b', log_key: 'k', account_alias: '', message_prefix: '{"a":', flow_fields: 'x y', context: '{}' };
  assert.equal(rebuildMessage({ detail_kind: 1, detail: '1}' }, object), '{"a":1}');
  assert.equal(rebuildMessage({ detail_kind: 0, detail: '{"b":2}' }, object), '{"b":2}');
  assert.throws(() => rebuildMessage({ detail_kind: 2, detail: '1 2' }, object), /flowLine/);
  assert.throws(() => flowLine({ detail_kind: 1, detail: '1}' }, object), /not a kept line/);
  assert.deepEqual(flowLine({ detail_kind: 2, detail: '1 2' }, object), { kind: 'vpcflow', fields: ['x', 'y'], line: '1 2', context: { bucket: 'b', key: 'k', accountAlias: '' } });
});
