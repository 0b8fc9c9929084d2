/**
 * Kill a real `awsmon run --once` (SIGKILL) at several points while it collects from moto,
 * restart it each time, and prove that in the end every event is stored exactly once, in the
 * store and in archives.json. Then a daemon stopped with SIGTERM drains and exits cleanly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { runCli, startCli, waitForStderr } from '../helpers/cli.ts';
import { createSilentLogger } from '../../src/core/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { cloudTrailEvent, vpcFlowEvent } from '../../src/events/index.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord, V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';

const ACCT = '111122223333';
const TRAIL_OBJECTS = 80;
const RECORDS_PER_TRAIL = 150;
const FLOW_OBJECTS = 20;
const ROWS_PER_FLOW = 3000;
const TOTAL_EVENTS = TRAIL_OBJECTS * RECORDS_PER_TRAIL + FLOW_OBJECTS * ROWS_PER_FLOW;

function objects() {
  const base = Date.parse('2024-03-05T00:00:00Z');
  const trail = Array.from({ length: TRAIL_OBJECTS }, (_, i) => {
    const time = new Date(base + i * 300_000);
    const records = Array.from({ length: RECORDS_PER_TRAIL }, (_, j) => cloudTrailRecord({ eventID: `ct-${i}-${j}`, eventTime: time.toISOString().replace('.000Z', 'Z') }));
    return { key: cloudTrailKey(ACCT, 'us-east-1', time), body: cloudTrailObject(records) };
  });
  const flows = Array.from({ length: FLOW_OBJECTS }, (_, i) => {
    const time = new Date(base + i * 300_000);
    const rows = Array.from({ length: ROWS_PER_FLOW }, (_, j) => vpcFlowRow({ srcport: 1024 + j, packets: i, start: time.getTime() / 1000, end: time.getTime() / 1000 + 60 }));
    return { key: vpcFlowKey(ACCT, 'us-east-1', 'fl-0123456789abcdef0', time), body: vpcFlowObject(V2_FIELDS, rows) };
  });
  return { trail, flows };
}

/** The size archives.json will have: every event's message, one per line. */
function estimateArchiveBytes(trailKey: string, flowKey: string, trailBucket: string, flowBucket: string): number {
  const ctx = { accountAlias: '', accountId: ACCT, region: 'us-east-1' };
  const record = cloudTrailRecord({ eventID: 'ct-0-0' });
  const trailLine = JSON.stringify(cloudTrailEvent(record as unknown as Record<string, unknown>, { ...ctx, bucket: trailBucket, key: trailKey }).message).length + 1;
  const fields = V2_FIELDS.map((f) => f.replaceAll('-', '_'));
  const row = vpcFlowRow({ srcport: 1024 });
  const flowLine = JSON.stringify(vpcFlowEvent(fields, V2_FIELDS.map((f) => String(row[f])), { ...ctx, bucket: flowBucket, key: flowKey, flowLogId: 'fl-0123456789abcdef0' }).message).length + 1;
  return TRAIL_OBJECTS * RECORDS_PER_TRAIL * trailLine + FLOW_OBJECTS * ROWS_PER_FLOW * flowLine;
}

async function readState(dataDir: string) {
  const store = await openDuckDbStore({ path: join(dataDir, 'awsmon.duckdb'), archivesFile: join(dataDir, 'archives', 'archives.json'), logger: createSilentLogger() });
  try {
    const [events] = await store.query('SELECT count(*) AS n FROM events');
    const [objectsRead] = await store.query('SELECT count(*) AS n FROM processed_objects');
    return { events: Number(events?.n), objects: Number(objectsRead?.n) };
  } finally {
    await store.close();
  }
}

test('SIGKILL at several points, then restart: no event lost, none stored twice', { timeout: 600_000 }, async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const trailBucket = uniqueBucket('crash-trail');
  const flowBucket = uniqueBucket('crash-flows');
  const { trail, flows } = objects();
  await seedBucket(endpoint, trailBucket, trail);
  await seedBucket(endpoint, flowBucket, flows);
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-crash-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const conf = join(dir, 'ossec.conf');
  const bucketXml = (type: string, name: string) => `<bucket type="${type}"><name>${name}</name><access_key>testing</access_key><secret_key>testing</secret_key>
    <only_logs_after>2024-MAR-05</only_logs_after><service_endpoint>${endpoint}</service_endpoint></bucket>`;
  await writeFile(conf, `<ossec_config>
    <wodle name="aws-s3"><skip_on_error>no</skip_on_error>${bucketXml('cloudtrail', trailBucket)}</wodle>
    <wodle name="aws-s3"><skip_on_error>no</skip_on_error>${bucketXml('vpcflow', flowBucket)}</wodle>
  </ossec_config>`);
  const dataDir = join(dir, 'data');
  const args = ['run', '--once', '--config', conf, '--data-dir', dataDir, '--archives', '--log-level', 'error'];

  // Kill the runs once archives.json (appended just before each commit) reaches about a quarter,
  // a half and three quarters of the whole output; then let a run complete. The kills land
  // between commits and between an append and its commit, wherever the run is.
  const archives = join(dataDir, 'archives', 'archives.json');
  const sizeOf = async () => (existsSync(archives) ? (await stat(archives)).size : 0);
  const estimatedTotal = estimateArchiveBytes(trail[0]!.key, flows[0]!.key, trailBucket, flowBucket);
  const partials: number[] = [];
  let completed = false;
  for (let attempt = 0; attempt < 8 && !completed; attempt++) {
    const killAt = attempt < 3 ? ((attempt + 1) * estimatedTotal) / 4 : Infinity;
    const { child, result } = startCli(args);
    let exited = false;
    void result.then(() => { exited = true; });
    while (!exited && (await sizeOf()) < killAt) await sleep(10);
    if (!exited) child.kill('SIGKILL');
    t.diagnostic(`attempt ${attempt}: archives ${await sizeOf()} bytes, kill at ${killAt}`);
    const done = await result;
    if (done.signal === 'SIGKILL') {
      const state = await readState(dataDir);
      t.diagnostic(`after kill: ${JSON.stringify(state)}`);
      if (state.objects > 0 && state.objects < TRAIL_OBJECTS + FLOW_OBJECTS) partials.push(state.objects);
      continue;
    }
    assert.equal(done.code, 0, done.stderr);
    completed = true;
  }
  assert.ok(completed, 'a run completed');
  // The kills hit mid-run at several distinct points, not only before or after the work.
  assert.ok(new Set(partials).size >= 2, `kills left partial states at several points: ${JSON.stringify(partials)}`);

  const state = await readState(dataDir);
  assert.deepEqual(state, { events: TOTAL_EVENTS, objects: TRAIL_OBJECTS + FLOW_OBJECTS });
  const store = await openDuckDbStore({ path: join(dataDir, 'awsmon.duckdb'), logger: createSilentLogger() });
  // No CloudTrail eventID stored twice: read every stored CloudTrail message back.
  const trailIds = (await store.query("SELECT id FROM events WHERE source = 'cloudtrail'")).map((r) => r.id as number);
  const eventIds = (await store.readMessages(trailIds)).map((m) => (JSON.parse(m!) as { aws: { eventID: string } }).aws.eventID);
  await store.close();
  assert.equal(eventIds.length, TRAIL_OBJECTS * RECORDS_PER_TRAIL);
  assert.equal(new Set(eventIds).size, eventIds.length);

  const archived = (await readFile(join(dataDir, 'archives', 'archives.json'), 'utf8')).trim().split('\n');
  assert.equal(archived.length, TOTAL_EVENTS);
  assert.equal(new Set(archived).size, TOTAL_EVENTS, 'no line archived twice');
  const ids = archived.map((l) => JSON.parse(l) as { aws: { eventID?: string; srcport?: string; log_info: { log_file: string } } })
    .map((m) => m.aws.eventID ?? `${m.aws.log_info.log_file}:${m.aws.srcport}`);
  assert.equal(new Set(ids).size, TOTAL_EVENTS);
  t.diagnostic(`kills left partial states at ${partials.join(', ')} of ${TRAIL_OBJECTS + FLOW_OBJECTS} objects`);
});

test('the daemon stops cleanly on SIGTERM after storing the objects in flight', { timeout: 300_000 }, async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const trailBucket = uniqueBucket('term-trail');
  const { trail } = objects();
  await seedBucket(endpoint, trailBucket, trail);
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-term-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const conf = join(dir, 'ossec.conf');
  await writeFile(conf, `<ossec_config><wodle name="aws-s3"><interval>1h</interval><bucket type="cloudtrail"><name>${trailBucket}</name>
    <access_key>testing</access_key><secret_key>testing</secret_key><only_logs_after>2024-MAR-05</only_logs_after>
    <service_endpoint>${endpoint}</service_endpoint></bucket></wodle></ossec_config>`);
  const dataDir = join(dir, 'data');
  const { child, result } = startCli(['start', '--config', conf, '--data-dir', dataDir, '--log-level', 'error', '--listen', '127.0.0.1:0']);
  // Signal once the daemon runs (its handlers are set in the same tick as this line), mid-collection.
  await waitForStderr(child, /collecting \d+ block/);
  await sleep(500);
  child.kill('SIGTERM');
  const done = await result;
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stderr, /stopped cleanly/);
  // Whatever was stored is whole objects: events = objects read × records per object.
  const state = await readState(dataDir);
  assert.equal(state.events, state.objects * RECORDS_PER_TRAIL);
  // A run after the stop completes the rest without duplicates.
  const rest = await runCli(['run', '--once', '--config', conf, '--data-dir', dataDir, '--log-level', 'error']);
  assert.equal(rest.code, 0, rest.stderr);
  assert.deepEqual(await readState(dataDir), { events: TRAIL_OBJECTS * RECORDS_PER_TRAIL, objects: TRAIL_OBJECTS });
});
