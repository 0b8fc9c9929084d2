/**
 * `awsmon run --once` with `<service>` blocks in a child process against moto: CloudWatch Logs
 * and Inspector collected on the block's schedule, archives holding what Wazuh sends, and a run
 * killed with SIGKILL after its first committed page resumed without losing or repeating events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSilentLogger } from '../../src/core/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { cliWorkspace, runCli, startCli } from '../helpers/cli.ts';
import { createLogGroup, motoLogs, onlyLogsAfterOf, putLogEvents, queueInspectorFindings, uniqueLogGroup } from '../helpers/moto-services.ts';

const REGION = 'ca-central-1';
const T0 = Math.floor((Date.now() - 4 * 3600_000) / 1000) * 1000;
const ONLY_LOGS_AFTER = onlyLogsAfterOf(new Date(Date.now() - 2 * 86400_000));

function ossecConf(group: string, endpoint: string): string {
  return `<ossec_config>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>no</skip_on_error>
    <service type="cloudwatchlogs">
      <aws_profile>default</aws_profile>
      <aws_log_groups>${group}</aws_log_groups>
      <only_logs_after>${ONLY_LOGS_AFTER}</only_logs_after>
      <regions>${REGION}</regions>
      <sts_endpoint>${endpoint}</sts_endpoint>
      <service_endpoint>${endpoint}</service_endpoint>
    </service>
    <service type="inspector">
      <aws_profile>default</aws_profile>
      <regions>${REGION}</regions>
      <sts_endpoint>${endpoint}</sts_endpoint>
      <service_endpoint>${endpoint}</service_endpoint>
    </service>
  </wodle>
</ossec_config>
`;
}

test('run --once reads CloudWatch Logs and Inspector services and archives what Wazuh sends', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('cli');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['web']);
  await putLogEvents(logs, group, 'web', [
    { timestamp: T0, message: '10.0.0.1 - - "GET / HTTP/1.1" 200' },
    { timestamp: T0 + 1, message: '{"event":"login","user":"bob"}' },
  ]);
  await queueInspectorFindings(endpoint, REGION, [[{ awsAccountId: '123456789012', findingArn: 'arn:aws:inspector2:ca-central-1:123456789012:finding/cli', severity: 'CRITICAL', status: 'ACTIVE', type: 'NETWORK_REACHABILITY', updatedAt: 1764003600 }]]);
  const { dir, env, cleanup } = await cliWorkspace('services');
  t.after(cleanup);
  await writeFile(join(dir, 'ossec.conf'), ossecConf(group, endpoint));
  const args = ['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'];

  const run = await runCli(args, env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^awsmon run: 2 objects, 3 events, 0 errors in \d+\.\d s/);
  const lines = (await readFile(join(dir, 'data', 'archives', 'archives.json'), 'utf8')).trim().split('\n');
  assert.deepEqual(lines, [
    JSON.stringify('10.0.0.1 - - "GET / HTTP/1.1" 200'),
    JSON.stringify('{"event":"login","user":"bob"}'),
    // Members in the API model's order, as botocore also returns them.
    JSON.stringify({ integration: 'aws', aws: { findingArn: 'arn:aws:inspector2:ca-central-1:123456789012:finding/cli', awsAccountId: '123456789012', type: 'NETWORK_REACHABILITY', severity: 'CRITICAL', status: 'ACTIVE', updatedAt: '2025-11-24T17:00:00Z', source: 'inspector2' } }),
  ]);

  const again = await runCli(args, env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^awsmon run: 2 objects, 0 events, 0 errors/);
});

test('run --once killed with SIGKILL after its first committed page: the next run stores every event exactly once', { timeout: 240_000 }, async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const group = uniqueLogGroup('kill');
  const logs = motoLogs(endpoint, REGION);
  t.after(() => logs.destroy());
  const total = 50_000;
  await createLogGroup(logs, group, ['bulk']);
  await putLogEvents(logs, group, 'bulk', Array.from({ length: total }, (_, i) => ({ timestamp: T0 + i, message: `bulk event ${i}` })));
  const { dir, env, cleanup } = await cliWorkspace('kill');
  t.after(cleanup);
  await writeFile(join(dir, 'ossec.conf'), ossecConf(group, endpoint).replace(/<service type="inspector">[\s\S]*?<\/service>/, ''));
  const args = ['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--log-level', 'warn'];

  const { child, result } = startCli(args, env);
  // A page's message bodies are appended to the segment file by its commit, and the next page is
  // read only after that commit: bytes beyond the first page mean the first page is committed.
  const firstPage = Array.from({ length: 10_000 }, (_, i) => JSON.stringify(`bulk event ${i}`).length).reduce((a, b) => a + b, 0);
  const segment = join(dir, 'data', 'bodies', 'segment-000001.dat');
  for (;;) {
    const size = await stat(segment).then((s) => s.size, () => 0);
    if (size > firstPage || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  const killed = await result;
  assert.equal(killed.signal, 'SIGKILL', `the run ended before it was killed: ${killed.stdout}${killed.stderr}`);

  const resumed = await runCli(args, env);
  assert.equal(resumed.code, 0, resumed.stderr);
  const store = await openDuckDbStore({ path: join(dir, 'data', 'awsmon.duckdb'), logger: createSilentLogger() });
  t.after(() => store.close());
  const [counts] = await store.query('SELECT count(*) AS n, count(DISTINCT ts) AS distinct_ts, min(epoch_ms(ts)) AS lo, max(epoch_ms(ts)) AS hi FROM events');
  assert.deepEqual(counts, { n: total, distinct_ts: total, lo: T0, hi: T0 + total - 1 });
  // The resumed run read only what the killed one had not committed.
  const [line] = resumed.stdout.split('\n');
  const resumedEvents = Number(/, (\d+) events,/.exec(line ?? '')?.[1]);
  assert.ok(resumedEvents > 0 && resumedEvents < total, line);
});
