/**
 * `<service type="cloudwatchlogs">` against moto's CloudWatch Logs, through the real SDK client:
 * raw messages as Wazuh sends them, stream positions committed with the events (no repeats after
 * a restart, none lost when a page fails), remove_log_streams, discard_regex, missing groups.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createSilentLogger } from '../../src/core/index.ts';
import type { EventBatch, PipelineStage } from '../../src/core/index.ts';
import { compileDiscardRegex } from '../../src/config/discard-regex.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { runOnce, tempStore } from '../helpers/collect.ts';
import { createLogGroup, motoLogs, motoService, putLogEvents, serviceBlock, uniqueLogGroup } from '../helpers/moto-services.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-3';

/** A whole second three hours ago: inside moto's accepted window, after only_logs_after. */
const T0 = Math.floor((Date.now() - 3 * 3600_000) / 1000) * 1000;
const ONLY_LOGS_AFTER = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
/** What a stream's reading covers from: only_logs_after's midnight (UTC). */
const FLOOR = Date.parse(`${ONLY_LOGS_AFTER}T00:00:00Z`);

function regexOf(pattern: string): RegExp {
  const checked = compileDiscardRegex(pattern);
  if (!checked.ok) throw new Error(`bad test regex ${pattern}`);
  return checked.value;
}

const CLOUDTRAIL = JSON.stringify({
  eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
  eventTime: '2026-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
});

async function storedEvents(store: Awaited<ReturnType<typeof tempStore>>['store']) {
  const rows = await store.query(`SELECT id, epoch_ms(ts) AS ts, source, account_id, region, bucket, log_key, event_name, user_name, src_ip FROM events_v ORDER BY id`);
  const messages = await store.readMessages(rows.map((r) => Number(r.id)));
  return rows.map((r, i) => ({ ...r, id: undefined, message: JSON.parse(messages[i]!) as unknown }));
}

/** A log group with one stream `big` of 10,005 events (GetLogEvents answers 10,000 per page: two pages) and an empty store; undefined without moto. */
async function twoPageStream(t: TestContext, label: string) {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return undefined;
  const group = uniqueLogGroup(label);
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['big']);
  const total = 10_005;
  await putLogEvents(logs, group, 'big', Array.from({ length: total }, (_, i) => ({ timestamp: T0 + i, message: `event ${i}` })));
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  return { endpoint, group, logs, total, store };
}

test('CloudWatch Logs: every stream is read as Wazuh sends it; new events after a restart are read once, none repeated', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('golden');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['app/1', 'app/2']);
  await putLogEvents(logs, group, 'app/1', [
    { timestamp: T0, message: 'START RequestId: 8f5e Version: $LATEST' },
    { timestamp: T0 + 1000, message: CLOUDTRAIL },
    { timestamp: T0 + 2000, message: 'first at :02' },
    { timestamp: T0 + 2000, message: 'second at :02' },
  ]);
  await putLogEvents(logs, group, 'app/2', [{ timestamp: T0 + 500, message: '{"level":"warn","msg":"disk 91%"}' }]);

  const { dir, store, cleanup } = await tempStore();
  let current = store;
  t.after(async () => { await current.close(); await cleanup().catch(() => undefined); });
  const wodle = serviceBlock([motoService(endpoint, 'cloudwatchlogs', { regions: [REGION], awsLogGroups: [group], onlyLogsAfter: ONLY_LOGS_AFTER })], false);

  const first = await runOnce(store, wodle);
  assert.deepEqual([first.stats.events, first.stats.errors, first.failed], [5, 0, false]);
  const row = (ts: number, stream: string, message: unknown, extra: Record<string, unknown> = {}) => ({
    ts, source: 'cloudwatchlogs', account_id: ACCOUNT, region: REGION, bucket: group, log_key: stream,
    event_name: null, user_name: null, src_ip: null, ...extra, id: undefined, message,
  });
  assert.deepEqual(await storedEvents(store), [
    row(T0, 'app/1', 'START RequestId: 8f5e Version: $LATEST'),
    row(T0 + 1000, 'app/1', CLOUDTRAIL, { event_name: 'CreateUser', user_name: 'alice', src_ip: '198.51.100.7' }),
    row(T0 + 2000, 'app/1', 'first at :02'),
    row(T0 + 2000, 'app/1', 'second at :02'),
    row(T0 + 500, 'app/2', '{"level":"warn","msg":"disk 91%"}'),
  ]);
  assert.deepEqual(await store.query(`SELECT name, CAST(position AS VARCHAR) AS p FROM service_positions ORDER BY name`), [
    { name: `${group}:app/1`, p: JSON.stringify({ first: FLOOR, last: T0 + 2000, lastCount: 2 }) },
    { name: `${group}:app/2`, p: JSON.stringify({ first: FLOOR, last: T0 + 500, lastCount: 1 }) },
  ]);

  const again = await runOnce(store, wodle);
  assert.deepEqual([again.stats.events, again.failed], [0, false]);

  // New events, one of them in the millisecond the last run stopped at; then a restart.
  await putLogEvents(logs, group, 'app/1', [
    { timestamp: T0 + 2000, message: 'third at :02, stored later' },
    { timestamp: T0 + 3000, message: 'at :03' },
  ]);
  await store.close();
  current = await openDuckDbStore({ path: `${dir}/awsmon.duckdb`, logger: createSilentLogger() });
  const afterRestart = await runOnce(current, wodle);
  assert.deepEqual([afterRestart.stats.events, afterRestart.failed], [2, false]);
  const messages = (await storedEvents(current)).map((e) => e.message);
  assert.deepEqual(messages.slice(5), ['third at :02, stored later', 'at :03']);
  assert.equal((await runOnce(current, wodle)).stats.events, 0);
  assert.equal(await current.countEvents(), 7);
});

/** A pipeline stage that fails the `n`th batch it sees (1-based), once. */
function failingStage(n: number): PipelineStage {
  let seen = 0;
  return {
    name: 'fails-once',
    process(batch: EventBatch) {
      seen += 1;
      if (seen === n) throw new Error(`stage failed on batch ${n} (${batch.length} events)`);
    },
  };
}

test('CloudWatch Logs: a page that fails is not committed; the next run reads it once, after the pages already stored', async (t) => {
  const setup = await twoPageStream(t, 'pages');
  if (!setup) return;
  const { endpoint, group, total, store } = setup;
  const wodle = serviceBlock([motoService(endpoint, 'cloudwatchlogs', { regions: [REGION], awsLogGroups: [group], onlyLogsAfter: ONLY_LOGS_AFTER })], false);

  const failed = await runOnce(store, wodle, { pipeline: createPipeline([failingStage(2)]) });
  assert.equal(failed.failed, true);
  assert.equal(failed.stats.events, 10_000);
  assert.match(failed.stats.failures[0]!, /^ERROR: stage failed on batch 2 \(5 events\)/);
  assert.equal(await store.countEvents(), 10_000);
  assert.deepEqual(await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions`), [
    { p: JSON.stringify({ first: FLOOR, last: T0 + 9999, lastCount: 1 }) },
  ]);

  const resumed = await runOnce(store, wodle);
  assert.deepEqual([resumed.stats.events, resumed.failed], [5, false]);
  assert.deepEqual(await store.query(`SELECT count(*) AS n, count(DISTINCT ts) AS distinct_ts, min(epoch_ms(ts)) AS lo, max(epoch_ms(ts)) AS hi FROM events`), [
    { n: total, distinct_ts: total, lo: T0, hi: T0 + total - 1 },
  ]);
});

test('CloudWatch Logs: remove_log_streams deletes read streams; discard_regex on the text or a JSON field; a missing group is SOURCE_LOG_GROUP_NOT_FOUND', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('options');
  const missing = uniqueLogGroup('missing');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['s']);
  await putLogEvents(logs, group, 's', [
    { timestamp: T0, message: 'DEBUG noisy line' },
    { timestamp: T0 + 1, message: 'ERROR kept line' },
    { timestamp: T0 + 2, message: '{"level":"debug","msg":"json noise"}' },
    { timestamp: T0 + 3, message: '{"level":"error","msg":"json kept"}' },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const service = (extra: Parameters<typeof motoService>[2]) => motoService(endpoint, 'cloudwatchlogs', {
    regions: [REGION], onlyLogsAfter: ONLY_LOGS_AFTER, ...extra,
  });

  // Without a field the regex applies to the text; with one, to the JSON object's field.
  const byText = await runOnce(store, serviceBlock([service({ awsLogGroups: [missing, group], discardRegex: { pattern: 'DEBUG', regex: regexOf('DEBUG') } })]));
  assert.equal(byText.failed, false);
  assert.equal(byText.stats.errors, 1);
  assert.equal(byText.stats.failures[0], `SOURCE_LOG_GROUP_NOT_FOUND: region '${REGION}': log group '${missing}' does not exist; check aws_log_groups and regions`);
  assert.deepEqual((await storedEvents(store)).map((e) => e.message), [
    'ERROR kept line', '{"level":"debug","msg":"json noise"}', '{"level":"error","msg":"json kept"}',
  ]);

  const { store: other, cleanup: cleanupOther } = await tempStore();
  t.after(cleanupOther);
  const byField = await runOnce(other, serviceBlock([service({
    awsLogGroups: [group], removeLogStreams: true, discardRegex: { field: 'level', pattern: 'debug', regex: regexOf('debug') },
  })]));
  assert.deepEqual([byField.stats.events, byField.stats.errors], [3, 0]);
  assert.deepEqual((await storedEvents(other)).map((e) => e.message), ['DEBUG noisy line', 'ERROR kept line', '{"level":"error","msg":"json kept"}']);
  const left = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  assert.deepEqual(left.logStreams ?? [], []);
  assert.deepEqual(await other.query('SELECT count(*) AS n FROM service_positions'), [{ n: 0 }]);

  // Without skip_on_error a missing group fails the service run.
  const strict = await runOnce(other, serviceBlock([service({ awsLogGroups: [missing] })], false));
  assert.equal(strict.failed, true);
  assert.match(strict.stats.failures[0]!, /^SOURCE_LOG_GROUP_NOT_FOUND: /);
});

test('CloudWatch Logs: a run stopped part-way through a stream (SIGTERM) keeps the stream for remove_log_streams; the next run reads the rest, then deletes it', async (t) => {
  const setup = await twoPageStream(t, 'stopped');
  if (!setup) return;
  const { endpoint, group, logs, total, store } = setup;
  const wodle = serviceBlock([motoService(endpoint, 'cloudwatchlogs', { regions: [REGION], awsLogGroups: [group], onlyLogsAfter: ONLY_LOGS_AFTER, removeLogStreams: true })], false);
  // SIGTERM arrives while the first page goes through the pipeline.
  const controller = new AbortController();
  const sigterm: PipelineStage = { name: 'sigterm', process: (_batch: EventBatch) => controller.abort() };
  const stopped = await runOnce(store, wodle, { pipeline: createPipeline([sigterm]), signal: controller.signal });
  assert.deepEqual([stopped.stats.events, stopped.stats.objects], [10_000, 0]);
  assert.equal(await store.countEvents(), 10_000);
  const kept = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  assert.deepEqual((kept.logStreams ?? []).map((s) => s.logStreamName), ['big']);

  const rest = await runOnce(store, wodle);
  assert.deepEqual([rest.stats.events, rest.stats.objects], [5, 1]);
  assert.equal(await store.countEvents(), total);
  const left = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  assert.deepEqual(left.logStreams ?? [], []);
});

test('CloudWatch Logs: moving only_logs_after earlier reads the gap once, then goes on from the position', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('backfill');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['s']);
  const OLD = Math.floor((Date.now() - 4 * 86400_000) / 1000) * 1000;
  await putLogEvents(logs, group, 's', [
    { timestamp: OLD, message: 'old 1' }, { timestamp: OLD + 1, message: 'old 2' },
    { timestamp: T0, message: 'new 1' }, { timestamp: T0 + 1, message: 'new 2' },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const earlier = new Date(Date.now() - 6 * 86400_000).toISOString().slice(0, 10);
  const wodle = (onlyLogsAfter: string) => serviceBlock([motoService(endpoint, 'cloudwatchlogs', { regions: [REGION], awsLogGroups: [group], onlyLogsAfter })], false);

  assert.equal((await runOnce(store, wodle(ONLY_LOGS_AFTER))).stats.events, 2);
  const backfill = await runOnce(store, wodle(earlier));
  assert.deepEqual([backfill.stats.events, backfill.failed], [2, false]);
  assert.deepEqual((await storedEvents(store)).map((e) => e.message), ['new 1', 'new 2', 'old 1', 'old 2']);
  assert.deepEqual(await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions`), [
    { p: JSON.stringify({ first: Date.parse(`${earlier}T00:00:00Z`), last: T0 + 1, lastCount: 1 }) },
  ]);
  assert.equal((await runOnce(store, wodle(earlier))).stats.events, 0);
  await putLogEvents(logs, group, 's', [{ timestamp: T0 + 2, message: 'new 3' }]);
  assert.equal((await runOnce(store, wodle(earlier))).stats.events, 1);
  assert.equal(await store.countEvents(), 5);
});

test('CloudWatch Logs: an interrupted backfill resumes after its committed pages', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('backfill-resume');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['s']);
  const OLD = Math.floor((Date.now() - 4 * 86400_000) / 1000) * 1000;
  const old = Array.from({ length: 10_003 }, (_, i) => ({ timestamp: OLD + i, message: `old ${i}` }));
  await putLogEvents(logs, group, 's', [...old, { timestamp: T0, message: 'new' }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const earlier = new Date(Date.now() - 6 * 86400_000).toISOString().slice(0, 10);
  const wodle = (onlyLogsAfter: string) => serviceBlock([motoService(endpoint, 'cloudwatchlogs', { regions: [REGION], awsLogGroups: [group], onlyLogsAfter })], false);

  assert.equal((await runOnce(store, wodle(ONLY_LOGS_AFTER))).stats.events, 1);
  const failed = await runOnce(store, wodle(earlier), { pipeline: createPipeline([failingStage(2)]) });
  assert.deepEqual([failed.stats.events, failed.failed], [10_000, true]);
  assert.deepEqual(await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions`), [{
    p: JSON.stringify({ first: FLOOR, last: T0, lastCount: 1, backfill: { from: Date.parse(`${earlier}T00:00:00Z`), to: FLOOR, last: OLD + 9999, lastCount: 1 } }),
  }]);
  const resumed = await runOnce(store, wodle(earlier));
  assert.deepEqual([resumed.stats.events, resumed.failed], [3, false]);
  assert.deepEqual(await store.query('SELECT count(*) AS n, count(DISTINCT ts) AS distinct_ts FROM events'), [{ n: 10_004, distinct_ts: 10_004 }]);
  assert.deepEqual(await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions`), [
    { p: JSON.stringify({ first: Date.parse(`${earlier}T00:00:00Z`), last: T0, lastCount: 1 }) },
  ]);
});
