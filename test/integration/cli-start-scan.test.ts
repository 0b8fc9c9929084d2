/**
 * `awsmon start` with no configuration (what `npm start` runs) generates the demo bucket and
 * collects every record of it; `awsmon scan` reads a local copy of a bucket through the same code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSilentLogger } from '../../src/core/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord, gzip } from '../fixtures/index.ts';

async function counts(dataDir: string): Promise<Record<string, number>> {
  const store = await openDuckDbStore({ path: join(dataDir, 'awsmon.duckdb'), logger: createSilentLogger() });
  try {
    const rows = await store.query('SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source');
    return Object.fromEntries(rows.map((r) => [String(r.source), Number(r.n)]));
  } finally {
    await store.close();
  }
}

test('awsmon start without a configuration collects the whole demo bucket, then stops cleanly on SIGTERM', { timeout: 180_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-demo-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { child, result } = startCli(['start', '--data-dir', dir, '--listen', '127.0.0.1:0']);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  // Both blocks (CloudTrail, flow logs) report their first run.
  const deadline = Date.now() + 150_000;
  while (!(/"block":1,"objects"/.test(stderr) && /"block":2,"objects"/.test(stderr)) && Date.now() < deadline && child.exitCode === null) await sleep(200);
  // The API serves what was collected, on the loopback address it printed.
  const url = /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
  assert.ok(url, stderr);
  const status = await (await fetch(`${url}api/status`)).json() as { events: number };
  child.kill('SIGTERM');
  const done = await result;
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stderr, /stopped cleanly/);
  const announced = /\((\d+) objects, (\d+) CloudTrail records, (\d+) flow records\)/.exec(done.stderr);
  assert.ok(announced, done.stderr);
  assert.deepEqual(await counts(dir), { cloudtrail: Number(announced[2]), vpc: Number(announced[3]) });
  assert.equal(status.events, Number(announced[2]) + Number(announced[3]));
});

test('awsmon scan reads a local copy of a bucket, every date, and reports a bad object without losing the rest', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-scan-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const bucket = join(dir, 'exported-trail');
  const files = [
    { key: cloudTrailKey('111122223333', 'us-east-1', '2023-01-02T03:05:00Z'), body: cloudTrailObject([cloudTrailRecord({ eventID: 'a' }), cloudTrailRecord({ eventID: 'b' })]) },
    { key: cloudTrailKey('111122223333', 'eu-west-1', '2023-01-03T03:05:00Z'), body: cloudTrailObject([cloudTrailRecord({ eventID: 'c' })]) },
    { key: cloudTrailKey('111122223333', 'eu-west-1', '2023-01-03T03:10:00Z'), body: gzip('{"Records":[{"eventID":"d"},') },
  ];
  for (const f of files) {
    await mkdir(dirname(join(bucket, f.key)), { recursive: true });
    await writeFile(join(bucket, f.key), f.body);
  }
  const run = await runCli(['scan', bucket, '--type', 'cloudtrail', '--data-dir', join(dir, 'data')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^awsmon scan exported-trail: 2 objects, 3 events, 1 errors in /);
  assert.match(run.stdout, /error: FORMAT_BAD_JSON: bucket 'exported-trail', key '.*20230103T0310Z.*': .*truncated/);
  assert.deepEqual(await counts(join(dir, 'data')), { cloudtrail: 3 });
  const bad = await runCli(['scan', bucket, '--type', 'nosuch']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /CLI_USAGE: awsmon scan: --type must be one of cloudtrail, vpcflow/);
});
