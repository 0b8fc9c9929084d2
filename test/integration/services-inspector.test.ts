/**
 * `<service type="inspector">` (Inspector v2). moto's inspector2 ListFindings answers canned
 * result lists (one per distinct request, no filtering, no pagination), so the Wazuh message
 * shape and the run-after-run state are tested against moto, and the updatedAt filter, the
 * pagination and the resumption of an interrupted scan against a small local ListFindings server
 * that filters and pages like the real API; STS is moto in both.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileDiscardRegex } from '../../src/config/discard-regex.ts';
import type { EventBatch, PipelineStage } from '../../src/core/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { runOnce, tempStore } from '../helpers/collect.ts';
import { motoService, queueInspectorFindings, serviceBlock } from '../helpers/moto-services.ts';

const ACCOUNT = '123456789012';

/** A finding as the Inspector API sends it (timestamps in epoch seconds). */
function finding(n: number, updatedAt: number, severity = 'HIGH'): Record<string, unknown> {
  return {
    awsAccountId: ACCOUNT,
    description: `CVE-2026-000${n} in openssl`,
    findingArn: `arn:aws:inspector2:ap-northeast-2:${ACCOUNT}:finding/f${n}`,
    firstObservedAt: 1764000000.123,
    lastObservedAt: 1764000100,
    packageVulnerabilityDetails: {
      vulnerabilityId: `CVE-2026-000${n}`, source: 'NVD', vendorCreatedAt: 1700000000,
      vulnerablePackages: [{ name: 'openssl', version: '3.0.1' }],
    },
    remediation: { recommendation: { text: 'Upgrade openssl' } },
    resources: [{ id: 'i-0abc', type: 'AWS_EC2_INSTANCE', region: 'ap-northeast-2', partition: 'aws' }],
    severity,
    status: 'ACTIVE',
    title: `CVE-2026-000${n} - openssl`,
    type: 'PACKAGE_VULNERABILITY',
    updatedAt,
  };
}

/** The Wazuh message of `finding(n, updatedAt)`. */
function expectedMessage(n: number, updatedIso: string, severity = 'HIGH') {
  return {
    integration: 'aws',
    aws: {
      awsAccountId: ACCOUNT,
      description: `CVE-2026-000${n} in openssl`,
      findingArn: `arn:aws:inspector2:ap-northeast-2:${ACCOUNT}:finding/f${n}`,
      firstObservedAt: '2025-11-24 16:00:00.123000+00:00',
      lastObservedAt: '2025-11-24 16:01:40+00:00',
      packageVulnerabilityDetails: {
        vulnerabilityId: `CVE-2026-000${n}`, source: 'NVD', vendorCreatedAt: '2023-11-14 22:13:20+00:00',
        vulnerablePackages: [{ name: 'openssl', version: '3.0.1' }],
      },
      remediation: { recommendation: { text: 'Upgrade openssl' } },
      resources: [{ id: 'i-0abc', type: 'AWS_EC2_INSTANCE', region: 'ap-northeast-2', partition: 'aws' }],
      severity,
      status: 'ACTIVE',
      title: `CVE-2026-000${n} - openssl`,
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: updatedIso,
      source: 'inspector2',
    },
  };
}

async function messages(store: Awaited<ReturnType<typeof tempStore>>['store']): Promise<unknown[]> {
  const rows = await store.query('SELECT id FROM events ORDER BY id');
  return (await store.readMessages(rows.map((r) => Number(r.id)))).map((m) => JSON.parse(m!) as unknown);
}

test('Inspector (moto): findings in the Wazuh shape, each run reads what was updated since the last scan', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const region = 'ap-northeast-2';
  await queueInspectorFindings(endpoint, region, [[finding(1, 1764003600), finding(2, 1764003600, 'LOW')], [finding(3, 1764003600)]], ACCOUNT);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = serviceBlock([motoService(endpoint, 'inspector', { regions: [region], onlyLogsAfter: '2025-11-01' })], false);

  const first = await runOnce(store, wodle);
  assert.deepEqual([first.stats.events, first.stats.errors, first.failed], [2, 0, false]);
  assert.deepEqual(await messages(store), [expectedMessage(1, '2025-11-24T17:00:00Z'), expectedMessage(2, '2025-11-24T17:00:00Z', 'LOW')]);
  assert.deepEqual(await store.query(`SELECT epoch_ms(ts) AS ts, source, account_id, region, bucket, log_key, event_name, action FROM events_v ORDER BY id`), [
    { ts: 1764003600000, source: 'inspector2', account_id: ACCOUNT, region, bucket: 'inspector', log_key: region, event_name: 'PACKAGE_VULNERABILITY', action: 'HIGH' },
    { ts: 1764003600000, source: 'inspector2', account_id: ACCOUNT, region, bucket: 'inspector', log_key: region, event_name: 'PACKAGE_VULNERABILITY', action: 'LOW' },
  ]);
  const [position] = await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions WHERE service = 'inspector'`);
  const lastScan = (JSON.parse(String(position!.p)) as { lastScan: string; pending?: unknown });
  assert.equal(lastScan.pending, undefined);
  assert.ok(Date.parse(lastScan.lastScan) <= Date.now());

  // moto answers the next canned list to the next (different) window.
  const second = await runOnce(store, wodle);
  assert.deepEqual([second.stats.events, second.failed], [1, false]);
  assert.deepEqual((await messages(store))[2], expectedMessage(3, '2025-11-24T17:00:00Z'));
  const third = await runOnce(store, wodle);
  assert.deepEqual([third.stats.events, third.failed], [0, false]);
  // A scan without findings moves the position on without an empty objects row.
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM objects'), [{ n: 2 }]);
  const [moved] = await store.query(`SELECT CAST(position AS VARCHAR) AS p FROM service_positions WHERE service = 'inspector'`);
  assert.ok(Date.parse((JSON.parse(String(moved!.p)) as { lastScan: string }).lastScan) > Date.parse(lastScan.lastScan));
});

/** A ListFindings endpoint that filters by updatedAt and pages by `pageSize`, failing requests `failOn` picks. */
async function findingsServer(t: TestContext, all: Record<string, unknown>[], pageSize: number) {
  const requests: { filterCriteria: { updatedAt: { startInclusive: number; endInclusive: number }[] }; maxResults: number; nextToken?: string }[] = [];
  let failOn: ((index: number) => boolean) | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      const input = JSON.parse(body) as (typeof requests)[number];
      requests.push(input);
      if (req.url !== '/findings/list' || failOn?.(requests.length - 1)) {
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' });
        res.end(JSON.stringify({ message: 'rejected by the test server' }));
        return;
      }
      const [range] = input.filterCriteria.updatedAt;
      const matching = all.filter((f) => (f.updatedAt as number) >= range!.startInclusive && (f.updatedAt as number) <= range!.endInclusive);
      const at = Number(input.nextToken ?? 0);
      const page = matching.slice(at, at + pageSize);
      const next = at + pageSize < matching.length ? String(at + pageSize) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ findings: page, ...(next ? { nextToken: next } : {}) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fail(pick: ((index: number) => boolean) | undefined) { failOn = pick; },
  };
}

test('Inspector: the updatedAt window starts after the last scan, every page is read, an interrupted scan is repeated with its window', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const region = 'ap-northeast-2';
  const day = Date.parse('2025-11-24T00:00:00Z') / 1000;
  const all = [finding(1, day + 10), finding(2, day + 20), finding(3, day + 30, 'LOW'), finding(4, day + 40)];
  const api = await findingsServer(t, all, 1);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const regex = compileDiscardRegex('LOW');
  assert.ok(regex.ok);
  const wodle = serviceBlock([motoService(endpoint, 'inspector', {
    regions: [region], onlyLogsAfter: '2025-11-24', serviceEndpoint: api.endpoint, discardRegex: { field: 'severity', pattern: 'LOW', regex: regex.value },
  })], false);

  const t1 = new Date((day + 25) * 1000);
  const first = await runOnce(store, wodle, { now: () => t1 });
  assert.deepEqual([first.stats.events, first.failed], [2, false]);
  assert.deepEqual(api.requests.map((r) => [r.maxResults, r.nextToken, r.filterCriteria.updatedAt]), [
    [100, undefined, [{ startInclusive: day, endInclusive: day + 25 }]],
    [100, '1', [{ startInclusive: day, endInclusive: day + 25 }]],
  ]);

  // The second page fails: nothing of the window is stored, and the window is kept pending.
  api.fail((i) => i === 3);
  const t2 = new Date((day + 50) * 1000);
  const failed = await runOnce(store, wodle, { now: () => t2 });
  assert.equal(failed.failed, true);
  assert.match(failed.stats.failures[0]!, /^SOURCE_REQUEST_FAILED: region 'ap-northeast-2': inspector2:ListFindings: the request failed \(ValidationException \(HTTP 400\)/);
  api.fail(undefined);
  const t3 = new Date((day + 90) * 1000);
  const resumed = await runOnce(store, wodle, { now: () => t3 });
  assert.deepEqual([resumed.stats.events, resumed.failed], [1, false]);
  const window2 = [{ startInclusive: day + 25.001, endInclusive: day + 50 }];
  assert.deepEqual(api.requests.slice(2).map((r) => [r.nextToken, r.filterCriteria.updatedAt]), [
    [undefined, window2], ['1', window2], [undefined, window2], ['1', window2],
  ]);
  assert.deepEqual((await messages(store)).map((m) => (m as { aws: { findingArn: string } }).aws.findingArn.slice(-2)), ['f1', 'f2', 'f4']);

  // The next window starts after the resumed one.
  await runOnce(store, wodle, { now: () => new Date((day + 100) * 1000) });
  assert.deepEqual(api.requests.at(-1)!.filterCriteria.updatedAt, [{ startInclusive: day + 50.001, endInclusive: day + 100 }]);
  assert.equal(await store.countEvents(), 3);
});

test('Inspector: a scan stopped part-way (SIGTERM) stores and counts nothing of its window; the next run reads the window whole', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const day = Date.parse('2025-11-24T00:00:00Z') / 1000;
  const api = await findingsServer(t, [finding(1, day + 10), finding(2, day + 20), finding(3, day + 30)], 1);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = serviceBlock([motoService(endpoint, 'inspector', { regions: ['ap-northeast-2'], onlyLogsAfter: '2025-11-24', serviceEndpoint: api.endpoint })], false);
  const now = () => new Date((day + 60) * 1000);
  // SIGTERM arrives while the first page goes through the pipeline.
  const controller = new AbortController();
  const sigterm: PipelineStage = { name: 'sigterm', process: (_batch: EventBatch) => controller.abort() };
  const stopped = await runOnce(store, wodle, { now, pipeline: createPipeline([sigterm]), signal: controller.signal });
  assert.deepEqual([stopped.stats.events, stopped.stats.objects, stopped.failed], [0, 0, false]);
  assert.equal(await store.countEvents(), 0);
  const rest = await runOnce(store, wodle, { now });
  assert.deepEqual([rest.stats.events, rest.stats.objects], [3, 1]);
  assert.equal(await store.countEvents(), 3);
});

test('Inspector: --reparse replaces the findings stored before, also by none when the window has none', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const day = Date.parse('2025-11-24T00:00:00Z') / 1000;
  const all = [finding(1, day + 10), finding(2, day + 20)];
  const api = await findingsServer(t, all, 10);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = serviceBlock([motoService(endpoint, 'inspector', { regions: ['ap-northeast-2'], onlyLogsAfter: '2025-11-24', serviceEndpoint: api.endpoint })], false);
  const now = () => new Date((day + 60) * 1000);
  assert.equal((await runOnce(store, wodle, { now })).stats.events, 2);
  // Reparsed with one finding left: the two stored before are replaced by it.
  all.splice(1);
  const once = await runOnce(store, wodle, { now, reparse: true });
  assert.deepEqual([once.stats.events, once.failed], [1, false]);
  assert.deepEqual((await messages(store)).map((m) => (m as { aws: { findingArn: string } }).aws.findingArn.slice(-2)), ['f1']);
  // Reparsed with none left: nothing of the region stays.
  all.splice(0);
  const none = await runOnce(store, wodle, { now, reparse: true });
  assert.deepEqual([none.stats.events, none.failed], [0, false]);
  assert.equal(await store.countEvents(), 0);
});
